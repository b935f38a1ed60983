import { Logger } from '@aws-lambda-powertools/logger';
import { createEventBridgeClient, type EventBridgeConnection, EventPublisher } from '@partnership-hub/publisher';
import { ApiKeyStore, ChangeFeed, createDocumentClient, type DynamoDbConnection, EventLog, ViewStore } from '@partnership-hub/store';
import type { SubscriptionsConfig, wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { monotonicFactory } from 'ulid';
import { newApiKey } from './auth.ts';
import type { ApiDeps, Logger as HubLogger } from './deps.ts';

export interface ApiConfig {
  tableName: string;
  busName: string;
  /** SHA-256 (hex) of the administrator's key. */
  adminKeyHash: string;
  dynamoDb?: DynamoDbConnection;
  eventBridge?: EventBridgeConnection;
  logger?: HubLogger;
  /** Signs the browser pages' session cookies (HUB_SESSION_SECRET); without it, signing in to the pages is off. */
  sessionSecret?: string;
  /** The folder holding govuk-frontend.min.css for the pages (HUB_ASSETS_DIR). */
  assetsDir?: string;
  /** Subscriptions to change notifications: where first deliveries are queued, and the webhook address policy. */
  subscriptions?: SubscriptionsConfig;
}

/** Reads the API's configuration from its environment (the Lambda function's, set by the stack). */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv): ApiConfig {
  return {
    tableName: required(env, 'TABLE_NAME'),
    busName: required(env, 'BUS_NAME'),
    adminKeyHash: required(env, 'HUB_ADMIN_KEY_HASH'),
    sessionSecret: env.HUB_SESSION_SECRET || undefined,
    assetsDir: env.HUB_ASSETS_DIR || undefined,
  };
}

/**
 * Builds the API's adapters once per process. The subscriptions' services (and their webhook
 * libraries) are wired only by an entry that serves the subscription routes, which passes
 * `wireSubscriptions`: the feeds' and pages' bundles then carry none of it.
 */
export function wireApi(config: ApiConfig, wireSubscriptions?: typeof wireSubscriptionServices): ApiDeps {
  const documents = createDocumentClient(config.dynamoDb);
  return {
    eventLog: new EventLog(documents, config.tableName),
    views: new ViewStore(documents, config.tableName),
    apiKeys: new ApiKeyStore(documents, config.tableName),
    changeFeed: new ChangeFeed(documents, config.tableName),
    publisher: new EventPublisher(createEventBridgeClient(config.eventBridge), config.busName),
    adminKeyHash: config.adminKeyHash,
    clock: () => new Date(),
    // Monotonic ULIDs: sortable by time, and strictly increasing within this process.
    newEventId: monotonicFactory(),
    newApiKey,
    logger: config.logger ?? new Logger({ serviceName: 'partnership-hub-api' }),
    sessionSecret: config.sessionSecret,
    assetsDir: config.assetsDir,
    subscriptions:
      config.subscriptions && wireSubscriptions ? wireSubscriptions(documents, config.tableName, config.subscriptions) : undefined,
  };
}

export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`The environment variable ${name} must be set`);
  return value;
}
