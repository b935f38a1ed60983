import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDb, type EventBridgeEvent, ensureTable, LocalEventBus, localAwsConnection } from '../src/index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('localAwsConnection', () => {
  it('reaches the embedded DynamoDB with unsigned requests it accepts', async () => {
    const database = new EmbeddedDynamoDb();
    const client = new DynamoDBClient(localAwsConnection((await database.start()).endpoint));
    cleanups.push(async () => {
      client.destroy();
      await database.stop();
    });
    let authorization: string | undefined;
    client.middlewareStack.add(
      (next) => async (args) => {
        authorization = (args.request as { headers: Record<string, string> }).headers.authorization;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await ensureTable(client, {
      TableName: 'connection-test',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    });
    await client.send(
      new PutItemCommand({
        TableName: 'connection-test',
        Item: { pk: { S: 'a' }, n: { N: '1' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    const read = await client.send(new GetItemCommand({ TableName: 'connection-test', Key: { pk: { S: 'a' } }, ConsistentRead: true }));

    expect(read.Item).toEqual({ pk: { S: 'a' }, n: { N: '1' } });
    // The form dynalite looks for, with nothing worked out.
    expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=host, Signature=unsigned$/);
  });

  it('reaches the local bus, which delivers what it sends', async () => {
    const received: EventBridgeEvent[] = [];
    const bus = new LocalEventBus({
      busName: 'connection-bus',
      rules: [{ name: 'all', pattern: { source: ['partnership-hub'] }, target: async (event) => void received.push(event) }],
    });
    const client = new EventBridgeClient(localAwsConnection((await bus.start()).endpoint));
    cleanups.push(async () => {
      client.destroy();
      await bus.stop();
    });

    const answer = await client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'partnership-hub', DetailType: 'PriorityPublished', Detail: '{"n":1}', EventBusName: 'connection-bus' }],
      }),
    );
    await bus.idle();

    expect(answer.FailedEntryCount).toBe(0);
    expect(received.map((event) => event.detail)).toEqual([{ n: 1 }]);
  });
});
