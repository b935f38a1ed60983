import type { ApiKeyStore, ChangeFeed, EventLog, ViewStore } from '@partnership-hub/store';
import type { SubscriptionServices } from '@partnership-hub/subscriptions';
import type { SubscriptionStore } from '@partnership-hub/subscriptions/links';

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
  /** SHA-256 (hex) of the administrator's key. */
  adminKeyHash: string;
  clock: () => Date;
  newEventId: () => string;
  newApiKey: () => string;
  logger: Logger;
  /** Each area's change feed (GET /v1/areas/{areaId}/changes); the wiring always sets it, unit tests of other routes may leave it out. */
  changeFeed?: ChangeFeed;
  /** Signs the browser pages' session cookies. Without it the pages are public only and signing in is off. */
  sessionSecret?: string;
  /** Where govuk-frontend's compiled CSS (govuk-frontend.min.css) is, for the pages' stylesheet. */
  assetsDir?: string;
  /** Subscriptions to change notifications (/v1/subscriptions). Without it those routes are not served. */
  subscriptions?: SubscriptionServices;
  /**
   * The subscriptions alone, for the links in emails (confirm, unsubscribe): the pages' function
   * serves those with this store and none of the other services. Where `subscriptions` is set,
   * its store serves them.
   */
  subscriptionStore?: SubscriptionStore;
}
