import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where DynamoDB is: in Lambda, all defaults; in the local run, the embedded server's endpoint. */
export type DynamoDbConnection = Pick<DynamoDBClientConfig, 'endpoint' | 'region' | 'credentials' | 'maxAttempts' | 'signer'>;

/** One document client per process: create it once in a handler's wiring, never per request. */
export function createDocumentClient(connection: DynamoDbConnection = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(connection), { marshallOptions: { removeUndefinedValues: true } });
}
