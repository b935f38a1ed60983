import { createDocumentClient, type DynamoDbConnection, DynamoDbViewStore } from '@partnership-hub/store';
import type { ProjectorDeps } from './projector.ts';

export interface ProjectorConfig {
  tableName: string;
  dynamoDb?: DynamoDbConnection;
}

export function wireProjector(config: ProjectorConfig): ProjectorDeps {
  return { views: new DynamoDbViewStore(createDocumentClient(config.dynamoDb), config.tableName), clock: () => new Date() };
}
