import { buildJointView, toViewRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import { InMemoryApiKeyStore, InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';
import { vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';

/** An in-memory log that runs a step after each append, as the relay and the projector do in the hub. */
class FollowedEventLog extends InMemoryEventLog {
  constructor(private readonly afterAppend: (event: HubEvent) => Promise<void>) {
    super();
  }

  override async append(event: HubEvent): Promise<void> {
    await super.append(event);
    await this.afterAppend(event);
  }
}

/**
 * The whole app over fresh in-memory stores, with a fixed clock: for tests of what the HTTP edge
 * accepts and refuses. The event log and the views are handed back so a test can see what was (or
 * was not) recorded, and project what it needs.
 *
 * With `project`, each appended event is also folded into the views and the area's joint view is
 * rebuilt, as the projector would: for tests of what the reads answer after writes through the
 * API, without starting a hub.
 */
export function inMemoryApp(adminKey: string, options: { project?: boolean } = {}) {
  let sequence = 0;
  const views = new InMemoryViewStore();
  const project = async (event: HubEvent) => {
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
  };
  const eventLog = options.project ? new FollowedEventLog(project) : new InMemoryEventLog();
  const deps: ApiDeps = {
    eventLog,
    views,
    apiKeys: new InMemoryApiKeyStore(),
    adminKeyHash: hashKey(adminKey),
    clock: () => new Date('2026-03-01T09:00:00.000Z'),
    newEventId: () => `01JEVENT${String(++sequence).padStart(6, '0')}`,
    newApiKey: () => `phk_test-key-${sequence}`,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  };
  return { app: createApp(deps, allRoutes), eventLog, views };
}
