import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HubEvent } from '@partnership-hub/events';
import { EventPublisher } from '@partnership-hub/publisher';
import { createDocumentClient, EventLog } from '@partnership-hub/store';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOutboxRepublisher, type RepublisherDeps } from '../src/republisher.ts';

const TABLE = 'partnership-hub';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
const NOW = new Date('2026-01-01T10:00:00.000Z');

function deps(overrides: Partial<RepublisherDeps> = {}): RepublisherDeps {
  return {
    eventLog: new EventLog(createDocumentClient({ region: 'eu-west-2', credentials }), TABLE),
    publisher: new EventPublisher(new EventBridgeClient({ region: 'eu-west-2', credentials }), 'partnership-hub-bus', {
      sleep: async () => {},
    }),
    clock: () => NOW,
    minAgeMs: 30_000,
    ...overrides,
  };
}

/** A work programme item the panel scheduled at version n, appended but never published. */
function itemScheduled(n: number): HubEvent {
  return {
    detailType: 'WorkProgrammeItemScheduled',
    detail: {
      eventId: `01JEVENT${String(n).padStart(4, '0')}`,
      schemaVersion: 1,
      occurredAt: `2026-01-01T09:0${n}:00.000Z`,
      areaId: 'south-yorkshire',
      organisationId: 'south-yorkshire-police-and-crime-panel',
      subject: { type: 'work-programme-item', id: `wp-${n}`, version: 1 },
      actor: { kind: 'organisation', organisationId: 'south-yorkshire-police-and-crime-panel' },
      visibility: 'public',
      data: {
        title: `Item ${n}`,
        themes: ['domestic-abuse'],
        kind: 'report',
        quarter: '2026-Q1',
        status: 'planned',
        priorities: [],
        visibility: 'public',
      },
    },
  };
}

/** How the outbox index answers: the log item, with its outbox keys. */
function outboxItem(event: HubEvent) {
  const { detail } = event;
  return {
    pk: `LOG#south-yorkshire#work-programme-item#south-yorkshire-police-and-crime-panel#${detail.subject.id}`,
    sk: 'V#0000000001',
    detailType: event.detailType,
    detail: JSON.stringify(detail),
    eventId: detail.eventId,
    occurredAt: detail.occurredAt,
    outboxPk: 'pending',
    outboxSk: `${detail.occurredAt}#${detail.eventId}`,
  };
}

const eventIdOf = (entry: { Detail?: string | undefined }) => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId;

function busRefusing(...refusedEventIds: string[]) {
  return (input: PutEventsCommandInput) => {
    const entries = (input.Entries ?? []).map((entry) =>
      refusedEventIds.includes(eventIdOf(entry))
        ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' }
        : { EventId: `bus-${eventIdOf(entry)}` },
    );
    return { Entries: entries, FailedEntryCount: entries.filter((entry) => 'ErrorCode' in entry).length };
  };
}

const markedPublished = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key);

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(UpdateCommand).resolves({});
});

describe('outbox republisher', () => {
  it('asks the outbox only for events older than the minimum age, at most the run limit', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await createOutboxRepublisher(deps({ minAgeMs: 30_000, maxPerRun: 50 }))();

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'outbox',
      ExpressionAttributeValues: { ':pending': 'pending', ':before': '2026-01-01T09:59:30.000Z' },
      Limit: 50,
    });
  });

  it('sends at most 500 events a run unless told otherwise', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await createOutboxRepublisher(deps())();

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(500);
  });

  it('does nothing when the outbox is empty', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    const result = await createOutboxRepublisher(deps())();

    expect(result).toEqual({ found: 0, republished: 0, failed: 0 });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('publishes exactly what the outbox holds and takes each published event out of the outbox', async () => {
    const events = [itemScheduled(1), itemScheduled(2)];
    ddb.on(QueryCommand).resolves({ Items: events.map(outboxItem) });
    eventBridge.on(PutEventsCommand).callsFake(busRefusing());

    const result = await createOutboxRepublisher(deps())();

    expect(result).toEqual({ found: 2, republished: 2, failed: 0 });
    expect(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.map(eventIdOf)).toEqual(['01JEVENT0001', '01JEVENT0002']);
    expect(markedPublished()).toEqual(
      expect.arrayContaining([
        { pk: 'LOG#south-yorkshire#work-programme-item#south-yorkshire-police-and-crime-panel#wp-1', sk: 'V#0000000001' },
        { pk: 'LOG#south-yorkshire#work-programme-item#south-yorkshire-police-and-crime-panel#wp-2', sk: 'V#0000000001' },
      ]),
    );
    expect(markedPublished()).toHaveLength(2);
  });

  it('leaves an event the bus keeps refusing in the outbox for the next run, and counts it', async () => {
    const events = [itemScheduled(1), itemScheduled(2), itemScheduled(3)];
    ddb.on(QueryCommand).resolves({ Items: events.map(outboxItem) });
    eventBridge.on(PutEventsCommand).callsFake(busRefusing('01JEVENT0002'));

    const result = await createOutboxRepublisher(deps())();

    expect(result).toEqual({ found: 3, republished: 2, failed: 1 });
    expect(markedPublished().map((key) => key?.pk)).not.toContain(
      'LOG#south-yorkshire#work-programme-item#south-yorkshire-police-and-crime-panel#wp-2',
    );
    expect(markedPublished()).toHaveLength(2);
  });

  it('leaves everything in the outbox when the bus cannot be reached, without throwing', async () => {
    ddb.on(QueryCommand).resolves({ Items: [outboxItem(itemScheduled(1))] });
    eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const result = await createOutboxRepublisher(deps())();

    expect(result).toEqual({ found: 1, republished: 0, failed: 1 });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
