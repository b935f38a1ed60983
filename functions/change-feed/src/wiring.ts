import { ChangeFeed, createDocumentClient, type DynamoDbConnection, EventLog } from '@partnership-hub/store';
import type { ChangeFeedDeps } from './change-feed.ts';

export interface ChangeFeedConfig {
  tableName: string;
  dynamoDb?: DynamoDbConnection;
}

export function changeFeedConfigFromEnv(env: NodeJS.ProcessEnv): ChangeFeedConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('The environment variable TABLE_NAME must be set');
  return { tableName };
}

/** Builds the appender's adapters once per process. */
export function wireChangeFeed(config: ChangeFeedConfig): ChangeFeedDeps {
  const documents = createDocumentClient(config.dynamoDb);
  return { feed: new ChangeFeed(documents, config.tableName), eventLog: new EventLog(documents, config.tableName) };
}
