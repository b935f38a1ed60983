import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { HubEvent } from '@partnership-hub/events';
import { priorityPublished as publishedPriority } from '@partnership-hub/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventPublisher } from '../src/index.ts';

const BUS = 'partnership-hub';
const eventBridge = mockClient(EventBridgeClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  eventBridge.restore();
});
const client = new EventBridgeClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const noWait = async () => {};

/** The n-th priority a CSP published (a valid PriorityPublished event). */
const priorityPublished = (n: number): HubEvent =>
  publishedPriority({ id: `p${n}`, eventId: `01JEVENT${String(n).padStart(4, '0')}`, state: { title: `Priority ${n}` } });

const eventIdOf = (entry: { Detail?: string | undefined }) => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId;
const sentEventIds = (call: number) => (eventBridge.commandCalls(PutEventsCommand)[call]?.args[0].input.Entries ?? []).map(eventIdOf);

/** A bus that accepts every entry except those of the given event ids, each time it is asked. */
function busRefusing(...refusedEventIds: string[]) {
  return (input: PutEventsCommandInput) => {
    const entries: PutEventsResultEntry[] = (input.Entries ?? []).map((entry) =>
      refusedEventIds.includes(eventIdOf(entry))
        ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' }
        : { EventId: `bus-${eventIdOf(entry)}` },
    );
    return { Entries: entries, FailedEntryCount: entries.filter((entry) => entry.ErrorCode).length };
  };
}

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

beforeEach(() => {
  eventBridge.reset();
});

describe('EventPublisher', () => {
  it('publishes every event in one call when the bus accepts every entry', async () => {
    eventBridge.on(PutEventsCommand).callsFake(busRefusing());
    const events = [priorityPublished(1), priorityPublished(2), priorityPublished(3)];

    const result = await new EventPublisher(client, BUS, { sleep: noWait }).publish(events);

    expect(result).toEqual({ published: events, failed: [] });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('sends each event with the hub source, its detail-type, its JSON detail, its time and the bus name', async () => {
    eventBridge.on(PutEventsCommand).callsFake(busRefusing());
    const event = priorityPublished(1);

    await new EventPublisher(client, BUS, { sleep: noWait }).publish([event]);

    const [entry] = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entry).toEqual({
      EventBusName: BUS,
      Source: 'partnership-hub',
      DetailType: 'PriorityPublished',
      Detail: expect.any(String),
      Time: new Date('2026-01-01T09:00:00.000Z'),
    });
    expect(JSON.parse(entry?.Detail ?? '')).toEqual(event.detail);
  });

  it('sends at most ten entries a call', async () => {
    eventBridge.on(PutEventsCommand).callsFake(busRefusing());
    const events = Array.from({ length: 25 }, (_, index) => priorityPublished(index + 1));

    const result = await new EventPublisher(client, BUS, { sleep: noWait }).publish(events);

    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 5]);
    expect(calls.flatMap((_, index) => sentEventIds(index))).toEqual(events.map((event) => event.detail.eventId));
    expect(result.published).toEqual(events);
    expect(result.failed).toEqual([]);
  });

  it('sends nothing for no events', async () => {
    const result = await new EventPublisher(client, BUS, { sleep: noWait }).publish([]);

    expect(result).toEqual({ published: [], failed: [] });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('sends again only the entry the bus refused', async () => {
    const events = [priorityPublished(1), priorityPublished(2), priorityPublished(3)];
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'bus-1' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' }, { EventId: 'bus-3' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-2' }] });

    const result = await new EventPublisher(client, BUS, { sleep: noWait }).publish(events);

    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(sentEventIds(1)).toEqual(['01JEVENT0002']);
    expect(result.failed).toEqual([]);
    expect(result.published).toHaveLength(3);
    expect(result.published).toEqual(expect.arrayContaining(events));
  });

  it('returns an entry the bus keeps refusing, with the reason, once its attempts are used up, and does not throw', async () => {
    eventBridge.on(PutEventsCommand).callsFake(busRefusing('01JEVENT0002'));
    const events = [priorityPublished(1), priorityPublished(2)];

    const result = await new EventPublisher(client, BUS, { maxAttempts: 3, sleep: noWait }).publish(events);

    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect([sentEventIds(1), sentEventIds(2)]).toEqual([['01JEVENT0002'], ['01JEVENT0002']]);
    expect(result.published).toEqual([events[0]]);
    expect(result.failed).toEqual([{ event: events[1], errorCode: 'InternalFailure', errorMessage: 'Internal failure' }]);
  });

  it('treats an entry missing from the response as refused', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const event = priorityPublished(1);

    const result = await new EventPublisher(client, BUS, { maxAttempts: 2, sleep: noWait }).publish([event]);

    expect(result.published).toEqual([]);
    expect(result.failed).toEqual([{ event, errorCode: 'MissingEntry', errorMessage: expect.any(String) }]);
  });

  it('sends the whole batch again after the call itself failed, e.g. throttled', async () => {
    eventBridge.on(PutEventsCommand).rejectsOnce(throttled()).callsFake(busRefusing());
    const events = [priorityPublished(1), priorityPublished(2)];

    const result = await new EventPublisher(client, BUS, { sleep: noWait }).publish(events);

    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(sentEventIds(1)).toEqual(['01JEVENT0001', '01JEVENT0002']);
    expect(result).toEqual({ published: events, failed: [] });
  });

  it('returns every entry with the error of the call when every attempt fails, and does not throw', async () => {
    eventBridge.on(PutEventsCommand).rejects(throttled());
    const events = [priorityPublished(1), priorityPublished(2)];

    const result = await new EventPublisher(client, BUS, { maxAttempts: 2, sleep: noWait }).publish(events);

    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(result.published).toEqual([]);
    expect(result.failed).toEqual(events.map((event) => ({ event, errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' })));
  });

  it('keeps the batches apart: a refusal in one batch is not sent again with the next', async () => {
    eventBridge.on(PutEventsCommand).callsFake(busRefusing('01JEVENT0003'));
    const events = Array.from({ length: 12 }, (_, index) => priorityPublished(index + 1));

    const result = await new EventPublisher(client, BUS, { maxAttempts: 2, sleep: noWait }).publish(events);

    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length)).toEqual([10, 1, 2]);
    expect(result.published).toHaveLength(11);
    expect(result.failed.map((failure) => failure.event.detail.eventId)).toEqual(['01JEVENT0003']);
  });

  it('waits before each retry, twice as long each time (with jitter), and not before the first attempt', async () => {
    eventBridge.on(PutEventsCommand).callsFake(busRefusing('01JEVENT0001'));
    const sleep = vi.fn(async (_ms: number) => {});

    await new EventPublisher(client, BUS, { maxAttempts: 3, baseDelayMs: 100, sleep }).publish([priorityPublished(1)]);

    expect(sleep).toHaveBeenCalledTimes(2);
    const [first, second] = sleep.mock.calls.map(([ms]) => ms);
    expect(first).toBeGreaterThanOrEqual(50);
    expect(first).toBeLessThanOrEqual(100);
    expect(second).toBeGreaterThanOrEqual(100);
    expect(second).toBeLessThanOrEqual(200);
  });

  it('does not wait when the first attempt succeeds', async () => {
    eventBridge.on(PutEventsCommand).callsFake(busRefusing());
    const sleep = vi.fn(async (_ms: number) => {});

    await new EventPublisher(client, BUS, { sleep }).publish([priorityPublished(1)]);

    expect(sleep).not.toHaveBeenCalled();
  });
});

describe('EventPublisher configuration', () => {
  it('refuses fewer than one attempt, which would report nothing as failed and empty the outbox', () => {
    expect(() => new EventPublisher(new EventBridgeClient({ region: 'eu-west-2' }), 'bus', { maxAttempts: 0 })).toThrow(RangeError);
  });
});
