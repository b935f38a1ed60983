import type { LinkableRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import type { DeliveryQueue, DeliveryStore, EmailLinks, SendEmail, SendWebhook, SubscriptionStore } from '@partnership-hub/subscriptions';

export interface Logger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** What the notifier (event → deliveries) needs. */
export interface NotifierDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  /** Where the browser pages are, for the link in every notification. */
  publicBaseUrl: () => string;
  /**
   * The area's priority and plan records, whatever their visibility: a public subscriber is sent a
   * change's links to priorities and plans only where it may see the one linked to.
   */
  linkable: (areaId: string) => Promise<LinkableRecord[]>;
  /**
   * The version of a change's subject before it (from the log), if there is one: a public
   * subscriber is told which fields changed as the public sees them, and nothing at all when only
   * what the public may not see changed (a restricted agenda item, a link to a partners-only priority).
   */
  previousVersion: (event: HubEvent) => Promise<HubEvent | undefined>;
  /** Whether a body's key still works: a partners subscription made with a key hears nothing while it is revoked. */
  keyStatus: (areaId: string, organisationId: string, keyId: string) => Promise<'active' | 'revoked' | 'unknown'>;
  /** The area's name and its bodies' names, so that alerts say who changed what in words, not ids. */
  names: (areaId: string) => Promise<{ area: string | undefined; bodies: ReadonlyMap<string, string> }>;
  clock: () => Date;
  logger: Logger;
}

/** What the delivery worker (deliveries → webhooks and emails) needs. */
export interface DeliveryWorkerDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  sendWebhook: SendWebhook;
  sendEmail: SendEmail;
  /** As the notifier's: a change or digest for a subscription made with a key now revoked is dropped, not sent. */
  keyStatus: NotifierDeps['keyStatus'];
  /** The waits before the 2nd, 3rd... attempts (`HUB_WEBHOOK_RETRY_DELAYS`). */
  retryDelaysMs: readonly number[];
  links: () => EmailLinks;
  clock: () => Date;
  random: () => number;
  logger: Logger;
}
