import { toViewRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import { type ApiKeyRecord, InMemoryApiKeyStore, InMemoryChangeFeed, InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';
import { AREA, CSP, OCCURRED_AT } from './events.ts';

export interface InMemoryStores {
  eventLog: InMemoryEventLog;
  views: InMemoryViewStore;
  apiKeys: InMemoryApiKeyStore;
  changeFeed: InMemoryChangeFeed;
}

export interface StoreSeed {
  /** What happened before the test: appended to the log, published, and projected into the views. */
  history?: HubEvent[];
  /** Events appended to the log but never published: they wait in the outbox. */
  outbox?: HubEvent[];
  apiKeys?: ApiKeyRecord[];
}

/** A fresh set of in-memory stores, holding what the seed says. */
export async function inMemoryStores(seed: StoreSeed = {}): Promise<InMemoryStores> {
  const stores: InMemoryStores = {
    eventLog: new InMemoryEventLog(),
    views: new InMemoryViewStore(),
    apiKeys: new InMemoryApiKeyStore(),
    changeFeed: new InMemoryChangeFeed(),
  };
  for (const event of seed.history ?? []) {
    await stores.eventLog.append(event);
    await stores.eventLog.markPublished(event);
    await stores.views.put(toViewRecord(event));
  }
  for (const event of seed.outbox ?? []) await stores.eventLog.append(event);
  for (const record of seed.apiKeys ?? []) await stores.apiKeys.put(record);
  return stores;
}

/** An API key of the Safer Rotherham Partnership as the store keeps it (its hash, never the key). */
export function apiKeyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return { keyHash: 'a'.repeat(64), keyId: 'key-1', areaId: AREA, organisationId: CSP, createdAt: OCCURRED_AT, ...overrides };
}
