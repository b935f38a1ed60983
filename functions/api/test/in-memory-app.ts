import { InMemoryApiKeyStore, InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';
import { vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';

/**
 * The whole app over fresh in-memory stores, with a fixed clock: for tests of what the HTTP edge
 * accepts and refuses. The event log is handed back so a test can see what was (or was not) recorded.
 */
export function inMemoryApp(adminKey: string) {
  let sequence = 0;
  const eventLog = new InMemoryEventLog();
  const deps: ApiDeps = {
    eventLog,
    views: new InMemoryViewStore(),
    apiKeys: new InMemoryApiKeyStore(),
    adminKeyHash: hashKey(adminKey),
    clock: () => new Date('2026-03-01T09:00:00.000Z'),
    newEventId: () => `01JEVENT${String(++sequence).padStart(6, '0')}`,
    newApiKey: () => `phk_test-key-${sequence}`,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  };
  return { app: createApp(deps, allRoutes), eventLog };
}
