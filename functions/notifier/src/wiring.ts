import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { createDocumentClient, type DynamoDbConnection } from '@partnership-hub/store';
import {
  createWebhookSender,
  type DeliveryQueue,
  DeliveryStore,
  loopbackAllowed,
  parseRetryDelays,
  type Resolve,
  type SendEmail,
  SubscriptionStore,
} from '@partnership-hub/subscriptions';
import type { DeliveryWorkerDeps, Logger, NotifierDeps } from './deps.ts';

export interface NotifierConfig {
  tableName: string;
  dynamoDb?: DynamoDbConnection;
  /** Where the browser pages are (links in notifications) and where the API is (links in emails). Locally known only once the server listens. */
  publicBaseUrl: string | (() => string);
  retryDelaysMs: readonly number[];
  allowLoopbackWebhooks: boolean;
  resolve?: Resolve;
  webhookTimeoutMs?: number;
  logger?: Logger;
}

/** Reads the settings every notifier handler shares from its environment (set by the stack). */
export function notifierConfigFromEnv(env: NodeJS.ProcessEnv): NotifierConfig {
  return {
    tableName: required(env, 'TABLE_NAME'),
    publicBaseUrl: required(env, 'HUB_PUBLIC_BASE_URL'),
    retryDelaysMs: parseRetryDelays(env.HUB_WEBHOOK_RETRY_DELAYS),
    allowLoopbackWebhooks: loopbackAllowed(env),
  };
}

export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`The environment variable ${name} must be set`);
  return value;
}

/** Builds the adapters the notifier and the delivery worker share, once per process. */
export function wireNotifications(
  config: NotifierConfig,
  queue: DeliveryQueue,
  sendEmail: SendEmail,
): { notifier: NotifierDeps; worker: DeliveryWorkerDeps } {
  const documents = createDocumentClient(config.dynamoDb);
  const subscriptions = new SubscriptionStore(documents, config.tableName);
  const deliveries = new DeliveryStore(documents, config.tableName);
  const base = typeof config.publicBaseUrl === 'function' ? config.publicBaseUrl : () => config.publicBaseUrl as string;
  const logger = config.logger ?? new PowertoolsLogger({ serviceName: 'partnership-hub-notifier' });
  const clock = () => new Date();
  return {
    notifier: { subscriptions, deliveries, queue, publicBaseUrl: base, clock, logger },
    worker: {
      subscriptions,
      deliveries,
      queue,
      sendWebhook: createWebhookSender({
        allowLoopback: config.allowLoopbackWebhooks,
        ...(config.resolve ? { resolve: config.resolve } : {}),
        ...(config.webhookTimeoutMs ? { timeoutMs: config.webhookTimeoutMs } : {}),
      }),
      sendEmail,
      retryDelaysMs: config.retryDelaysMs,
      links: () => ({ apiBaseUrl: base() }),
      clock,
      random: Math.random,
      logger,
    },
  };
}
