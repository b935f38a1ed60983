import type { ApiKeyStore, EventLog, ViewStore } from '@partnership-hub/store';
import type { EventPublisher } from '@partnership-hub/publisher';

export interface Logger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** Everything the API needs from outside, injected by the wiring (Lambda or the local run). */
export interface ApiDeps {
  eventLog: EventLog;
  views: ViewStore;
  apiKeys: ApiKeyStore;
  publisher: EventPublisher;
  /** SHA-256 (hex) of the administrator's key. */
  adminKeyHash: string;
  clock: () => Date;
  newEventId: () => string;
  newApiKey: () => string;
  logger: Logger;
}
