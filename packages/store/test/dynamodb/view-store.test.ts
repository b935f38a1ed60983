import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { toViewRecord } from '@partnership-hub/domain';
import {
  AREA,
  areaRegistered,
  CSP,
  organisationRegistered,
  PANEL,
  priorityRevised,
  protocolVersionProposed,
} from '@partnership-hub/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, DynamoDbViewStore } from '../../src/index.ts';

/** How the DynamoDB view store talks to DynamoDB, and how it meets its faults; what any view store does is in ../contract. */
const TABLE = 'partnership-hub';
const ddb = mockClient(DynamoDBDocumentClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  ddb.restore();
});
const views = new DynamoDbViewStore(
  createDocumentClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  TABLE,
);

const priorityRecord = toViewRecord(priorityRevised({ id: 'p1', state: { status: 'achieved' } }));
const areaRecord = toViewRecord(areaRegistered());
const organisationRecord = toViewRecord(organisationRegistered());
const protocolRecord = toViewRecord(
  protocolVersionProposed({ protocolId: 'jwp', draft: { parties: [CSP, PANEL], visibility: 'partners' } }),
);

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDbViewStore.put', () => {
  it('stores a record under its area only if nothing as new is stored, and says it stored it', async () => {
    ddb.on(PutCommand).resolves({});

    const stored = await views.put(priorityRecord);

    expect(stored).toBe(true);
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toEqual({
      TableName: TABLE,
      Item: { pk: 'VIEW#south-yorkshire', sk: 'priority#safer-rotherham-partnership#p1', ...priorityRecord },
      ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
      ExpressionAttributeValues: { ':version': 2 },
    });
  });

  it('answers false for a duplicate or older delivery', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());

    expect(await views.put(priorityRecord)).toBe(false);
  });

  it('lets any other DynamoDB error through', async () => {
    ddb.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} }));

    await expect(views.put(priorityRecord)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });

  it.each([
    ['the area', areaRecord, 'area'],
    ['an organisation', organisationRecord, 'organisation#safer-rotherham-partnership'],
    ['a protocol', protocolRecord, 'protocol#jwp'],
  ])('keys %s by its type and id', async (_description, record, sk) => {
    ddb.on(PutCommand).resolves({});

    await views.put(record);

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ pk: 'VIEW#south-yorkshire', sk });
  });
});

describe('DynamoDbViewStore.get', () => {
  it('reads one record by key, without the storage keys', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'VIEW#south-yorkshire', sk: 'priority#safer-rotherham-partnership#p1', ...priorityRecord } });

    const record = await views.get(AREA, 'priority', CSP, 'p1');

    expect(record).toEqual(priorityRecord);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({
      pk: 'VIEW#south-yorkshire',
      sk: 'priority#safer-rotherham-partnership#p1',
    });
  });

  it('answers undefined for a subject with no record', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await views.get(AREA, 'protocol', null, 'missing')).toBeUndefined();
  });
});

describe('DynamoDbViewStore.list', () => {
  it("reads every page of an area's records consistently, without the storage keys", async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ pk: 'VIEW#south-yorkshire', sk: 'area', ...areaRecord }],
        LastEvaluatedKey: { pk: 'VIEW#south-yorkshire', sk: 'area' },
      })
      .resolvesOnce({ Items: [{ pk: 'VIEW#south-yorkshire', sk: 'priority#safer-rotherham-partnership#p1', ...priorityRecord }] });

    const records = await views.list(AREA);

    expect(records).toEqual([areaRecord, priorityRecord]);
    const calls = ddb.commandCalls(QueryCommand);
    expect(calls[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'VIEW#south-yorkshire' },
      ConsistentRead: true,
    });
    expect(calls[1]?.args[0].input.ExclusiveStartKey).toEqual({ pk: 'VIEW#south-yorkshire', sk: 'area' });
  });

  it("narrows to one organisation's records of one type by key prefix", async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await views.list(AREA, { subjectType: 'priority', organisationId: CSP });

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'VIEW#south-yorkshire', ':prefix': 'priority#safer-rotherham-partnership#' },
    });
  });

  it('narrows to one type across organisations by key prefix', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await views.list(AREA, { subjectType: 'work-programme-item' });

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'VIEW#south-yorkshire',
      ':prefix': 'work-programme-item#',
    });
  });
});

describe('DynamoDbViewStore.jointInputs', () => {
  it('answers the revision with no records for an item holding a revision alone, as earlier versions stored it', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'JOINT#south-yorkshire', sk: 'revision', revision: 5 } });

    expect(await views.jointInputs(AREA)).toEqual({ revision: 5, records: undefined });
  });
});

describe('DynamoDbViewStore.latestJointRevision', () => {
  it('reads the revision counter consistently, and answers 0 before any rebuild', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { pk: 'JOINT#south-yorkshire', sk: 'revision', revision: 9 } })
      .resolvesOnce({});

    expect(await views.latestJointRevision(AREA)).toBe(9);
    expect(await views.latestJointRevision(AREA)).toBe(0);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'JOINT#south-yorkshire', sk: 'revision' },
      ConsistentRead: true,
      ProjectionExpression: 'revision',
    });
  });
});

describe('DynamoDbViewStore.putJointView', () => {
  it('stores a joint view only if no later rebuild is stored, and says it stored it', async () => {
    ddb.on(PutCommand).resolves({});

    const stored = await views.putJointView(AREA, 'partners', 7, '{"themes":[]}', '2026-03-01');

    expect(stored).toBe(true);
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: TABLE,
      Item: { pk: 'JOINT#south-yorkshire', sk: 'view#partners', revision: 7, asOf: '2026-03-01' },
      ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
      ExpressionAttributeValues: { ':revision': 7 },
    });
    // Stored gzipped, to spend fewer write units on a document rewritten at every change.
    expect(gunzipSync(input?.Item?.gz as Uint8Array).toString()).toBe('{"themes":[]}');
  });

  it('answers false when a later rebuild got there first', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());

    expect(await views.putJointView(AREA, 'public', 6, '{}', '2026-03-01')).toBe(false);
  });

  it('lets any other DynamoDB error through', async () => {
    ddb.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} }));

    await expect(views.putJointView(AREA, 'public', 6, '{}', '2026-03-01')).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});

describe('DynamoDbViewStore.jointView', () => {
  it('reads the stored joint view of an audience, ready to send', async () => {
    const gz = gzipSync('{"themes":[]}');
    ddb.on(GetCommand).resolves({ Item: { pk: 'JOINT#south-yorkshire', sk: 'view#public', revision: 7, gz } });

    const view = await views.jointView(AREA, 'public');

    expect(view?.revision).toBe(7);
    // Stored before joint views had a date: as at no day in particular, so a reader rebuilds it for today.
    expect(view?.asOf).toBeUndefined();
    expect(view?.gzip).toBe(gz);
    expect(view?.body).toBe('{"themes":[]}');
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ pk: 'JOINT#south-yorkshire', sk: 'view#public' });
  });

  it('answers the date a view is as at', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { pk: 'JOINT#south-yorkshire', sk: 'view#public', revision: 8, asOf: '2026-03-01', gz: gzipSync('{}') } });

    expect((await views.jointView(AREA, 'public'))?.asOf).toBe('2026-03-01');
  });

  it('answers undefined before the first rebuild', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await views.jointView(AREA, 'partners')).toBeUndefined();
  });
});
