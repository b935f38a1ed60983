import { createDocumentClient, type DynamoDbConnection, ViewStore } from '@partnership-hub/store';
import type { ProjectorDeps } from './projector.ts';

export interface ProjectorConfig {
  tableName: string;
  dynamoDb?: DynamoDbConnection;
}

export function projectorConfigFromEnv(env: NodeJS.ProcessEnv): ProjectorConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('The environment variable TABLE_NAME must be set');
  return { tableName };
}

export function wireProjector(config: ProjectorConfig): ProjectorDeps {
  return { views: new ViewStore(createDocumentClient(config.dynamoDb), config.tableName) };
}
