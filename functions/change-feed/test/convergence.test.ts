import type { HubEvent } from '@partnership-hub/events';
import { InMemoryChangeFeed, InMemoryEventLog } from '@partnership-hub/store';
import { AREA, delivery, deliveryTally, historyAndDeliveries } from '@partnership-hub/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createChangeFeedAppender } from '../src/change-feed.ts';

/**
 * Convergence: EventBridge delivers at least once and in no particular order, so whatever order a
 * history of events arrives in, and however many times each event arrives, the change feed must hold
 * every event exactly once, gap-free, each shown to the public as in-order delivery shows it. The
 * histories come from @partnership-hub/testing, shared with the projector's property.
 */

const NUM_RUNS = 200;
const tally = deliveryTally();

afterAll(() => {
  console.log(tally.report('change feed convergence'));
});

async function appended(events: HubEvent[], order: number[], concurrently: boolean) {
  const feed = new InMemoryChangeFeed();
  const eventLog = new InMemoryEventLog();
  // The log holds every event before any is published (the outbox publishes what the log has).
  for (const event of events) await eventLog.append(event);
  const append = createChangeFeedAppender({ feed, eventLog });
  const deliveries = order.map((index) => delivery(events[index]!));
  if (concurrently) await Promise.all(deliveries.map((each) => append(each)));
  else for (const each of deliveries) await append(each);
  const { entries } = await feed.read(AREA, 0, 10_000);
  return entries;
}

describe('the change feed appender', () => {
  for (const concurrently of [false, true]) {
    it(`holds each event exactly once, gap-free, seen by the public as in order (${concurrently ? 'concurrent' : 'one at a time'})`, async () => {
      await fc.assert(
        fc.asyncProperty(historyAndDeliveries, async ({ events, order }) => {
          tally.count(events, order);
          const entries = await appended(events, order, concurrently);
          const inOrder = await appended(events, [...events.keys()], false);
          expect(entries.map((entry) => entry.sequence)).toEqual(events.map((_, index) => index + 1));
          expect(entries.map((entry) => entry.event.detail.eventId).sort()).toEqual(events.map((event) => event.detail.eventId).sort());
          const publicViews = (list: typeof entries) =>
            Object.fromEntries(list.map((entry) => [entry.event.detail.eventId, entry.publicView] as const));
          expect(publicViews(entries)).toEqual(publicViews(inOrder));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
