import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EndpointPolicy, Resolve } from './addresses.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { DynamoDbDeliveryStore } from './delivery-store.ts';
import type { DeliveryStore, SubscriptionStore } from './stores.ts';
import { DEFAULT_RESEND_INTERVAL_MS } from './subscription-rules.ts';
import { DynamoDbSubscriptionStore } from './subscription-store.ts';
import { type Generators, randomGenerators } from './tokens.ts';

/** What the subscriptions API needs: the stores, where first deliveries are queued, the webhook address policy and the rules' settings. */
export interface SubscriptionServices {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  endpointPolicy: EndpointPolicy;
  /** How soon an owner may have a verification or confirmation sent again. */
  resendIntervalMs: number;
  generate: Generators;
}

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
    subscriptions: new DynamoDbSubscriptionStore(documents, tableName),
    deliveries: new DynamoDbDeliveryStore(documents, tableName),
    queue: config.queue,
    endpointPolicy: { allowLoopback: config.allowLoopbackWebhooks, ...(config.resolve ? { resolve: config.resolve } : {}) },
    resendIntervalMs: config.resendIntervalMs ?? DEFAULT_RESEND_INTERVAL_MS,
    generate: randomGenerators,
  };
}

/** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1` and nothing else turns it on. */
export const loopbackAllowed = (env: NodeJS.ProcessEnv) => env.HUB_ALLOW_LOOPBACK_WEBHOOKS === '1';
