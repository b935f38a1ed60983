import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiKeyRecord } from '@partnership-hub/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, DynamoDbApiKeyStore } from '../../src/index.ts';

/** How the DynamoDB key store talks to DynamoDB, and how it meets its faults; what any key store does is in ../contract. */
const TABLE = 'partnership-hub';
const ddb = mockClient(DynamoDBDocumentClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  ddb.restore();
});
const apiKeys = new DynamoDbApiKeyStore(
  createDocumentClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  TABLE,
);

const record = apiKeyRecord({ keyHash: 'a'.repeat(64), keyId: 'key-1', createdAt: '2026-01-01T09:00:00.000Z' });

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDbApiKeyStore', () => {
  it("stores a key in its organisation's register first, then under its hash, never overwriting another key", async () => {
    ddb.on(PutCommand).resolves({});

    await apiKeys.put(record);

    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TABLE,
        Item: { pk: 'KEYS#south-yorkshire#safer-rotherham-partnership', sk: 'KEY#key-1', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      { TableName: TABLE, Item: { pk: `KEY#${record.keyHash}`, sk: 'KEY', ...record }, ConditionExpression: 'attribute_not_exists(pk)' },
    ]);
  });

  it('refuses to store a second key with the same hash', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    await expect(apiKeys.put(record)).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it("lists an organisation's keys without their hashes, following every page", async () => {
    const entry = (keyId: string, createdAt: string, revokedAt?: string) => ({
      pk: 'KEYS#a#o',
      sk: `KEY#${keyId}`,
      ...record,
      keyId,
      createdAt,
      ...(revokedAt ? { revokedAt } : {}),
    });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [entry('new', '2026-02-01T00:00:00.000Z')], LastEvaluatedKey: { pk: 'KEYS#a#o', sk: 'KEY#new' } })
      .resolvesOnce({ Items: [entry('old', '2026-01-01T00:00:00.000Z', '2026-01-15T00:00:00.000Z')] });

    const keys = await apiKeys.list('south-yorkshire', 'safer-rotherham-partnership');

    expect(keys).toEqual([
      {
        keyId: 'old',
        areaId: record.areaId,
        organisationId: record.organisationId,
        createdAt: '2026-01-01T00:00:00.000Z',
        scope: 'write',
        revokedAt: '2026-01-15T00:00:00.000Z',
      },
      { keyId: 'new', areaId: record.areaId, organisationId: record.organisationId, createdAt: '2026-02-01T00:00:00.000Z', scope: 'write' },
    ]);
    expect(JSON.stringify(keys)).not.toContain(record.keyHash);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ pk: 'KEYS#a#o', sk: 'KEY#new' });
  });

  it('revokes a key: marks its register entry only if not yet revoked, then deletes the item the API authenticates against', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'KEYS#south-yorkshire#safer-rotherham-partnership', sk: 'KEY#key-1', ...record } });
    ddb.on(UpdateCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});

    expect(await apiKeys.revoke(record.areaId, record.organisationId, 'key-1', '2026-03-01T00:00:00.000Z')).toBe('revoked');

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'KEYS#south-yorkshire#safer-rotherham-partnership', sk: 'KEY#key-1' },
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':at': '2026-03-01T00:00:00.000Z' },
    });
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: `KEY#${record.keyHash}`, sk: 'KEY' },
      ConditionExpression: 'attribute_exists(pk)',
    });
  });

  it('finishes a revocation that was cut short, and loses no race with a concurrent one', async () => {
    const failed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    // Marked already, hash item still there (the first call stopped between the two writes).
    ddb.on(GetCommand).resolves({ Item: { ...record, revokedAt: '2026-03-01T00:00:00.000Z' } });
    ddb.on(DeleteCommand).resolves({});
    expect(await apiKeys.revoke(record.areaId, record.organisationId, 'key-1', '2026-03-02T00:00:00.000Z')).toBe('already-revoked');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(1);

    // Another call marked it between our read and our write; the hash item is gone too.
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: record });
    ddb.on(UpdateCommand).rejects(failed());
    ddb.on(DeleteCommand).rejects(failed());
    expect(await apiKeys.revoke(record.areaId, record.organisationId, 'key-1', '2026-03-02T00:00:00.000Z')).toBe('already-revoked');
  });

  it('answers not-found for a key that is not in the register, and writes nothing', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await apiKeys.revoke(record.areaId, record.organisationId, 'nope', '2026-03-01T00:00:00.000Z')).toBe('not-found');
    expect(await apiKeys.status(record.areaId, record.organisationId, 'nope')).toBe('unknown');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('tells an active key from a revoked one', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: record })
      .resolvesOnce({ Item: { ...record, revokedAt: '2026-03-01T00:00:00.000Z' } });

    expect(await apiKeys.status(record.areaId, record.organisationId, 'key-1')).toBe('active');
    expect(await apiKeys.status(record.areaId, record.organisationId, 'key-1')).toBe('revoked');
  });

  it('passes on a failure that is not a condition', async () => {
    ddb.on(GetCommand).resolves({ Item: record });
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    await expect(apiKeys.revoke(record.areaId, record.organisationId, 'key-1', '2026-03-01T00:00:00.000Z')).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
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
