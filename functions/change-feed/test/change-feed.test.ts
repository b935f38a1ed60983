import { InMemoryChangeFeed, InMemoryEventLog } from '@partnership-hub/store';
import { delivery, priorityPublished, priorityRevised, priorityWithdrawn } from '@partnership-hub/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createChangeFeedAppender, publicViewOf } from '../src/change-feed.ts';

/**
 * The appender: each delivery lands in its area's feed once, with how the public may see it. The
 * feed's own promises (a gap-free order however many appenders race, each event once) are the
 * store's contract: packages/store/test/contract/change-feed.contract.ts.
 */
const AREA = 'feed-area';
let feed: InMemoryChangeFeed;
let eventLog: InMemoryEventLog;

beforeEach(() => {
  feed = new InMemoryChangeFeed();
  eventLog = new InMemoryEventLog();
});

describe('the appender', () => {
  it('marks a public change full, a partners change hidden, and narrowing a public subject restricted (read from the log)', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const first = priorityPublished({ areaId: AREA, id: 'p1', eventId: 'event-1' });
    const narrowed = priorityRevised({ areaId: AREA, id: 'p1', eventId: 'event-2', state: { visibility: 'partners' } });
    await eventLog.append(first);
    await eventLog.append(narrowed);
    const hidden = priorityPublished({ areaId: AREA, id: 'p2', eventId: 'event-3', state: { visibility: 'partners' } });

    await append(delivery(narrowed)); // delivered out of order: the log still says what came before
    await append(delivery(first));
    await append(delivery(hidden));
    await append(delivery(first)); // a duplicate delivery

    const { entries } = await feed.read(AREA, 0, 10);
    expect(entries.map((entry) => [entry.event.detail.eventId, entry.publicView])).toEqual([
      ['event-2', 'restricted'],
      ['event-1', 'full'],
      ['event-3', 'hidden'],
    ]);
  });

  it('answers the place each delivery has, and whether it added it', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const first = priorityPublished({ areaId: AREA, id: 'p1' });
    const second = priorityPublished({ areaId: AREA, id: 'p2' });

    expect(await append(delivery(first))).toEqual({ sequence: 1, appended: true });
    expect(await append(delivery(second))).toEqual({ sequence: 2, appended: true });
    expect(await append(delivery(first))).toEqual({ sequence: 1, appended: false });
  });

  it('refuses a delivery that is not a hub event, so it is retried and dead-lettered', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    await expect(append({ source: 'someone-else', detail: {} })).rejects.toThrow();
    expect(await feed.lastSequence(AREA)).toBe(0);
  });
});

describe('publicViewOf', () => {
  const withdrawn = () => priorityWithdrawn({ areaId: AREA, id: 'p1', eventId: 'w' });
  it('hides a partners change after a withdrawal: the public already saw the subject leave', () => {
    const again = priorityPublished({ areaId: AREA, id: 'p1', eventId: 'again', version: 3, state: { visibility: 'partners' } });
    expect(publicViewOf(again, withdrawn())).toBe('hidden');
    expect(publicViewOf(withdrawn(), undefined)).toBe('full');
  });
});
