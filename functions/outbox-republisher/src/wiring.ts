import { createEventBridgeClient, type EventBridgeConnection, EventPublisher } from '@partnership-hub/publisher';
import { createDocumentClient, type DynamoDbConnection, EventLog } from '@partnership-hub/store';
import type { RepublisherDeps } from './republisher.ts';

export interface RepublisherConfig {
  tableName: string;
  busName: string;
  minAgeMs?: number;
  dynamoDb?: DynamoDbConnection;
  eventBridge?: EventBridgeConnection;
}

export function republisherConfigFromEnv(env: NodeJS.ProcessEnv): RepublisherConfig {
  const { TABLE_NAME: tableName, BUS_NAME: busName } = env;
  if (!tableName || !busName) throw new Error('The environment variables TABLE_NAME and BUS_NAME must be set');
  return { tableName, busName };
}

export function wireRepublisher(config: RepublisherConfig): RepublisherDeps {
  return {
    eventLog: new EventLog(createDocumentClient(config.dynamoDb), config.tableName),
    publisher: new EventPublisher(createEventBridgeClient(config.eventBridge), config.busName),
    clock: () => new Date(),
    minAgeMs: config.minAgeMs ?? 30_000,
  };
}
