import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import {
  createDocumentClient,
  DynamoDbApiKeyStore,
  type DynamoDbConnection,
  DynamoDbEventLog,
  DynamoDbViewStore,
  subjectRef,
} from '@partnership-hub/store';
import {
  createWebhookSender,
  type DeliveryQueue,
  DynamoDbDeliveryStore,
  DynamoDbSubscriptionStore,
  type Resolve,
  type SendEmail,
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

/** Builds the adapters the notifier and the delivery worker share, once per process. */
export function wireNotifications(
  config: NotifierConfig,
  queue: DeliveryQueue,
  sendEmail: SendEmail,
): { notifier: NotifierDeps; worker: DeliveryWorkerDeps } {
  const documents = createDocumentClient(config.dynamoDb);
  const subscriptions = new DynamoDbSubscriptionStore(documents, config.tableName);
  const deliveries = new DynamoDbDeliveryStore(documents, config.tableName);
  const views = new DynamoDbViewStore(documents, config.tableName);
  const apiKeys = new DynamoDbApiKeyStore(documents, config.tableName);
  const eventLog = new DynamoDbEventLog(documents, config.tableName);
  const base = typeof config.publicBaseUrl === 'function' ? config.publicBaseUrl : () => config.publicBaseUrl as string;
  const logger = config.logger ?? new PowertoolsLogger({ serviceName: 'partnership-hub-notifier' });
  const clock = () => new Date();
  const keyStatus: NotifierDeps['keyStatus'] = (areaId, organisationId, keyId) => apiKeys.status(areaId, organisationId, keyId);
  return {
    notifier: {
      subscriptions,
      deliveries,
      queue,
      publicBaseUrl: base,
      linkable: async (areaId) => [
        ...(await views.list(areaId, { subjectType: 'priority' })),
        ...(await views.list(areaId, { subjectType: 'plan' })),
      ],
      previousVersion: async (event) =>
        event.detail.subject.version > 1 ? eventLog.get(subjectRef(event.detail), event.detail.subject.version - 1) : undefined,
      keyStatus,
      names: async (areaId) => {
        const [area, bodies] = await Promise.all([
          views.get(areaId, 'area', null, areaId),
          views.list(areaId, { subjectType: 'organisation' }),
        ]);
        return { area: area?.state.name, bodies: new Map(bodies.map((body) => [body.id, body.state.name])) };
      },
      clock,
      logger,
    },
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
      keyStatus,
      retryDelaysMs: config.retryDelaysMs,
      links: () => ({ apiBaseUrl: base() }),
      clock,
      random: Math.random,
      logger,
    },
  };
}
