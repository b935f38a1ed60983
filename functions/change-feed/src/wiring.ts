import { createDocumentClient, DynamoDbChangeFeed, type DynamoDbConnection, DynamoDbEventLog } from '@partnership-hub/store';
import type { ChangeFeedDeps } from './change-feed.ts';

export interface ChangeFeedConfig {
  tableName: string;
  dynamoDb?: DynamoDbConnection;
}

/** Builds the appender's adapters once per process. */
export function wireChangeFeed(config: ChangeFeedConfig): ChangeFeedDeps {
  const documents = createDocumentClient(config.dynamoDb);
  return { feed: new DynamoDbChangeFeed(documents, config.tableName), eventLog: new DynamoDbEventLog(documents, config.tableName) };
}
