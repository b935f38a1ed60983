import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import type { HubEvent } from '@partnership-hub/events';
import { EventPublisher } from '@partnership-hub/publisher';
import type { InMemoryEventLog } from '@partnership-hub/store';
import { inMemoryStores, PANEL, workProgrammeItemScheduled } from '@partnership-hub/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutboxRepublisher, type RepublisherDeps } from '../src/republisher.ts';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const eventBridge = mockClient(EventBridgeClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  eventBridge.restore();
});
const NOW = new Date('2026-01-01T10:00:00.000Z');
/** Later than anything the tests append: what the outbox holds, whatever its age. */
const EVER = '2027-01-01T00:00:00.000Z';

/** The republisher over an outbox holding `outbox`: appended to the log, never published. */
async function republisherOver(outbox: HubEvent[], overrides: Partial<RepublisherDeps> = {}) {
  const { eventLog } = await inMemoryStores({ outbox });
  const deps: RepublisherDeps = {
    eventLog,
    publisher: new EventPublisher(new EventBridgeClient({ region: 'eu-west-2', credentials }), 'partnership-hub-bus', {
      sleep: async () => {},
    }),
    clock: () => NOW,
    minAgeMs: 30_000,
    ...overrides,
  };
  return { republish: createOutboxRepublisher(deps), eventLog };
}

/** A work programme item the panel scheduled at the given time, appended but never published. */
function itemScheduled(n: number, occurredAt = `2026-01-01T09:0${n}:00.000Z`): HubEvent {
  return workProgrammeItemScheduled({
    organisationId: PANEL,
    id: `wp-${n}`,
    eventId: `01JEVENT${String(n).padStart(4, '0')}`,
    context: { occurredAt },
    state: { title: `Item ${n}` },
  });
}

const eventIdOf = (entry: { Detail?: string | undefined }) => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId;
const sentEventIds = () => eventBridge.commandCalls(PutEventsCommand).flatMap((call) => (call.args[0].input.Entries ?? []).map(eventIdOf));
const waiting = async (eventLog: InMemoryEventLog) => (await eventLog.unpublished(EVER, 1000)).map((event) => event.detail.eventId);

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

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(busRefusing());
});

describe('outbox republisher', () => {
  it('asks the outbox only for events older than the minimum age, at most the run limit', async () => {
    const old = [itemScheduled(1), itemScheduled(2), itemScheduled(3, '2026-01-01T09:59:29.999Z')];
    const tooYoung = itemScheduled(4, '2026-01-01T09:59:30.000Z');
    const { republish, eventLog } = await republisherOver([...old, tooYoung], { minAgeMs: 30_000, maxPerRun: 2 });
    const unpublished = vi.spyOn(eventLog, 'unpublished');

    const result = await republish();

    expect(unpublished).toHaveBeenCalledWith('2026-01-01T09:59:30.000Z', 2);
    expect(result).toEqual({ found: 2, republished: 2, failed: 0 });
    expect(await waiting(eventLog)).toEqual(['01JEVENT0003', '01JEVENT0004']);
    expect(await republish()).toEqual({ found: 1, republished: 1, failed: 0 });
    expect(await waiting(eventLog)).toEqual(['01JEVENT0004']);
  });

  it('sends at most 500 events a run unless told otherwise', async () => {
    const outbox = Array.from({ length: 501 }, (_, index) => itemScheduled(index + 1, '2026-01-01T09:00:00.000Z'));
    const { republish, eventLog } = await republisherOver(outbox);
    const unpublished = vi.spyOn(eventLog, 'unpublished');

    const result = await republish();

    expect(unpublished).toHaveBeenCalledWith(expect.any(String), 500);
    expect(result).toEqual({ found: 500, republished: 500, failed: 0 });
    expect(await waiting(eventLog)).toHaveLength(1);
  });

  it('does nothing when the outbox is empty', async () => {
    const { republish, eventLog } = await republisherOver([]);
    const markPublished = vi.spyOn(eventLog, 'markPublished');

    const result = await republish();

    expect(result).toEqual({ found: 0, republished: 0, failed: 0 });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(markPublished).not.toHaveBeenCalled();
  });

  it('publishes exactly what the outbox holds and takes each published event out of the outbox', async () => {
    const { republish, eventLog } = await republisherOver([itemScheduled(1), itemScheduled(2)]);

    const result = await republish();

    expect(result).toEqual({ found: 2, republished: 2, failed: 0 });
    expect(sentEventIds()).toEqual(['01JEVENT0001', '01JEVENT0002']);
    expect(await waiting(eventLog)).toEqual([]);
  });

  it('leaves an event the bus keeps refusing in the outbox for the next run, and counts it', async () => {
    const { republish, eventLog } = await republisherOver([itemScheduled(1), itemScheduled(2), itemScheduled(3)]);
    eventBridge.on(PutEventsCommand).callsFake(busRefusing('01JEVENT0002'));

    const result = await republish();

    expect(result).toEqual({ found: 3, republished: 2, failed: 1 });
    expect(await waiting(eventLog)).toEqual(['01JEVENT0002']);
  });

  it('leaves everything in the outbox when the bus cannot be reached, without throwing', async () => {
    const { republish, eventLog } = await republisherOver([itemScheduled(1)]);
    eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const result = await republish();

    expect(result).toEqual({ found: 1, republished: 0, failed: 1 });
    expect(await waiting(eventLog)).toEqual(['01JEVENT0001']);
  });
});
