import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { VersionConflictError } from '@partnership-hub/domain';
import { type HubEvent, type PriorityState, UnknownEventError } from '@partnership-hub/events';
import {
  AREA,
  CSP,
  priorityPublished,
  priorityRevised,
  priorityState,
  protocolVersionProposed,
  storedBeforePlans,
  storedBeforePlansStatuses,
} from '@partnership-hub/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, DynamoDbEventLog, eventFromLogItem } from '../../src/index.ts';

/** How the DynamoDB log talks to DynamoDB, and how it meets its faults; what any log does is in ../contract. */
const TABLE = 'partnership-hub';
const ddb = mockClient(DynamoDBDocumentClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  ddb.restore();
});
const eventLog = new DynamoDbEventLog(
  createDocumentClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  TABLE,
);

const ref = { areaId: AREA, subjectType: 'priority' as const, organisationId: CSP, id: 'p1' };
const STREAM_PK = 'LOG#south-yorkshire#priority#safer-rotherham-partnership#p1';

const priority = priorityState();
const published = priorityPublished({ id: 'p1', eventId: '01JEVENT0001' });
const revised = priorityRevised({ id: 'p1', eventId: '01JEVENT0002', state: { status: 'achieved' } });

/** An event as the log stores it (what append writes). */
function storedItem(event: HubEvent, version = event.detail.subject.version) {
  return {
    pk: STREAM_PK,
    sk: `V#${String(version).padStart(10, '0')}`,
    detailType: event.detailType,
    detail: JSON.stringify(event.detail),
    eventId: event.detail.eventId,
    occurredAt: event.detail.occurredAt,
  };
}

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDbEventLog.append', () => {
  it('writes the event as the next version of its stream, only if that version is free, with the outbox keys', async () => {
    ddb.on(PutCommand).resolves({});

    await eventLog.append(revised);

    const [call] = ddb.commandCalls(PutCommand);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    const input = call!.args[0].input;
    expect(input.TableName).toBe(TABLE);
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.Item).toEqual({
      pk: STREAM_PK,
      sk: 'V#0000000002',
      detailType: 'PriorityRevised',
      detail: expect.any(String),
      eventId: '01JEVENT0002',
      occurredAt: '2026-01-01T09:00:00.000Z',
      outboxPk: 'pending',
      outboxSk: '2026-01-01T09:00:00.000Z#01JEVENT0002',
    });
    expect(JSON.parse(String(input.Item?.detail))).toEqual(revised.detail);
  });

  it("files a protocol's stream under the area rather than under the party that changed it", async () => {
    ddb.on(PutCommand).resolves({});
    const proposal = protocolVersionProposed({ protocolId: 'jwp', proposer: CSP });

    await eventLog.append(proposal);

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: 'LOG#south-yorkshire#protocol#-#jwp',
      sk: 'V#0000000001',
    });
  });

  it('turns a version already taken by a concurrent write into a VersionConflictError', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());

    const appending = eventLog.append(revised);

    await expect(appending).rejects.toBeInstanceOf(VersionConflictError);
    // The log cannot know which version won (it may have moved on again), so it claims none.
    await expect(appending).rejects.toMatchObject({ currentVersion: undefined });
  });

  it('lets any other DynamoDB error through unchanged', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} });
    ddb.on(PutCommand).rejects(throttled);

    await expect(eventLog.append(published)).rejects.toBe(throttled);
  });

  it('refuses an event that does not match its schema before writing anything', async () => {
    ddb.on(PutCommand).resolves({});
    const malformed = {
      ...published,
      detail: { ...published.detail, data: { ...priority, themes: ['not-a-theme'] } },
    } as unknown as HubEvent;

    await expect(eventLog.append(malformed)).rejects.toMatchObject({ name: 'ZodError' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses an event of an unknown type before writing anything', async () => {
    const unknown = { ...published, detailType: 'PriorityForgotten' } as unknown as HubEvent;

    await expect(eventLog.append(unknown)).rejects.toBeInstanceOf(UnknownEventError);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('DynamoDbEventLog.head', () => {
  it('reads only the newest event of the stream, consistently', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedItem(revised)] });

    await eventLog.head(ref);

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': STREAM_PK },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
  });

  it("answers the newest version, its type and the subject's state, without the change description", async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedItem(revised)] });

    const head = await eventLog.head<PriorityState>(ref);

    expect(head).toEqual({ version: 2, detailType: 'PriorityRevised', state: { ...priority, status: 'achieved' } });
  });

  it('answers undefined for a subject with no events', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    expect(await eventLog.head(ref)).toBeUndefined();
  });

  it('refuses a stored event that no longer matches its schema', async () => {
    const editedByHand = { ...storedItem(published), detail: JSON.stringify({ ...published.detail, visibility: 'secret' }) };
    ddb.on(QueryCommand).resolves({ Items: [editedByHand] });

    await expect(eventLog.head(ref)).rejects.toMatchObject({ name: 'ZodError' });
  });
});

describe('DynamoDbEventLog.heads', () => {
  const key = (version: number) => ({ pk: STREAM_PK, sk: `V#${String(version).padStart(10, '0')}` });

  it('confirms a believed version with one consistent batched read of it and the next, without a query', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [storedItem(revised)] } });

    const heads = await eventLog.heads<PriorityState>([{ ref, believedVersion: 2 }]);

    expect(heads).toEqual([{ version: 2, detailType: 'PriorityRevised', state: { ...priority, status: 'achieved' } }]);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input).toEqual({
      RequestItems: { [TABLE]: { Keys: [key(2), key(3)], ConsistentRead: true } },
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('asks again for keys DynamoDB left unprocessed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [key(2), key(3)] } } })
      .resolves({ Responses: { [TABLE]: [storedItem(revised)] } });

    const heads = await eventLog.heads<PriorityState>([{ ref, believedVersion: 2 }]);

    expect(heads[0]?.version).toBe(2);
    expect(ddb.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([key(2), key(3)]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('queries the head of a subject whose keys stay unprocessed, rather than guessing', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [key(2), key(3)] } } });
    ddb.on(QueryCommand).resolves({ Items: [storedItem(revised)] });

    const heads = await eventLog.heads<PriorityState>([{ ref, believedVersion: 2 }]);

    expect(heads[0]?.version).toBe(2);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(4);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it('queries the head of a subject whose next version exists: the guess was behind', async () => {
    const third = priorityRevised({ id: 'p1', eventId: '01JEVENT0003', version: 3, state: { status: 'achieved' } });
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [storedItem(published), storedItem(revised)] } });
    ddb.on(QueryCommand).resolves({ Items: [storedItem(third)] });

    const heads = await eventLog.heads<PriorityState>([{ ref, believedVersion: 1 }]);

    expect(heads[0]?.version).toBe(3);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });
});

describe('DynamoDbEventLog.isHead', () => {
  it('reads the keys of the version and the next alone, consistently, and queries nothing', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [{ pk: STREAM_PK, sk: 'V#0000000002' }] } });

    expect(await eventLog.isHead([{ ref, version: 2 }])).toEqual([true]);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input).toEqual({
      RequestItems: {
        [TABLE]: {
          Keys: [
            { pk: STREAM_PK, sk: 'V#0000000002' },
            { pk: STREAM_PK, sk: 'V#0000000003' },
          ],
          ConsistentRead: true,
          ProjectionExpression: 'pk, sk',
        },
      },
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('DynamoDbEventLog.stream', () => {
  it('reads every page of a stream consistently, oldest first', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [storedItem(published)], LastEvaluatedKey: { pk: STREAM_PK, sk: 'V#0000000001' } })
      .resolvesOnce({ Items: [storedItem(revised)] });

    const events = await eventLog.stream(ref);

    expect(events).toEqual([published, revised]);
    const calls = ddb.commandCalls(QueryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args[0].input).toMatchObject({ ConsistentRead: true, ExclusiveStartKey: undefined });
    expect(calls[0]?.args[0].input.ScanIndexForward).not.toBe(false);
    expect(calls[1]?.args[0].input.ExclusiveStartKey).toEqual({ pk: STREAM_PK, sk: 'V#0000000001' });
  });
});

describe('DynamoDbEventLog: events stored before priorities had plans', () => {
  it('reads a stream written in schema version 1 as the current version, and its head with the status on the list', async () => {
    const items = storedBeforePlans.map((stored) => ({
      pk: 'LOG#south-yorkshire#priority#safer-rotherham-partnership#srp-2016-priority-1',
      sk: `V#${String(stored.detail.subject.version).padStart(10, '0')}`,
      detailType: stored.detailType,
      detail: JSON.stringify(stored.detail),
      eventId: stored.detail.eventId,
      occurredAt: stored.detail.occurredAt,
    }));
    const oldRef = { ...ref, id: 'srp-2016-priority-1' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: items })
      .resolvesOnce({ Items: [items[3]!] });

    const events = await eventLog.stream(oldRef);
    const head = await eventLog.head<PriorityState>(oldRef);

    expect(events.map((event) => [event.detail.schemaVersion, (event.detail.data as PriorityState).status])).toEqual(
      storedBeforePlansStatuses.map((status) => [2, status]),
    );
    expect(head).toMatchObject({ version: 4, state: { status: 'superseded', period: '2016-2019' } });
  });
});

describe('DynamoDbEventLog.get', () => {
  it('reads one version of a subject by key, consistently', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem(revised) });

    const event = await eventLog.get(ref, 2);

    expect(event).toEqual(revised);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: STREAM_PK, sk: 'V#0000000002' },
      ConsistentRead: true,
    });
  });

  it('answers undefined for a version that does not exist', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await eventLog.get(ref, 9)).toBeUndefined();
  });
});

describe('DynamoDbEventLog.markPublished', () => {
  it('takes a published event out of the outbox, only if the event is in the log', async () => {
    ddb.on(UpdateCommand).resolves({});

    await eventLog.markPublished(revised);

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: STREAM_PK, sk: 'V#0000000002' },
      UpdateExpression: 'REMOVE outboxPk, outboxSk',
      ConditionExpression: 'attribute_exists(pk)',
    });
  });

  it('does nothing, quietly, for an event that is not in the log', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());

    await expect(eventLog.markPublished(revised)).resolves.toBeUndefined();
  });

  it('lets any other DynamoDB error through', async () => {
    ddb.on(UpdateCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} }));

    await expect(eventLog.markPublished(revised)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});

describe('DynamoDbEventLog.unpublished', () => {
  it('asks the outbox index for pending events appended before the given time', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await eventLog.unpublished('2026-01-01T09:00:30.000Z', 25);

    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toEqual({
      TableName: TABLE,
      IndexName: 'outbox',
      KeyConditionExpression: 'outboxPk = :pending AND outboxSk < :before',
      ExpressionAttributeValues: { ':pending': 'pending', ':before': '2026-01-01T09:00:30.000Z' },
      Limit: 25,
    });
  });

  it('answers the events the index holds, in the order it holds them', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedItem(published), storedItem(revised)] });

    expect(await eventLog.unpublished('2026-01-01T10:00:00.000Z')).toEqual([published, revised]);
  });

  it('reads at most 100 events when no limit is given', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await eventLog.unpublished('2026-01-01T10:00:00.000Z');

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(100);
  });

  it('reads on past a page DynamoDB cut short (1 MB) until the limit, asking each time only for what is still missing', async () => {
    const third = priorityRevised({ id: 'p1', version: 3, eventId: '01JEVENT0003', state: { status: 'achieved' } });
    const afterFirst = { pk: STREAM_PK, sk: 'V#0000000001', outboxPk: 'pending', outboxSk: 'x' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [storedItem(published)], LastEvaluatedKey: afterFirst })
      .resolvesOnce({ Items: [storedItem(revised), storedItem(third)], LastEvaluatedKey: { ...afterFirst, sk: 'V#0000000003' } });

    const events = await eventLog.unpublished('2026-01-01T10:00:00.000Z', 3);

    expect(events).toEqual([published, revised, third]);
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => [input.Limit, input.ExclusiveStartKey])).toEqual([
      [3, undefined],
      [2, afterFirst],
    ]);
  });

  it('stops when the index has nothing more, however many were asked for', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedItem(published)] });

    expect(await eventLog.unpublished('2026-01-01T10:00:00.000Z', 50)).toEqual([published]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });
});

describe('eventFromLogItem', () => {
  it('answers the event an item of the log holds, parsed by its schema', () => {
    expect(eventFromLogItem({ ...storedItem(revised), outboxPk: 'pending', outboxSk: 'x' })).toEqual(revised);
  });

  it('refuses an item that holds no event, and an event its schema refuses', () => {
    expect(() => eventFromLogItem({ pk: 'VIEW#south-yorkshire', sk: 'area' })).toThrow(TypeError);
    const tampered = { ...storedItem(revised), detail: JSON.stringify({ ...revised.detail, subject: { type: 'priority' } }) };
    expect(() => eventFromLogItem(tampered)).toThrow();
  });
});

describe('DynamoDbEventLog.areaEvents', () => {
  it("scans the table for the area's stream keys, consistently, page after page, answering only pages with events", async () => {
    ddb
      .on(ScanCommand)
      .resolvesOnce({ Items: [storedItem(published)], LastEvaluatedKey: { pk: STREAM_PK, sk: 'V#0000000001' } })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'VIEW#south-yorkshire', sk: 'area' } })
      .resolvesOnce({ Items: [storedItem(revised)] });

    const pages: HubEvent[][] = [];
    for await (const page of eventLog.areaEvents(AREA, { pageSize: 50 })) pages.push(page);

    expect(pages).toEqual([[published], [revised]]);
    const calls = ddb.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual({
      TableName: TABLE,
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': 'LOG#south-yorkshire#' },
      ConsistentRead: true,
      ExclusiveStartKey: undefined,
      Limit: 50,
    });
    expect(calls[2]?.ExclusiveStartKey).toEqual({ pk: 'VIEW#south-yorkshire', sk: 'area' });
  });
});

describe('DynamoDbEventLog.areas', () => {
  it("keeps, of every stream's first version, those of an area's own stream", async () => {
    ddb
      .on(ScanCommand)
      .resolvesOnce({
        Items: [{ pk: 'LOG#west-yorkshire#area#-#west-yorkshire' }, { pk: STREAM_PK }],
        LastEvaluatedKey: { pk: STREAM_PK, sk: 'V#0000000001' },
      })
      .resolvesOnce({ Items: [{ pk: 'LOG#south-yorkshire#area#-#south-yorkshire' }] });

    expect(await eventLog.areas()).toEqual(['south-yorkshire', 'west-yorkshire']);
    expect(ddb.commandCalls(ScanCommand)[0]?.args[0].input).toMatchObject({
      FilterExpression: 'begins_with(pk, :log) AND sk = :first',
      ExpressionAttributeValues: { ':log': 'LOG#', ':first': 'V#0000000001' },
      ProjectionExpression: 'pk',
    });
  });
});
