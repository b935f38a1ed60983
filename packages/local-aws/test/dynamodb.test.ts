import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, EmbeddedDynamoDb, ensureTable } from '../src/index.ts';
import { hubShapedTable } from './table.ts';

const table = hubShapedTable;

const servers: EmbeddedDynamoDb[] = [];
const clients: DynamoDBClient[] = [];
const tempDirs: string[] = [];

async function startDb(options: ConstructorParameters<typeof EmbeddedDynamoDb>[0] = {}) {
  const db = new EmbeddedDynamoDb(options);
  servers.push(db);
  const { endpoint } = await db.start();
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  clients.push(client);
  return { db, client, endpoint };
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((db) => db.stop()));
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('EmbeddedDynamoDb', () => {
  it('serves the DynamoDB API on 127.0.0.1 at the endpoint start() returns', async () => {
    // Arrange / Act
    const { endpoint } = await startDb();

    // Assert
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('creates a table with ensureTable, and ensureTable on an existing table is a no-op', async () => {
    // Arrange
    const { client } = await startDb();

    // Act
    await ensureTable(client, table);
    await ensureTable(client, table);

    // Assert
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'hub-test' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus])).toEqual([['gsi1', 'ACTIVE']]);
  });

  it('rejects a conditional PutItem whose condition fails with ConditionalCheckFailedException', async () => {
    // Arrange
    const { client } = await startDb();
    await ensureTable(client, table);
    const put = () =>
      client.send(
        new PutItemCommand({
          TableName: 'hub-test',
          Item: { pk: { S: 'PRIORITY#1' }, sk: { S: 'v1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();

    // Act / Assert
    await expect(put()).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('keeps data across stop and start when given a path', async () => {
    // Arrange
    const path = await mkdtemp(join(tmpdir(), 'local-aws-dynamodb-'));
    tempDirs.push(path);
    const first = await startDb({ path });
    await ensureTable(first.client, table);
    await first.client.send(
      new PutItemCommand({ TableName: 'hub-test', Item: { pk: { S: 'AREA#1' }, sk: { S: 'v1' }, name: { S: 'North' } } }),
    );
    await first.db.stop();

    // Act
    const second = await startDb({ path });
    const { Item } = await second.client.send(new GetItemCommand({ TableName: 'hub-test', Key: { pk: { S: 'AREA#1' }, sk: { S: 'v1' } } }));

    // Assert
    expect(Item?.name).toEqual({ S: 'North' });
  });

  it('refuses to start on a folder another server holds, saying so, and starts once it is free', async () => {
    // Arrange
    const path = await mkdtemp(join(tmpdir(), 'local-aws-dynamodb-'));
    tempDirs.push(path);
    const first = await startDb({ path });
    await ensureTable(first.client, table);
    const second = new EmbeddedDynamoDb({ path });
    servers.push(second);

    // Act / Assert
    await expect(second.start()).rejects.toEqual(new DataFolderInUseError(path));
    await first.db.stop();
    await expect(second.start()).resolves.toMatchObject({ endpoint: expect.stringMatching(/^http:/) });
  });

  it('starts empty again after a restart when no path is given (in-memory)', async () => {
    // Arrange
    const first = await startDb();
    await ensureTable(first.client, table);
    await first.db.stop();

    // Act
    const second = await startDb();

    // Assert
    await expect(second.client.send(new DescribeTableCommand({ TableName: 'hub-test' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('can be stopped and started again on the same instance', async () => {
    // Arrange
    const path = await mkdtemp(join(tmpdir(), 'local-aws-dynamodb-'));
    tempDirs.push(path);
    const { db, client } = await startDb({ path });
    await ensureTable(client, table);
    await db.stop();

    // Act
    const { endpoint } = await db.start();
    const again = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    clients.push(again);
    const { Table } = await again.send(new DescribeTableCommand({ TableName: 'hub-test' }));

    // Assert
    expect(Table?.TableStatus).toBe('ACTIVE');
  });
});
