import { createEventBridgeClient, type EventBridgeConnection, EventPublisher } from '@partnership-hub/publisher';
import { createDocumentClient, type DynamoDbConnection, DynamoDbEventLog } from '@partnership-hub/store';
import type { RepublisherDeps } from './republisher.ts';

export interface RepublisherConfig {
  tableName: string;
  busName: string;
  minAgeMs?: number;
  dynamoDb?: DynamoDbConnection;
  eventBridge?: EventBridgeConnection;
}

export function wireRepublisher(config: RepublisherConfig): RepublisherDeps {
  return {
    eventLog: new DynamoDbEventLog(createDocumentClient(config.dynamoDb), config.tableName),
    publisher: new EventPublisher(createEventBridgeClient(config.eventBridge), config.busName),
    clock: () => new Date(),
    minAgeMs: config.minAgeMs ?? 30_000,
  };
}
