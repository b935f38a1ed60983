import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{events,packages,functions,infra}/**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/cdk.out/**'],
    // Integration tests start embedded servers; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
