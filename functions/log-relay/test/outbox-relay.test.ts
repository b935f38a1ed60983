import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import type { HubEvent } from '@partnership-hub/events';
import { EventPublisher } from '@partnership-hub/publisher';
import type { InMemoryEventLog } from '@partnership-hub/store';
import { inMemoryStores, PANEL, workProgrammeItemScheduled } from '@partnership-hub/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutboxRelay, type OutboxRelayDeps, outboxCutOff } from '../src/outbox-relay.ts';
import { singleFlight } from '../src/single-flight.ts';
import { wakingOnAppend } from '../src/wake-on-append.ts';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const eventBridge = mockClient(EventBridgeClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  eventBridge.restore();
});
const NOW = new Date('2026-01-01T10:00:00.000Z');
/** Later than anything the tests append: what the outbox holds, whatever its age. */
const EVER = '2027-01-01T00:00:00.000Z';

const publisher = () =>
  new EventPublisher(new EventBridgeClient({ region: 'eu-west-2', credentials }), 'partnership-hub-bus', { sleep: async () => {} });

/** The relay over an outbox holding `outbox`: appended to the log, never published. */
async function relayOver(outbox: HubEvent[], overrides: Partial<OutboxRelayDeps> = {}) {
  const { eventLog } = await inMemoryStores({ outbox });
  const deps: OutboxRelayDeps = { eventLog, publisher: publisher(), clock: () => NOW, minAgeMs: 0, ...overrides };
  return { relay: createOutboxRelay(deps), eventLog };
}

/** A work programme item the panel scheduled at the given time, appended but never published. */
function itemScheduled(n: number, occurredAt = `2026-01-01T09:${String(n % 60).padStart(2, '0')}:00.000Z`): HubEvent {
  return workProgrammeItemScheduled({
    organisationId: PANEL,
    id: `wp-${n}`,
    eventId: `01JEVENT${String(n).padStart(4, '0')}`,
    context: { occurredAt },
    state: { title: `Item ${n}` },
  });
}

const eventIdOf = (entry: { Detail?: string | undefined }) => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId;
const callsSent = () => eventBridge.commandCalls(PutEventsCommand).map((call) => (call.args[0].input.Entries ?? []).map(eventIdOf));
const sentEventIds = () => callsSent().flat();
const waiting = async (eventLog: InMemoryEventLog) => (await eventLog.unpublished(EVER, 1000)).map((event) => event.detail.eventId);

/** A bus that accepts every entry except those of the given event ids, each time it is asked. */
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

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4010'), { name: 'Error', code: 'ECONNREFUSED' });

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(busRefusing());
});

describe('the outbox relay', () => {
  it('publishes exactly what the outbox holds, oldest first, and takes each published event out of the outbox', async () => {
    const { relay, eventLog } = await relayOver([itemScheduled(2), itemScheduled(1)]);

    const result = await relay();

    expect(result).toEqual({ found: 2, published: 2, failed: 0 });
    expect(sentEventIds()).toEqual(['01JEVENT0001', '01JEVENT0002']);
    expect(await waiting(eventLog)).toEqual([]);
  });

  it('with no minimum age, relays an event that happened this very millisecond', async () => {
    const { relay, eventLog } = await relayOver([itemScheduled(1, NOW.toISOString())]);

    expect(await relay()).toMatchObject({ published: 1 });
    expect(await waiting(eventLog)).toEqual([]);
  });

  it('leaves events younger than the minimum age to the stream, and sends at most the run limit', async () => {
    const old = [itemScheduled(1), itemScheduled(2), itemScheduled(3, '2026-01-01T09:58:00.000Z')];
    const tooYoung = itemScheduled(4, '2026-01-01T09:58:00.001Z');
    const { relay, eventLog } = await relayOver([...old, tooYoung], { minAgeMs: 120_000, maxPerRun: 2 });

    expect(await relay()).toEqual({ found: 2, published: 2, failed: 0 });
    expect(await waiting(eventLog)).toEqual(['01JEVENT0003', '01JEVENT0004']);
    expect(await relay()).toEqual({ found: 1, published: 1, failed: 0 });
    expect(await waiting(eventLog)).toEqual(['01JEVENT0004']);
  });

  it('reads on, a page at a time, until the outbox is empty, telling after each page how many reached the bus', async () => {
    const outbox = [1, 2, 3, 4, 5].map((n) => itemScheduled(n));
    const onPublished = vi.fn();
    const { relay, eventLog } = await relayOver(outbox, { pageSize: 2, onPublished });
    const unpublished = vi.spyOn(eventLog, 'unpublished');

    const result = await relay();

    expect(result).toEqual({ found: 5, published: 5, failed: 0 });
    expect(unpublished.mock.calls.map(([, limit]) => limit)).toEqual([2, 2, 2]);
    expect(onPublished.mock.calls).toEqual([[2], [2], [1]]);
    expect(await waiting(eventLog)).toEqual([]);
  });

  it('does nothing when the outbox is empty', async () => {
    const { relay, eventLog } = await relayOver([]);
    const markPublished = vi.spyOn(eventLog, 'markPublished');

    expect(await relay()).toEqual({ found: 0, published: 0, failed: 0 });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(markPublished).not.toHaveBeenCalled();
  });

  describe('when the bus fails', () => {
    it('keeps every event when PutEvents fails whole, and a later run delivers exactly those', async () => {
      const { relay, eventLog } = await relayOver([itemScheduled(1), itemScheduled(2)]);
      eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error('We encountered an internal error'), { name: 'InternalException' }));

      const failed = await relay();

      expect(failed).toEqual({ found: 2, published: 0, failed: 2, firstError: 'InternalException: We encountered an internal error' });
      expect(await waiting(eventLog)).toEqual(['01JEVENT0001', '01JEVENT0002']);

      eventBridge.reset();
      eventBridge.on(PutEventsCommand).callsFake(busRefusing());
      expect(await relay()).toEqual({ found: 2, published: 2, failed: 0 });
      expect(sentEventIds()).toEqual(['01JEVENT0001', '01JEVENT0002']);
      expect(await waiting(eventLog)).toEqual([]);
    });

    it('keeps only the entries the bus refused (FailedEntryCount), and a later run sends exactly those', async () => {
      const { relay, eventLog } = await relayOver([itemScheduled(1), itemScheduled(2), itemScheduled(3)]);
      eventBridge.on(PutEventsCommand).callsFake(busRefusing('01JEVENT0002'));

      expect(await relay()).toEqual({ found: 3, published: 2, failed: 1, firstError: 'InternalFailure: Internal failure' });
      expect(await waiting(eventLog)).toEqual(['01JEVENT0002']);

      eventBridge.reset();
      eventBridge.on(PutEventsCommand).callsFake(busRefusing());
      expect(await relay()).toEqual({ found: 1, published: 1, failed: 0 });
      expect(callsSent()).toEqual([['01JEVENT0002']]);
      expect(await waiting(eventLog)).toEqual([]);
    });

    it('keeps every event while PutEvents is throttled (ThrottlingException), and a later run delivers them', async () => {
      const { relay, eventLog } = await relayOver([itemScheduled(1)]);
      eventBridge.on(PutEventsCommand).rejects(throttled());

      expect(await relay()).toEqual({ found: 1, published: 0, failed: 1, firstError: 'ThrottlingException: Rate exceeded' });
      expect(await waiting(eventLog)).toEqual(['01JEVENT0001']);

      eventBridge.reset();
      eventBridge.on(PutEventsCommand).callsFake(busRefusing());
      expect(await relay()).toEqual({ found: 1, published: 1, failed: 0 });
      expect(await waiting(eventLog)).toEqual([]);
    });

    it('stops reading on after a refusal, rather than meet it again page after page', async () => {
      const { relay, eventLog } = await relayOver(
        [1, 2, 3, 4].map((n) => itemScheduled(n)),
        { pageSize: 2 },
      );
      eventBridge.on(PutEventsCommand).callsFake(busRefusing('01JEVENT0001'));
      const unpublished = vi.spyOn(eventLog, 'unpublished');

      expect(await relay()).toMatchObject({ found: 2, published: 1, failed: 1 });
      expect(unpublished).toHaveBeenCalledTimes(1);
      expect(await waiting(eventLog)).toEqual(['01JEVENT0001', '01JEVENT0003', '01JEVENT0004']);
    });
  });

  it('answers the cut-off for events at least the minimum age old, that millisecond included', () => {
    expect(outboxCutOff(NOW, 0)).toBe('2026-01-01T10:00:00.001Z');
    expect(outboxCutOff(NOW, 120_000)).toBe('2026-01-01T09:58:00.001Z');
  });
});

describe('a relay woken on each append, in one process', () => {
  /** As the local run wires it: the API's log wakes a single-flight relay after each append. */
  async function localRelay() {
    const { eventLog } = await inMemoryStores();
    const relay = singleFlight(createOutboxRelay({ eventLog, publisher: publisher(), clock: () => new Date(EVER), minAgeMs: 0 }));
    return { apiLog: wakingOnAppend(eventLog, relay.wake), eventLog, relay };
  }

  it('keeps the events while its bus is down, and delivers every one of them once it is back', async () => {
    const { apiLog, eventLog, relay } = await localRelay();
    eventBridge.on(PutEventsCommand).rejects(unreachable());

    for (const n of [1, 2, 3]) await apiLog.append(itemScheduled(n));
    await relay.idle();

    expect(eventBridge.commandCalls(PutEventsCommand).length).toBeGreaterThan(0);
    expect(await waiting(eventLog)).toEqual(['01JEVENT0001', '01JEVENT0002', '01JEVENT0003']);

    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake(busRefusing());
    // The bus is back: the next wake-up (an append, or the safety-net poll) delivers the backlog with it.
    await apiLog.append(itemScheduled(4));
    await relay.idle();

    expect(await waiting(eventLog)).toEqual([]);
    expect(sentEventIds().sort()).toEqual(['01JEVENT0001', '01JEVENT0002', '01JEVENT0003', '01JEVENT0004']);
  });

  it('carries everything appended meanwhile in the run after the one under way', async () => {
    const { apiLog, eventLog, relay } = await localRelay();
    let releaseBus!: () => void;
    const busHeld = new Promise<void>((resolve) => {
      releaseBus = resolve;
    });
    eventBridge.on(PutEventsCommand).callsFake(async (input: PutEventsCommandInput) => {
      await busHeld;
      return busRefusing()(input);
    });

    await apiLog.append(itemScheduled(1));
    for (const n of [2, 3, 4, 5]) await apiLog.append(itemScheduled(n));
    releaseBus();
    await relay.idle();

    expect(callsSent()).toEqual([['01JEVENT0001'], ['01JEVENT0002', '01JEVENT0003', '01JEVENT0004', '01JEVENT0005']]);
    expect(await waiting(eventLog)).toEqual([]);
  });
});
