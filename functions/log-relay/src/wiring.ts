import { createEventBridgeClient, type EventBridgeConnection, EventPublisher } from '@partnership-hub/publisher';
import { createDocumentClient, type DynamoDbConnection, DynamoDbEventLog, type EventLog } from '@partnership-hub/store';

export interface RelayConfig {
  tableName: string;
  busName: string;
  dynamoDb?: DynamoDbConnection;
  eventBridge?: EventBridgeConnection;
}

/** The relay's adapters, built once per process: the log it reads and marks, and the bus it publishes to. */
export function wireRelay(config: RelayConfig): { eventLog: EventLog; publisher: EventPublisher } {
  return {
    eventLog: new DynamoDbEventLog(createDocumentClient(config.dynamoDb), config.tableName),
    publisher: new EventPublisher(createEventBridgeClient(config.eventBridge), config.busName),
  };
}
