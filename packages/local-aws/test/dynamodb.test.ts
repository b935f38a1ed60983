import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, DataFolderUnusableError, EmbeddedDynamoDb, ensureTable } from '../src/index.ts';
import { hubShapedTable } from './table.ts';

const table = hubShapedTable;

const servers: EmbeddedDynamoDb[] = [];
const clients: DynamoDBClient[] = [];
const tempDirs: string[] = [];

async function startDb(options: ConstructorParameters<typeof EmbeddedDynamoDb>[0] = {}) {
  const db = new EmbeddedDynamoDb(options);
  servers.push(db);
  const { endpoint, connection } = await db.start();
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  clients.push(client);
  return { db, client, endpoint, connection };
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

  it('refuses to start on a folder it cannot write to, naming the folder and why, rather than failing later', async () => {
    // Arrange: a file where the folder should be, as unusable as a read-only or full disk, for every user (root too)
    const parent = await mkdtemp(join(tmpdir(), 'local-aws-dynamodb-'));
    tempDirs.push(parent);
    const path = join(parent, 'dynamodb');
    await writeFile(path, 'not a folder');
    const db = new EmbeddedDynamoDb({ path });
    servers.push(db);

    // Act
    const refusal = await db.start().then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assert
    expect(refusal).toBeInstanceOf(DataFolderUnusableError);
    expect((refusal as Error).message).toContain(`The database in ${path} could not be opened (`);
    expect((refusal as Error).message).toContain('it must be a folder this user can write to, on a disk with free space');
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

describe("EmbeddedDynamoDb's in-process connection (start().connection)", () => {
  /** startDb's server and HTTP client, and a client on its in-process connection. */
  async function startBoth(options: ConstructorParameters<typeof EmbeddedDynamoDb>[0] = {}) {
    const { db, client: overHttp, connection } = await startDb(options);
    const inProcess = new DynamoDBClient(connection);
    clients.push(inProcess);
    return { db, inProcess, overHttp };
  }

  it('reaches the same tables as a client of the HTTP endpoint, both ways', async () => {
    // Arrange
    const { inProcess, overHttp } = await startBoth();
    await ensureTable(inProcess, table);

    // Act
    await inProcess.send(
      new PutItemCommand({ TableName: 'hub-test', Item: { pk: { S: 'AREA#1' }, sk: { S: 'v1' }, name: { S: 'Südwest' } } }),
    );
    await overHttp.send(
      new PutItemCommand({ TableName: 'hub-test', Item: { pk: { S: 'AREA#2' }, sk: { S: 'v1' }, name: { S: 'North' } } }),
    );

    // Assert: non-ASCII text arrives as it was sent.
    const read = (client: DynamoDBClient, pk: string) =>
      client.send(new GetItemCommand({ TableName: 'hub-test', Key: { pk: { S: pk }, sk: { S: 'v1' } } }));
    expect((await read(overHttp, 'AREA#1')).Item?.name).toEqual({ S: 'Südwest' });
    expect((await read(inProcess, 'AREA#2')).Item?.name).toEqual({ S: 'North' });
  });

  it("gives DynamoDB's errors as the SDK's exceptions: a failed condition, a missing table, a request the service refuses", async () => {
    // Arrange
    const { inProcess } = await startBoth();
    await ensureTable(inProcess, table);
    const put = () =>
      inProcess.send(
        new PutItemCommand({
          TableName: 'hub-test',
          Item: { pk: { S: 'P#1' }, sk: { S: 'v1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();

    // Act / Assert
    await expect(put()).rejects.toMatchObject({ name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } });
    await expect(inProcess.send(new DescribeTableCommand({ TableName: 'no-such-table' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(inProcess.send(new GetItemCommand({ TableName: 'hub-test', Key: { pk: { S: 'P#1' } } }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it("passes a body of bytes as its bytes, never through its string methods (the SDK's JSON codec is to refuse those)", async () => {
    // Arrange: bytes whose string methods throw, as the SDK says its byte bodies (JsonBytesStringAdapter) will.
    const { connection } = await startDb();
    class StrictBytes extends Uint8Array {
      override toString(): string {
        throw new Error('a string method was called on the body');
      }
      override valueOf(): this {
        throw new Error('a string method was called on the body');
      }
    }
    const bytes = new TextEncoder().encode('{}');
    const body = new StrictBytes(bytes.length);
    body.set(bytes);
    const handler = connection.requestHandler as {
      handle(request: unknown): Promise<{ response: { statusCode: number; body: Uint8Array } }>;
    };

    // Act
    const { response } = await handler.handle({
      method: 'POST',
      path: '/',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'DynamoDB_20120810.ListTables',
        'x-amz-date': '20261201T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/unsigned, SignedHeaders=host, Signature=unsigned',
      },
      body,
    });

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(Buffer.from(response.body).toString('utf8'))).toEqual({ TableNames: [] });
  });

  it('answers the requests under way before a stop closes the database, and refuses any after it, saying why', async () => {
    // Arrange
    const path = await mkdtemp(join(tmpdir(), 'local-aws-dynamodb-'));
    tempDirs.push(path);
    const { db, inProcess } = await startBoth({ path });
    await ensureTable(inProcess, table);

    // Act: a stop asked for once the first of 1,000 conditional writes (each a read, then a write, in
    // dynalite) is answered, the others passed over with it.
    const writes = Array.from({ length: 1000 }, (_, index) =>
      inProcess.send(
        new PutItemCommand({
          TableName: 'hub-test',
          Item: { pk: { S: `ITEM#${index}` }, sk: { S: 'v1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    await writes[0];
    const stopped = db.stop();
    const outcomes = await Promise.allSettled(writes);
    await stopped;

    // Assert: every write the thread had was answered and kept; none after the stop was half-done.
    const written = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(String(outcome.reason)).toContain('The embedded DynamoDB is not running');
    }
    await expect(
      inProcess.send(new GetItemCommand({ TableName: 'hub-test', Key: { pk: { S: 'ITEM#0' }, sk: { S: 'v1' } } })),
    ).rejects.toThrow('The embedded DynamoDB is not running');
    const { inProcess: reopened } = await startBoth({ path });
    const kept = await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        reopened.send(new GetItemCommand({ TableName: 'hub-test', Key: { pk: { S: `ITEM#${index}` }, sk: { S: 'v1' } } })),
      ),
    );
    expect(kept.filter((read) => read.Item).length).toBe(written);
  });
});
