import { Logger } from '@aws-lambda-powertools/logger';
import {
  createDocumentClient,
  DynamoDbApiKeyStore,
  DynamoDbChangeFeed,
  type DynamoDbConnection,
  DynamoDbEventLog,
  DynamoDbViewStore,
} from '@partnership-hub/store';
import type { SubscriptionsConfig, wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { monotonicFactory } from 'ulid';
import { newApiKey } from './auth.ts';
import type { ApiDeps, Logger as HubLogger } from './deps.ts';
import type { ApiFeedsEnvironment, ApiPagesEnvironment } from './environment.ts';

export interface ApiConfig {
  tableName: string;
  /** SHA-256 (hex) of the administrator's key. */
  adminKeyHash: string;
  dynamoDb?: DynamoDbConnection;
  logger?: HubLogger;
  /** Signs the browser pages' session cookies (HUB_SESSION_SECRET); without it, signing in to the pages is off. */
  sessionSecret?: string;
  /** The folder holding govuk-frontend.min.css for the pages (HUB_ASSETS_DIR). */
  assetsDir?: string;
  /** Subscriptions to change notifications: where first deliveries are queued, and the webhook address policy. */
  subscriptions?: SubscriptionsConfig;
}

/**
 * The API's settings from its function's environment, parsed at cold start (environment.ts): the
 * pages' variables are there only in the pages function's.
 */
export function apiConfigFromEnvironment(environment: ApiFeedsEnvironment & Partial<ApiPagesEnvironment>): ApiConfig {
  return {
    tableName: environment.TABLE_NAME,
    adminKeyHash: environment.HUB_ADMIN_KEY_HASH,
    sessionSecret: environment.HUB_SESSION_SECRET,
    assetsDir: environment.HUB_ASSETS_DIR,
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
    eventLog: new DynamoDbEventLog(documents, config.tableName),
    views: new DynamoDbViewStore(documents, config.tableName),
    apiKeys: new DynamoDbApiKeyStore(documents, config.tableName),
    changeFeed: new DynamoDbChangeFeed(documents, config.tableName),
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
