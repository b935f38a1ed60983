import { Logger } from '@aws-lambda-powertools/logger';
import { monotonicFactory } from 'ulid';
import { ApiKeyStore, createDocumentClient, EventLog, ViewStore, type DynamoDbConnection } from '@partnership-hub/store';
import { createEventBridgeClient, EventPublisher, type EventBridgeConnection } from '@partnership-hub/publisher';
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
}

/** Reads the API's configuration from its environment (the Lambda function's, set by the stack). */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv): ApiConfig {
  return { tableName: required(env, 'TABLE_NAME'), busName: required(env, 'BUS_NAME'), adminKeyHash: required(env, 'HUB_ADMIN_KEY_HASH') };
}

/** Builds the API's adapters once per process. */
export function wireApi(config: ApiConfig): ApiDeps {
  const documents = createDocumentClient(config.dynamoDb);
  return {
    eventLog: new EventLog(documents, config.tableName),
    views: new ViewStore(documents, config.tableName),
    apiKeys: new ApiKeyStore(documents, config.tableName),
    publisher: new EventPublisher(createEventBridgeClient(config.eventBridge), config.busName),
    adminKeyHash: config.adminKeyHash,
    clock: () => new Date(),
    // Monotonic ULIDs: sortable by time, and strictly increasing within this process.
    newEventId: monotonicFactory(),
    newApiKey,
    logger: config.logger ?? new Logger({ serviceName: 'partnership-hub-api' }),
  };
}

export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`The environment variable ${name} must be set`);
  return value;
}
