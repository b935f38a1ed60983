import { type ApiDeps, allRoutes, createApp, hashKey } from '@partnership-hub/api';
import { toViewRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import { InMemoryApiKeyStore, InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';

/** An in-memory log that projects each event as it is appended, so reads see every write at once. */
class ProjectedEventLog extends InMemoryEventLog {
  /** How many events were appended: a seed that has nothing to add appends none. */
  appended = 0;

  constructor(private readonly views: InMemoryViewStore) {
    super();
  }

  override async append(event: HubEvent): Promise<void> {
    await super.append(event);
    this.appended++;
    await this.views.put(toViewRecord(event));
  }
}

export interface SeedApp {
  adminKey: string;
  deps: ApiDeps & { eventLog: { appended: number } };
  /** The app's own request path: what the seed loader calls, and what a test reads back through. */
  fetch: (path: string, init?: RequestInit) => Response | Promise<Response>;
}

/**
 * The hub's app over fresh in-memory stores, projected as each event is appended, with the clock at
 * 09:00 UTC on 30 November 2026: for loading a seed through the hub's own API and reading it back
 * without starting a hub.
 */
export function seedApp(adminKey = 'seed-test-admin-key'): SeedApp {
  const views = new InMemoryViewStore();
  let sequence = 0;
  const deps = {
    eventLog: new ProjectedEventLog(views),
    views,
    apiKeys: new InMemoryApiKeyStore(),
    adminKeyHash: hashKey(adminKey),
    clock: () => new Date('2026-11-30T09:00:00.000Z'),
    newEventId: () => `01JSEEDEVENT${String(++sequence).padStart(8, '0')}`,
    newApiKey: () => `phk_seed-test-${++sequence}`,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  };
  const app = createApp(deps, allRoutes);
  return { adminKey, deps, fetch: (path, init) => app.request(path, init) };
}
