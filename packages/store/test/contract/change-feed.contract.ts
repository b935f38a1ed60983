import { priorityPublished } from '@partnership-hub/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangeFeed } from '../../src/index.ts';

const AREA = 'feed-area';
const published = (id: string, eventId: string, visibility: 'public' | 'partners' = 'public') =>
  priorityPublished({ areaId: AREA, id, eventId, state: { visibility } });

/** What every change feed must do, whatever it keeps the feed in. */
export function describeChangeFeedContract(name: string, makeStore: () => Promise<ChangeFeed>) {
  describe(`${name}: the change feed contract`, () => {
    let feed: ChangeFeed;
    beforeEach(async () => {
      feed = await makeStore();
    });

    describe('append', () => {
      it("numbers an area's events 1, 2, 3... with no gap and each once, however many appenders race and however often each is delivered", async () => {
        const events = Array.from({ length: 15 }, (_, index) => published(`p${index}`, `event-${String(index).padStart(3, '0')}`));
        // Every event delivered three times, all at once.
        const results = await Promise.all(events.flatMap((event) => [1, 2, 3].map(() => feed.append(event, 'full'))));

        const { entries } = await feed.read(AREA, 0, 1000);
        expect(entries.map((entry) => entry.sequence)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
        expect(new Set(entries.map((entry) => entry.event.detail.eventId))).toEqual(new Set(events.map((event) => event.detail.eventId)));
        expect(results.filter((result) => result.appended)).toHaveLength(15);
        expect(await feed.lastSequence(AREA)).toBe(15);
      });

      it('answers the place an event already has when it is delivered again, adding nothing', async () => {
        await feed.append(published('p1', 'event-1'), 'full');
        await feed.append(published('p2', 'event-2'), 'full');

        expect(await feed.append(published('p1', 'event-1'), 'full')).toEqual({ sequence: 1, appended: false });
        expect(await feed.lastSequence(AREA)).toBe(2);
      });

      it('keeps each area its own order', async () => {
        await feed.append(published('p1', 'event-1'), 'full');
        const elsewhere = priorityPublished({ areaId: 'other-area', id: 'p1', eventId: 'event-elsewhere' });

        expect(await feed.append(elsewhere, 'full')).toEqual({ sequence: 1, appended: true });
        expect(await feed.lastSequence('other-area')).toBe(1);
        expect(await feed.lastSequence('empty-area')).toBe(0);
      });
    });

    describe('read', () => {
      it('answers each entry with its event and public view, as appended', async () => {
        const event = published('p1', 'event-1', 'partners');
        await feed.append(event, 'restricted');

        expect(await feed.read(AREA, 0, 10)).toEqual({ entries: [{ sequence: 1, event, publicView: 'restricted' }], examined: 1 });
      });

      it('keeps the links that decide a `links` entry, read and looked up by event id alike', async () => {
        const event = published('p1', 'event-1', 'public');
        await feed.append(event, 'links', ['panel/secret', 'plan:csp/p']);
        const entry = { sequence: 1, event, publicView: 'links', linksChanged: ['panel/secret', 'plan:csp/p'] };

        expect(await feed.read(AREA, 0, 10)).toEqual({ entries: [entry], examined: 1 });
        expect(await feed.byEventId(AREA, 'event-1')).toEqual(entry);
      });

      it('reads from after a sequence number, filters, and says how far it looked', async () => {
        for (const [index, visibility] of (['public', 'partners', 'partners', 'public'] as const).entries()) {
          await feed.append(published(`p${index}`, `event-${index}`, visibility), visibility === 'public' ? 'full' : 'hidden');
        }
        const publicOnly = await feed.read(AREA, 1, 10, (entry) => entry.publicView !== 'hidden');
        expect(publicOnly.entries.map((entry) => entry.sequence)).toEqual([4]);
        expect(publicOnly.examined).toBe(4);
        const limited = await feed.read(AREA, 0, 2);
        expect(limited.entries.map((entry) => entry.sequence)).toEqual([1, 2]);
        expect(limited.examined).toBe(2);
        expect(await feed.read(AREA, 4, 10)).toEqual({ entries: [], examined: 4 });
      });

      it('finds an entry by its event id', async () => {
        await feed.append(published('p1', 'event-x'), 'full');
        expect((await feed.byEventId(AREA, 'event-x'))?.sequence).toBe(1);
        expect(await feed.byEventId(AREA, 'event-missing')).toBeUndefined();
      });
    });

    describe('claims', () => {
      it('answers the place each event of an area holds, and none of another area', async () => {
        await feed.append(published('p1', 'event-1'), 'full');
        await feed.append(published('p2', 'event-2'), 'full');
        await feed.append(priorityPublished({ areaId: 'other-area', id: 'p1', eventId: 'event-elsewhere' }), 'full');

        expect(await feed.claims(AREA)).toEqual(
          new Map([
            ['event-1', 1],
            ['event-2', 2],
          ]),
        );
        expect(await feed.claims('empty-area')).toEqual(new Map());
      });
    });

    describe('restoreClaim', () => {
      it('writes nothing for an entry whose claim is there: a redelivery still adds nothing', async () => {
        await feed.append(published('p1', 'event-1'), 'full');

        expect(await feed.restoreClaim(AREA, 'event-1', 1)).toBe(false);
        expect(await feed.append(published('p1', 'event-1'), 'full')).toEqual({ sequence: 1, appended: false });
        expect(await feed.claims(AREA)).toEqual(new Map([['event-1', 1]]));
      });

      it('claims no place that does not hold the event', async () => {
        await feed.append(published('p1', 'event-1'), 'full');

        expect(await feed.restoreClaim(AREA, 'event-2', 1)).toBe(false);
        expect(await feed.restoreClaim(AREA, 'event-2', 2)).toBe(false);
        expect(await feed.claims(AREA)).toEqual(new Map([['event-1', 1]]));
      });
    });
  });
}
