import type { HubEvent } from '@partnership-hub/events';
import { type FeedEntry, InMemoryChangeFeed, InMemoryEventLog } from '@partnership-hub/store';
import {
  AREA,
  CSP,
  delivery,
  deliveryTally,
  historyAndDeliveries,
  PANEL,
  priorityPublished,
  priorityRevised,
} from '@partnership-hub/testing';
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
          expect(publicViews(entries)).toEqual(publicViews(inOrder));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }

  // Revisions of one public priority that change its title or its links (to a public priority and a
  // partners-only one, in either order), so that some are news to the public, some are decided
  // when read (`links`) and some are not: each is shown alike whatever order they arrive in.
  const LINKS = [
    { organisationId: PANEL, priorityId: 'open' },
    { organisationId: CSP, priorityId: 'secret' },
  ];
  const revisionsOfLinks = fc
    .array(fc.record({ retitled: fc.boolean(), links: fc.subarray([0, 1, 1, 0]) }), { minLength: 1, maxLength: 6 })
    .map((steps) => {
      const stateAt = (index: number) => ({
        title: `Title ${steps.slice(0, index + 1).filter((step) => step.retitled).length}`,
        supports: [...new Set(steps[index]!.links)].map((link) => LINKS[link]!),
      });
      const events: HubEvent[] = [priorityPublished({ id: 'linked', state: stateAt(0) })];
      for (let index = 1; index < steps.length; index++) {
        if (JSON.stringify(stateAt(index)) === JSON.stringify(stateAt(index - 1))) continue;
        const version = events.length + 1;
        events.push(priorityRevised({ id: 'linked', version, before: stateAt(index - 1), state: stateAt(index) }));
      }
      return events;
    })
    .chain((events) =>
      fc
        .array(fc.nat({ max: events.length - 1 }), { maxLength: events.length })
        .chain((again) => fc.shuffledSubarray([...events.keys(), ...again], { minLength: events.length + again.length }))
        .map((order) => ({ events, order })),
    );

  it('shows each revision of links to the public as in order, whatever order they arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(revisionsOfLinks, async ({ events, order }) => {
        const entries = await appended(events, order, false);
        expect(publicViews(entries)).toEqual(publicViews(await appended(events, [...events.keys()], false)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

/** How each event is shown to the public, by its id: its view and, for `links`, the links that decide it. */
const publicViews = (entries: FeedEntry[]) =>
  Object.fromEntries(entries.map((entry) => [entry.event.detail.eventId, [entry.publicView, entry.linksChanged]] as const));
