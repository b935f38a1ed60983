import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EndpointPolicy, Resolve } from './addresses.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { DeliveryStore } from './delivery-store.ts';
import { SubscriptionStore } from './subscription-store.ts';

/** What the subscriptions API needs: the stores, where first deliveries are queued, and the webhook address policy. */
export interface SubscriptionServices {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  endpointPolicy: EndpointPolicy;
  /** How soon an owner may have a verification or confirmation sent again. */
  resendIntervalMs: number;
}

/** Once a minute at most: an address must not become a target for mail bombing. */
export const DEFAULT_RESEND_INTERVAL_MS = 60_000;

export interface SubscriptionsConfig {
  /** Where the verification and confirmation deliveries wait for the worker (SQS in AWS, the table locally). */
  queue: DeliveryQueue;
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1`: local development only. */
  allowLoopbackWebhooks: boolean;
  /** Tests inject a resolver; otherwise the system's DNS. */
  resolve?: Resolve;
  /** Tests shorten it; otherwise DEFAULT_RESEND_INTERVAL_MS. */
  resendIntervalMs?: number;
}

export function wireSubscriptionServices(
  documents: DynamoDBDocumentClient,
  tableName: string,
  config: SubscriptionsConfig,
): SubscriptionServices {
  return {
    subscriptions: new SubscriptionStore(documents, tableName),
    deliveries: new DeliveryStore(documents, tableName),
    queue: config.queue,
    endpointPolicy: { allowLoopback: config.allowLoopbackWebhooks, ...(config.resolve ? { resolve: config.resolve } : {}) },
    resendIntervalMs: config.resendIntervalMs ?? DEFAULT_RESEND_INTERVAL_MS,
  };
}

/** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1` and nothing else turns it on. */
export const loopbackAllowed = (env: NodeJS.ProcessEnv) => env.HUB_ALLOW_LOOPBACK_WEBHOOKS === '1';
