import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { HubEvent } from '@partnership-hub/events';
import { EventPublisher } from '@partnership-hub/publisher';
import { InMemoryEventLog, logPk, logSk, outboxPosition, subjectRef } from '@partnership-hub/store';
import { PANEL, workProgrammeItemScheduled } from '@partnership-hub/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStreamRelay } from '../src/stream-relay.ts';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const eventBridge = mockClient(EventBridgeClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  eventBridge.restore();
});
const EVER = '2027-01-01T00:00:00.000Z';

function itemScheduled(n: number): HubEvent {
  return workProgrammeItemScheduled({
    organisationId: PANEL,
    id: `wp-${n}`,
    eventId: `01JEVENT${String(n).padStart(4, '0')}`,
    context: { occurredAt: `2026-01-01T09:${String(n).padStart(2, '0')}:00.000Z` },
    state: { title: `Item ${n}` },
  });
}

/** The log item an append writes for the event, as DynamoDB Streams carries it (NEW_IMAGE, marshalled). */
function logItem(event: HubEvent): Record<string, unknown> {
  return {
    pk: logPk(subjectRef(event.detail)),
    sk: logSk(event.detail.subject.version),
    detailType: event.detailType,
    detail: JSON.stringify(event.detail),
    eventId: event.detail.eventId,
    occurredAt: event.detail.occurredAt,
    outboxPk: 'pending',
    outboxSk: outboxPosition(event),
  };
}

const sequenceOf = (n: number) => String(1000 + n).padStart(21, '0');

function insertRecord(n: number, item: Record<string, unknown> = logItem(itemScheduled(n))) {
  return {
    eventID: `record-${n}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-2',
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }),
      NewImage: marshall(item),
      SequenceNumber: sequenceOf(n),
      SizeBytes: 512,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

const batchOf = (...records: unknown[]) => ({ Records: records });
const failuresAt = (...ns: number[]) => ns.map((n) => ({ itemIdentifier: sequenceOf(n) }));

const eventIdOf = (entry: { Detail?: string | undefined }) => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId;
const callsSent = () => eventBridge.commandCalls(PutEventsCommand).map((call) => (call.args[0].input.Entries ?? []).map(eventIdOf));

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

/** The relay over a log holding events 1..count, each still in the outbox, as the stream sees them appended. */
async function relayOver(count: number) {
  const eventLog = new InMemoryEventLog();
  for (let n = 1; n <= count; n++) await eventLog.append(itemScheduled(n));
  const logger = { warn: vi.fn(), error: vi.fn() };
  const publisher = new EventPublisher(new EventBridgeClient({ region: 'eu-west-2', credentials }), 'partnership-hub-bus', {
    sleep: async () => {},
  });
  const records = Array.from({ length: count }, (_, index) => insertRecord(index + 1));
  const waiting = async () => (await eventLog.unpublished(EVER, 1000)).map((event) => event.detail.eventId);
  return { relay: createStreamRelay({ eventLog, publisher, logger }), eventLog, logger, records, waiting };
}

const ids = (...ns: number[]) => ns.map((n) => `01JEVENT${String(n).padStart(4, '0')}`);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(busRefusing());
});

describe('the stream relay', () => {
  it('publishes each inserted event with its detail-type and its detail as an object, and takes it out of the outbox', async () => {
    const { relay, records, waiting } = await relayOver(3);

    const answer = await relay(batchOf(...records));

    expect(answer).toEqual({ batchItemFailures: [] });
    const [entry] = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entry).toMatchObject({
      Source: 'partnership-hub',
      DetailType: 'WorkProgrammeItemScheduled',
      EventBusName: 'partnership-hub-bus',
    });
    expect(JSON.parse(entry?.Detail ?? '')).toEqual(itemScheduled(1).detail);
    expect(callsSent()).toEqual([ids(1, 2, 3)]);
    expect(await waiting()).toEqual([]);
  });

  it('answers, when the bus refuses an entry half-way, that record and every later one, and publishes nothing after it', async () => {
    const { relay, records, waiting } = await relayOver(25);
    eventBridge.on(PutEventsCommand).callsFake(busRefusing(...ids(14)));

    const answer = await relay(batchOf(...records));

    expect(answer).toEqual({ batchItemFailures: failuresAt(...range(14, 25)) });
    // Ten at a time: the second call held the refusal (sent again, alone, as the publisher does), and no third call was made.
    expect(callsSent()).toEqual([ids(...range(1, 10)), ids(...range(11, 20)), ids(14), ids(14)]);
    // 11-13 and 15-20 reached the bus and left the outbox; the stream delivers 14 onwards again.
    expect(await waiting()).toEqual(ids(14, ...range(21, 25)));
  });

  it('answers every record when PutEvents fails whole, e.g. throttled, and keeps every event in the outbox', async () => {
    const { relay, records, waiting } = await relayOver(4);
    eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const answer = await relay(batchOf(...records));

    expect(answer).toEqual({ batchItemFailures: failuresAt(1, 2, 3, 4) });
    expect(await waiting()).toEqual(ids(1, 2, 3, 4));
  });

  it('delivers, when the stream sends the answered records again, exactly those', async () => {
    const { relay, records, waiting } = await relayOver(5);
    eventBridge.on(PutEventsCommand).callsFake(busRefusing(...ids(3)));
    const first = await relay(batchOf(...records));
    expect(first).toEqual({ batchItemFailures: failuresAt(3, 4, 5) });

    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake(busRefusing());
    const again = await relay(batchOf(...records.slice(2)));

    expect(again).toEqual({ batchItemFailures: [] });
    expect(callsSent()).toEqual([ids(3, 4, 5)]);
    expect(await waiting()).toEqual([]);
  });

  it('answers a log item the catalogue refuses, and every record after it, publishing only what came before', async () => {
    const { relay, records, logger, waiting } = await relayOver(4);
    const tampered = { ...logItem(itemScheduled(3)), detail: JSON.stringify({ ...itemScheduled(3).detail, visibility: 'everyone' }) };

    const answer = await relay(batchOf(records[0], records[1], insertRecord(3, tampered), records[3]));

    expect(answer).toEqual({ batchItemFailures: failuresAt(3, 4) });
    expect(callsSent()).toEqual([ids(1, 2)]);
    expect(await waiting()).toEqual(ids(3, 4));
    expect(logger.error).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ sequenceNumber: sequenceOf(3) }));
  });

  it('passes over records that are not inserted log items, answering no failure for them', async () => {
    const { relay, records } = await relayOver(1);
    const modified = { ...insertRecord(2), eventName: 'MODIFY' };
    const view = insertRecord(3, { pk: 'VIEW#south-yorkshire', sk: 'area', state: '{}' });

    const answer = await relay(batchOf(modified, records[0], view));

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(callsSent()).toEqual([ids(1)]);
  });

  it('counts a record as delivered when only taking it out of the outbox failed: that costs a duplicate later, not a loss', async () => {
    const { relay, records, eventLog, logger } = await relayOver(2);
    vi.spyOn(eventLog, 'markPublished').mockRejectedValueOnce(Object.assign(new Error('Slow down'), { name: 'ThrottlingException' }));

    expect(await relay(batchOf(...records))).toEqual({ batchItemFailures: [] });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('outbox'), expect.objectContaining({ eventId: ids(1)[0] }));
  });

  it('throws for a batch that is not a DynamoDB Streams batch, so that the mapping retries it whole', async () => {
    const { relay } = await relayOver(0);

    await expect(relay({ Records: [{ body: 'an SQS message' }] })).rejects.toThrow();
    await expect(relay({ detail: {} })).rejects.toThrow();
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
