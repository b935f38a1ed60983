import { buildJointView, toViewRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import type { EventPublisher } from '@partnership-hub/publisher';
import { InMemoryApiKeyStore, InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';
import { vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';

/**
 * The whole app over fresh in-memory stores, with a publisher that accepts everything and a fixed
 * clock: for tests of what the HTTP edge accepts and refuses. The event log and the views are
 * handed back so a test can see what was (or was not) recorded, and project what it needs.
 *
 * With `project`, the publisher also folds each event into the views and rebuilds the area's
 * joint view, as the projector would: for tests of what the reads answer after writes through the
 * API, without starting a hub.
 */
export function inMemoryApp(adminKey: string, options: { project?: boolean } = {}) {
  let sequence = 0;
  const eventLog = new InMemoryEventLog();
  const views = new InMemoryViewStore();
  const project = async (events: HubEvent[]) => {
    for (const event of events) {
      await views.put(toViewRecord(event));
      const revision = await views.nextJointRevision(event.detail.areaId);
      const records = await views.list(event.detail.areaId);
      for (const audience of ['public', 'partners'] as const)
        await views.putJointView(
          event.detail.areaId,
          audience,
          revision,
          JSON.stringify(buildJointView(event.detail.areaId, records, audience)),
        );
    }
    return { published: events, failed: [] };
  };
  const deps: ApiDeps = {
    eventLog,
    views,
    apiKeys: new InMemoryApiKeyStore(),
    publisher: { publish: options.project ? project : async () => ({ failed: [] }) } as unknown as EventPublisher,
    adminKeyHash: hashKey(adminKey),
    clock: () => new Date('2026-03-01T09:00:00.000Z'),
    newEventId: () => `01JEVENT${String(++sequence).padStart(6, '0')}`,
    newApiKey: () => `phk_test-key-${sequence}`,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  };
  return { app: createApp(deps, allRoutes), eventLog, views };
}
