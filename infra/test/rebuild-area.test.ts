import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { createChangeFeedAppender } from '@partnership-hub/change-feed';
import { londonDate } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import { createProjector, rebuildJointView, storeView } from '@partnership-hub/projector';
import {
  type ChangeFeed,
  DynamoDbChangeFeed,
  DynamoDbEventLog,
  DynamoDbViewStore,
  feedPk,
  feedSlotSk,
  InMemoryChangeFeed,
  InMemoryEventLog,
  InMemoryViewStore,
} from '@partnership-hub/store';
import {
  AREA,
  areaRegistered,
  CSP,
  delivery,
  organisationRegistered,
  PANEL,
  priorityPublished,
  priorityRevised,
  protocolVersionProposed,
  workProgrammeItemScheduled,
} from '@partnership-hub/testing';
import { useEmbeddedTables } from '@partnership-hub/testing/embedded-tables';
import { describe, expect, it } from 'vitest';
import { AreaNotFoundError, type RebuildProgress, type RebuildStores, rebuildArea } from '../src/rebuild/rebuild-area.ts';

/**
 * The rebuild's core on the stores' ports: in memory for what it derives, and on the DynamoDB
 * adapters (dynalite in memory) where items must be deleted from the table to show what it mends.
 * `npm run rebuild` on a real data folder: rebuild-command.test.ts.
 */
const at = (minute: number) => ({ occurredAt: `2026-01-01T09:${String(minute).padStart(2, '0')}:00.000Z` });
const OTHER_AREA = 'west-yorkshire';

/** A small area's history in the order it happened: bodies, priorities (one narrowed to partners), an item, a protocol. */
function history(areaId = AREA): HubEvent[] {
  const id = (name: string) => `${areaId}-${name}`;
  return [
    areaRegistered({ areaId, eventId: id('area'), context: at(0) }),
    organisationRegistered({ areaId, eventId: id('csp'), context: at(1) }),
    organisationRegistered({ areaId, organisationId: PANEL, kind: 'panel', name: 'The Panel', eventId: id('panel'), context: at(2) }),
    priorityPublished({ areaId, id: 'p1', eventId: id('p1-v1'), context: at(3) }),
    priorityPublished({ areaId, id: 'p2', eventId: id('p2-v1'), context: at(4) }),
    priorityRevised({ areaId, id: 'p1', eventId: id('p1-v2'), state: { status: 'achieved' }, context: at(5) }),
    priorityRevised({ areaId, id: 'p2', eventId: id('p2-v2'), state: { visibility: 'partners' }, context: at(6) }),
    workProgrammeItemScheduled({ areaId, organisationId: PANEL, id: 'wp1', eventId: id('wp1-v1'), context: at(7) }),
    protocolVersionProposed({ areaId, proposer: CSP, eventId: id('jwp-v1'), context: at(8) }),
  ];
}

/** Stores holding `events` in their log and, unless told otherwise, as the consumers left them after each delivery, in order. */
async function storesWith(events: HubEvent[], { delivered = true } = {}): Promise<RebuildStores> {
  const stores = { eventLog: new InMemoryEventLog(), views: new InMemoryViewStore(), feed: new InMemoryChangeFeed() };
  for (const event of events) await stores.eventLog.append(event);
  if (delivered) await deliver(stores, events);
  return stores;
}

async function deliver(stores: RebuildStores, events: HubEvent[]) {
  const project = createProjector({ views: stores.views, clock: () => new Date() });
  const append = createChangeFeedAppender({ feed: stores.feed, eventLog: stores.eventLog });
  for (const event of events) {
    await project(delivery(event));
    await append(delivery(event));
  }
}

/** Everything a reader can get of an area's projections. */
async function projections(stores: RebuildStores, areaId = AREA) {
  return {
    views: await stores.views.list(areaId),
    jointViews: await Promise.all(
      (['public', 'partners'] as const).map(async (audience) => (await stores.views.jointView(areaId, audience))?.body),
    ),
    feed: (await stores.feed.read(areaId, 0, 1000)).entries,
  };
}

const feedOrder = async (feed: ChangeFeed, areaId = AREA) =>
  (await feed.read(areaId, 0, 1000)).entries.map((entry) => [entry.sequence, entry.event.detail.eventId]);

describe('rebuildArea, on stores in memory', () => {
  it('derives from the log alone the same views, joint views and change feed as the consumers did', async () => {
    const events = history();
    const consumed = await storesWith(events);
    const fromLogOnly = await storesWith(events, { delivered: false });

    const summary = await rebuildArea(fromLogOnly, AREA);

    expect(await projections(fromLogOnly)).toEqual(await projections(consumed));
    expect((await projections(fromLogOnly)).feed.map((entry) => entry.publicView)).toContain('restricted');
    expect(summary).toMatchObject({
      areaId: AREA,
      eventsRead: events.length,
      // One view per subject: the area, two bodies, two priorities, an item and a protocol.
      viewsWritten: 7,
      jointViewsRewritten: true,
      changeFeed: { entriesAdded: events.length, backInPlace: 0, claimsRestored: 0, gaps: [] },
    });
  });

  it('changes nothing when run again, nor on projections the consumers already brought up to date', async () => {
    const stores = await storesWith(history());
    const before = await projections(stores);
    const revisionBefore = await stores.views.latestJointRevision(AREA);

    const summary = await rebuildArea(stores, AREA);

    expect(summary).toMatchObject({
      eventsRead: history().length,
      viewsWritten: 0,
      jointViewsRewritten: false,
      changeFeed: { entriesAdded: 0, claimsRestored: 0, gaps: [] },
    });
    expect(await projections(stores)).toEqual(before);
    expect(await stores.views.latestJointRevision(AREA)).toBe(revisionBefore);
  });

  it('adds to the end of the feed, in the order they happened, the events it never had', async () => {
    const events = history();
    const stores = await storesWith(events.slice(0, 5));
    for (const event of events.slice(5)) await stores.eventLog.append(event);

    const summary = await rebuildArea(stores, AREA);

    expect((await feedOrder(stores.feed)).map(([, eventId]) => eventId)).toEqual(events.map((event) => event.detail.eventId));
    expect(summary.changeFeed).toEqual({ entriesAdded: 4, backInPlace: 0, claimsRestored: 0, gaps: [] });
    expect(summary.viewsWritten).toBe(4);
  });

  it('leaves another area untouched', async () => {
    const stores = await storesWith([...history(), ...history(OTHER_AREA)]);
    const otherBefore = await projections(stores, OTHER_AREA);
    const otherRevision = await stores.views.latestJointRevision(OTHER_AREA);
    await stores.eventLog.append(priorityPublished({ id: 'p9', eventId: 'late', context: at(30) }));

    const summary = await rebuildArea(stores, AREA);

    expect(summary.eventsRead).toBe(history().length + 1);
    expect(await projections(stores, OTHER_AREA)).toEqual(otherBefore);
    expect(await stores.views.latestJointRevision(OTHER_AREA)).toBe(otherRevision);
  });

  it('refuses an area the log does not have', async () => {
    const stores = await storesWith(history());

    await expect(rebuildArea(stores, 'nowhere')).rejects.toBeInstanceOf(AreaNotFoundError);
    expect(await stores.views.list('nowhere')).toEqual([]);
  });

  it('reports progress every 500 events, every 2 s of its clock, and at the end of each phase', async () => {
    const priorities = Array.from({ length: 1_100 }, (_, index) =>
      priorityPublished({ id: `p${index}`, eventId: `e${index}`, context: at(9) }),
    );
    const stores = await storesWith([areaRegistered({ context: at(0) }), ...priorities], { delivered: false });
    const byCount: RebuildProgress[] = [];
    const byTime: RebuildProgress[] = [];
    let clock = 0;

    await rebuildArea(stores, AREA, { progress: (progress) => byCount.push(progress), now: () => 0 });
    await rebuildArea(await storesWith([areaRegistered(), ...priorities.slice(0, 3)], { delivered: false }), AREA, {
      progress: (progress) => byTime.push(progress),
      now: () => (clock += 1_000),
    });

    expect(byCount.map(({ phase, done, total }) => [phase, done, total])).toEqual([
      ['events', 500, 1_101],
      ['events', 1_000, 1_101],
      ['events', 1_101, 1_101],
      ['change-feed', 500, 1_101],
      ['change-feed', 1_000, 1_101],
      ['change-feed', 1_101, 1_101],
    ]);
    // The clock moves 1 s at each reading; a step reads it once, and a report once more: every other step is 2 s after the last report.
    expect(byTime.filter((progress) => progress.phase === 'events').map((progress) => progress.done)).toEqual([2, 4]);
  });
});

describe('rebuildArea, after items were deleted from the DynamoDB table', () => {
  const embedded = useEmbeddedTables('rebuild');

  /** A table holding both areas' histories, delivered to the consumers. */
  async function deliveredTable() {
    const tableName = await embedded.freshTable();
    const { documents } = embedded;
    const stores = {
      eventLog: new DynamoDbEventLog(documents, tableName),
      views: new DynamoDbViewStore(documents, tableName),
      feed: new DynamoDbChangeFeed(documents, tableName),
    };
    const events = [...history(), ...history(OTHER_AREA)];
    for (const event of events) await stores.eventLog.append(event);
    // What the consumers leave, with the joint views rebuilt once per area rather than after every event: the same state, for less time.
    const append = createChangeFeedAppender({ feed: stores.feed, eventLog: stores.eventLog });
    for (const event of events) {
      await storeView(stores.views, event);
      await append(delivery(event));
    }
    for (const areaId of [AREA, OTHER_AREA]) await rebuildJointView(stores.views, areaId, londonDate(new Date()));
    const remove = (pk: string, sk: string) => documents.send(new DeleteCommand({ TableName: tableName, Key: { pk, sk } }));
    return { stores, remove };
  }
  const claimSk = (eventId: string) => `event#${AREA}-${eventId}`;

  it("puts back a subject's view and the joint views as they were", async () => {
    const { stores, remove } = await deliveredTable();
    const before = await projections(stores);
    await remove(`VIEW#${AREA}`, `priority#${CSP}#p1`);
    await remove(`JOINT#${AREA}`, 'view#public');
    await remove(`JOINT#${AREA}`, 'view#partners');

    const summary = await rebuildArea(stores, AREA);

    expect(await projections(stores)).toEqual(before);
    expect(summary).toMatchObject({ viewsWritten: 1, jointViewsRewritten: true, changeFeed: { entriesAdded: 0 } });
  });

  it('puts lost entries whose claims were kept back at their places, before an event new to the feed takes one', async () => {
    const { stores, remove } = await deliveredTable();
    const before = await feedOrder(stores.feed);
    // A lost entry in the middle, and the last two: the feed now ends at 7.
    for (const sequence of [3, 8, 9]) await remove(feedPk(AREA), feedSlotSk(sequence));
    // An event the feed never had: appended without its delivery.
    const late = priorityRevised({ id: 'p1', version: 3, eventId: `${AREA}-p1-v3`, state: { status: 'closed' }, context: at(20) });
    await stores.eventLog.append(late);

    const summary = await rebuildArea(stores, AREA);

    expect(await feedOrder(stores.feed)).toEqual([...before, [10, late.detail.eventId]]);
    expect(summary.changeFeed).toEqual({ entriesAdded: 4, backInPlace: 3, claimsRestored: 0, gaps: [] });
  });

  it('gives an entry that lost its claim its claim back, so that neither the rebuild nor a later delivery adds it again', async () => {
    const { stores, remove } = await deliveredTable();
    const before = await feedOrder(stores.feed);
    await remove(feedPk(AREA), claimSk('p1-v1'));

    const summary = await rebuildArea(stores, AREA);
    const redelivered = await createChangeFeedAppender({ feed: stores.feed, eventLog: stores.eventLog })(delivery(history()[3]!));

    expect(summary.changeFeed).toEqual({ entriesAdded: 0, backInPlace: 0, claimsRestored: 1, gaps: [] });
    expect(redelivered).toEqual({ sequence: 4, appended: false });
    expect(await feedOrder(stores.feed)).toEqual(before);
  });

  it('adds an entry lost with its claim at the end, and reports the place it leaves empty', async () => {
    const { stores, remove } = await deliveredTable();
    const before = await feedOrder(stores.feed);
    await remove(feedPk(AREA), feedSlotSk(2));
    await remove(feedPk(AREA), claimSk('csp'));

    const summary = await rebuildArea(stores, AREA);

    expect(await feedOrder(stores.feed)).toEqual([...before.filter(([sequence]) => sequence !== 2), [10, before[1]![1]]]);
    expect(summary.changeFeed).toEqual({ entriesAdded: 1, backInPlace: 0, claimsRestored: 0, gaps: [2] });
  });

  it('changes nothing the second time, and never touches another area', async () => {
    const { stores, remove } = await deliveredTable();
    const other = await projections(stores, OTHER_AREA);
    await remove(`VIEW#${AREA}`, `priority#${CSP}#p2`);
    await remove(`JOINT#${AREA}`, 'view#public');
    await remove(feedPk(AREA), feedSlotSk(5));
    await rebuildArea(stores, AREA);
    const rebuilt = await projections(stores);
    const revision = await stores.views.latestJointRevision(AREA);

    const again = await rebuildArea(stores, AREA);

    expect(again).toMatchObject({
      viewsWritten: 0,
      jointViewsRewritten: false,
      changeFeed: { entriesAdded: 0, backInPlace: 0, claimsRestored: 0, gaps: [] },
    });
    expect(await projections(stores)).toEqual(rebuilt);
    expect(await stores.views.latestJointRevision(AREA)).toBe(revision);
    expect(await projections(stores, OTHER_AREA)).toEqual(other);
  });
});
