import type { KnipConfig } from 'knip';

// Unused files, exports and types, unused or missing dependencies, unknown binaries and unresolved
// imports all fail `npm test` (npm run lint:knip). Duplicate exports and enum members are warnings.

/**
 * Declared ahead of its first imports: every workspace with tests depends on @partnership-hub/testing
 * while the tests move to its builders. Remove this once knip hints "Remove from ignoreDependencies".
 */
const DECLARED_AHEAD = ['@partnership-hub/testing'];

/** What each Lambda function runs: infra/src/aws/bundling.ts hands these to esbuild by path, so no import reaches them. */
const lambdaEntries = (...entries: string[]) => ({ entry: entries });

const config: KnipConfig = {
  rules: {
    enumMembers: 'warn',
    duplicates: 'warn',
  },
  ignoreDependencies: DECLARED_AHEAD,
  workspaces: {
    '.': {
      entry: ['scripts/*.ts'],
      project: ['scripts/**/*.ts'],
      // tsconfig.base.json names hono/jsx as the JSX import source for every workspace that extends it;
      // only functions/api has JSX, and it declares hono.
      ignoreDependencies: ['hono'],
    },
    events: {
      entry: ['scripts/*.ts'],
    },
    'functions/api': lambdaEntries('src/lambda*.ts', 'scripts/*.ts'),
    'functions/notifier': lambdaEntries('src/lambda.ts', 'src/*-lambda.ts'),
    'functions/log-relay': lambdaEntries('src/*-lambda.ts'),
    'functions/*': lambdaEntries('src/lambda.ts'),
    infra: {
      // The CDK's NodejsFunction bundles the handlers with the esbuild installed here; the bundle test imports it too.
      entry: ['src/aws/app.ts'],
    },
    bench: {
      // The sections are imported dynamically by run.ts; fixtures/ are handed to esbuild by path (sections/cold-start.ts).
      entry: ['sections/*.ts', 'fixtures/*.ts'],
    },
    'packages/*': {},
  },
};

export default config;
