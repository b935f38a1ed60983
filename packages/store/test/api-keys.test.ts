import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeyStore, createDocumentClient, type ApiKeyRecord } from '../src/index.ts';

const TABLE = 'partnership-hub';
const ddb = mockClient(DynamoDBDocumentClient);
const apiKeys = new ApiKeyStore(createDocumentClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), TABLE);

const record: ApiKeyRecord = {
  keyHash: 'a'.repeat(64),
  keyId: 'key-1',
  areaId: 'south-yorkshire',
  organisationId: 'safer-rotherham-partnership',
  createdAt: '2026-01-01T09:00:00.000Z',
};

beforeEach(() => {
  ddb.reset();
});

describe('ApiKeyStore', () => {
  it('stores a key under its hash, never overwriting another key', async () => {
    ddb.on(PutCommand).resolves({});

    await apiKeys.put(record);

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: { pk: `KEY#${record.keyHash}`, sk: 'KEY', ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('refuses to store a second key with the same hash', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    await expect(apiKeys.put(record)).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('finds a key by its hash, without the storage keys', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `KEY#${record.keyHash}`, sk: 'KEY', ...record } });

    const found = await apiKeys.find(record.keyHash);

    expect(found).toEqual(record);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ pk: `KEY#${record.keyHash}`, sk: 'KEY' });
  });

  it('answers undefined for an unknown key', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await apiKeys.find('b'.repeat(64))).toBeUndefined();
  });
});
