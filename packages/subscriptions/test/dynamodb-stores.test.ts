import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmbeddedDynamoDb, ensureTable } from '@partnership-hub/local-aws';
import { createDocumentClient, hubTableCreateInput } from '@partnership-hub/store';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbDeliveryStore, DynamoDbSubscriptionStore } from '../src/index.ts';
import { describeDeliveryStoreContract, describeSubscriptionStoreContract } from './contract/stores.contract.ts';

/** The DynamoDB adapters against a real DynamoDB API (dynalite, in memory), each test with a table of its own. */
let database: EmbeddedDynamoDb;
let setup: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  database = new EmbeddedDynamoDb();
  const { endpoint } = await database.start();
  const connection = { endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  setup = new DynamoDBClient(connection);
  documents = createDocumentClient(connection);
});

afterAll(async () => {
  setup?.destroy();
  documents?.destroy();
  await database?.stop();
});

async function freshTable(): Promise<string> {
  const name = `subscriptions-${++tables}`;
  await ensureTable(setup, hubTableCreateInput(name));
  return name;
}

describeSubscriptionStoreContract('DynamoDbSubscriptionStore', async () => new DynamoDbSubscriptionStore(documents, await freshTable()));
describeDeliveryStoreContract('DynamoDbDeliveryStore', async () => new DynamoDbDeliveryStore(documents, await freshTable()));
