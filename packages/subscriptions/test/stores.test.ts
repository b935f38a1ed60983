import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@partnership-hub/store';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Delivery,
  DynamoDbDeliveryStore,
  DynamoDbSubscriptionStore,
  type Subscription,
  SubscriptionChangedError,
  TableDeliveryQueue,
} from '../src/index.ts';

const TABLE = 'partnership-hub';
const ddb = mockClient(DynamoDBDocumentClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  ddb.restore();
});
const documents = createDocumentClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const store = new DynamoDbSubscriptionStore(documents, TABLE);

const pending: Subscription = {
  id: 'sub_AAAAAAAAAAAAAAAA',
  areaId: 'south-yorkshire',
  audience: 'public',
  createdBy: null,
  filter: { themes: ['burglary', 'road-safety'] },
  pattern: { detail: { data: { themes: ['burglary', 'road-safety'] } } },
  indexKeys: ['SUBS#south-yorkshire#THEME#burglary', 'SUBS#south-yorkshire#THEME#road-safety'],
  endpoint: { kind: 'webhook', url: 'https://hooks.example.org/' },
  status: 'pending-verification',
  managementTokenHash: 'f'.repeat(64),
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
};
const active: Subscription = { ...pending, status: 'active', updatedAt: '2026-03-01T10:01:00.000Z' };
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const keysPut = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item!.pk as string);
const keysDeleted = () => ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key!.pk as string);

beforeEach(() => {
  ddb.reset();
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
});

describe('DynamoDbSubscriptionStore', () => {
  it('does not index a subscription until it is active, so a pending one can never match', async () => {
    await store.create(pending);
    expect(keysPut()).toEqual([`SUB#${pending.id}`, `OWNER#${pending.managementTokenHash}`]);
  });

  it('indexes a subscription under each of its keys when it becomes active', async () => {
    await store.replace(pending, active);
    expect(keysPut()).toEqual([`SUB#${pending.id}`, ...active.indexKeys]);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND updatedAt = :previous',
      ExpressionAttributeValues: { ':previous': pending.updatedAt },
    });
  });

  it('removes the index entries before disabling', async () => {
    await store.replace(active, { ...active, status: 'disabled', updatedAt: '2026-03-01T11:00:00.000Z' });
    expect(keysDeleted()).toEqual(active.indexKeys);
    expect(keysPut()).toEqual([`SUB#${pending.id}`]);
  });

  it('refuses to overwrite a change made meanwhile, and puts the index back as it was', async () => {
    ddb.on(PutCommand, { Item: { pk: `SUB#${pending.id}` } }).rejects(conditionFailed());
    await expect(
      store.replace(active, { ...active, filter: {}, indexKeys: ['SUBS#south-yorkshire#ALL'], updatedAt: 'later' }),
    ).rejects.toBeInstanceOf(SubscriptionChangedError);
    expect(keysPut().filter((pk) => pk.startsWith('SUBS#'))).toEqual(active.indexKeys);
  });

  it("reads each candidate once however many of the event's partitions hold it", async () => {
    const entry = { subscriptionId: pending.id, areaId: pending.areaId, audience: 'public', pattern: pending.pattern };
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'x', sk: `SUB#${pending.id}`, ...entry }] });
    expect(await store.candidates(active.indexKeys)).toEqual([entry]);
  });
});

describe('DynamoDbDeliveryStore', () => {
  const deliveries = new DynamoDbDeliveryStore(documents, TABLE, () => new Date('2026-03-01T10:00:00.000Z'));
  const delivery: Delivery = {
    id: 'msg_1',
    subscriptionId: pending.id,
    purpose: 'change',
    status: 'pending',
    payload: { type: 'priority.revised', timestamp: '2026-03-01T10:00:00.000Z', data: {} },
    attempts: 0,
    createdAt: '2026-03-01T10:00:00.000Z',
    nextAttemptAt: '2026-03-01T10:00:00.000Z',
  };

  it('answers false for a duplicate delivery instead of storing it twice', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await deliveries.create(delivery)).toBe(false);
  });

  it('records an attempt only if no other worker recorded one first, and lets the record expire', async () => {
    expect(await deliveries.save({ ...delivery, attempts: 1 }, 0)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ConditionExpression: 'attempts = :before',
      ExpressionAttributeValues: { ':before': 0 },
      Item: { expiresAt: expect.any(Number) },
    });
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await deliveries.save({ ...delivery, attempts: 1 }, 0)).toBe(false);
  });

  it('takes a digest marker away before reading its entries, so a change added meanwhile is not lost', async () => {
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'DIGESTS#pending' } })
      .resolves({ Items: [{ pk: 'DIGESTS#pending', sk: pending.id }] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `DIGEST#${pending.id}` } })
      .resolves({ Items: [{ pk: `DIGEST#${pending.id}`, sk: 'a#1', occurredAt: 'a', eventId: '1', data: {} }] });
    const taken = await deliveries.takeDigests();
    expect(taken).toEqual([{ subscriptionId: pending.id, entries: [{ occurredAt: 'a', eventId: '1', data: {} }] }]);
    expect(keysDeleted()).toEqual(['DIGESTS#pending', `DIGEST#${pending.id}`]);
  });
});

describe('TableDeliveryQueue (the local scheduler)', () => {
  it('claims each due delivery once, with a conditional delete', async () => {
    const queue = new TableDeliveryQueue(documents, TABLE);
    ddb.on(QueryCommand).resolves({
      Items: [
        { sk: 'a#msg_1', deliveryId: 'msg_1' },
        { sk: 'a#msg_2', deliveryId: 'msg_2' },
      ],
    });
    ddb.on(DeleteCommand, { Key: { pk: 'DUE#deliveries', sk: 'a#msg_2' } }).rejects(conditionFailed());
    expect(await queue.takeDue(new Date('2026-03-01T10:00:00.000Z'))).toEqual(['msg_1']);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'DUE#deliveries',
      ':now': '2026-03-01T10:00:00.000Z#~',
    });
  });

  it('with a lease, queues each delivery again for when it runs out before taking it, until released', async () => {
    const queue = new TableDeliveryQueue(documents, TABLE);
    ddb.on(QueryCommand).resolves({ Items: [{ sk: 'a#msg_1', deliveryId: 'msg_1' }] });
    const leaseUntil = new Date('2026-03-01T10:01:00.000Z');
    expect(await queue.takeDue(new Date('2026-03-01T10:00:00.000Z'), 100, leaseUntil)).toEqual(['msg_1']);
    // Written before the delete: a process killed between the two leaves the delivery queued, never nowhere.
    const put = ddb.commandCalls(PutCommand)[0]!;
    const deleted = ddb.commandCalls(DeleteCommand)[0]!;
    expect(put.args[0].input.Item).toEqual({ pk: 'DUE#deliveries', sk: '2026-03-01T10:01:00.000Z#msg_1', deliveryId: 'msg_1' });
    expect(deleted.args[0].input.Key).toEqual({ pk: 'DUE#deliveries', sk: 'a#msg_1' });
    expect(ddb.calls().map((call) => (call.args[0] as object).constructor.name)).toEqual(['QueryCommand', 'PutCommand', 'DeleteCommand']);
    await queue.release('msg_1', leaseUntil);
    expect(ddb.commandCalls(DeleteCommand)[1]!.args[0].input.Key).toEqual({ pk: 'DUE#deliveries', sk: '2026-03-01T10:01:00.000Z#msg_1' });
  });
});
