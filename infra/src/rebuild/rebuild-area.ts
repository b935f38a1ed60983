import { appendToChangeFeed } from '@partnership-hub/change-feed';
import { londonDate } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import { jointViewsCurrent, rebuildJointView, storeTrackerLists, storeView } from '@partnership-hub/projector';
import { type ChangeFeed, type EventLog, logPk, subjectRef, type ViewStore } from '@partnership-hub/store';

/** What a rebuild reads and writes. Nothing that publishes or notifies: a rebuild never sends a notification. */
export interface RebuildStores {
  eventLog: EventLog;
  views: ViewStore;
  feed: ChangeFeed;
}

export interface RebuildProgress {
  areaId: string;
  /** `events`: each event's view write; `change-feed`: the entries the feed lacks, added. */
  phase: 'events' | 'change-feed';
  done: number;
  total: number;
}

export interface RebuildOptions {
  /** Called about every `progressEveryMs` (2 s) or `progressEvery` (500) steps, and at the end of each phase. */
  progress?: (progress: RebuildProgress) => void;
  progressEvery?: number;
  progressEveryMs?: number;
  /** Milliseconds, for the progress interval and the time taken (performance.now unless given). */
  now?: () => number;
  /** Now, for the date the joint views are as at (today in Europe/London, as the projector builds them). */
  clock?: () => Date;
}

export interface RebuildSummary {
  areaId: string;
  eventsRead: number;
  /** View writes that were stored: a subject's view was missing or behind its log. */
  viewsWritten: number;
  /** Whether the joint views were rewritten (they were not what the views make, or a view was written). */
  jointViewsRewritten: boolean;
  changeFeed: {
    /** Entries added, whether back at the place their claim kept or at the end. */
    entriesAdded: number;
    /** Of those, the entries put back at the place readers saw them at. */
    backInPlace: number;
    /** Claims written again for entries that were there but had lost theirs. */
    claimsRestored: number;
    /** Places below the last that hold no entry afterwards: their entries were lost with their claims (see rebuildArea). */
    gaps: number[];
  };
  tookMs: number;
}

export class AreaNotFoundError extends Error {
  override name = 'AreaNotFoundError';
}

const FEED_PAGE = 1000;

/**
 * Derives an area's projections again from its log: each subject's view, the joint views and
 * the change feed. Every event goes through the consumers' own steps (the projector's view write,
 * the change-feed appender), so a rebuild is idempotent: view writes are conditional on version,
 * and the feed claims one place per event. It runs on stores no consumer is writing to (a
 * stopped hub: see `npm run rebuild`) and holds the area's events in memory while it works.
 *
 * What it guarantees for the change feed, afterwards:
 * - every event of the area's log is in the feed, once;
 * - an entry that is there keeps its place, and is never added twice: an entry whose claim was
 *   lost gets its claim back, so that no later redelivery of its event adds it again;
 * - an entry that was lost while its claim was kept goes back to the same place, so readers see
 *   nothing renumbered: those entries are added first, in the order of their places, before any
 *   new place is taken (otherwise an event new to the feed could take a lost place at the end);
 * - an entry lost together with its claim has left no trace of its place. It is added at the end,
 *   as are events the feed never had, in the order they happened; its old place stays empty and is
 *   reported as a gap. Guessing which lost event sat in which gap could put an event where readers
 *   saw another, and a reader past that place would then miss it; added at the end, a reader past
 *   the gap sees the event twice (same event id) and misses nothing.
 */
export async function rebuildArea(stores: RebuildStores, areaId: string, options: RebuildOptions = {}): Promise<RebuildSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  if (!(await stores.eventLog.head({ areaId, subjectType: 'area', organisationId: null, id: areaId }))) {
    throw new AreaNotFoundError(`There is no area "${areaId}" in the log`);
  }

  const events: HubEvent[] = [];
  for await (const page of stores.eventLog.areaEvents(areaId)) events.push(...page);

  // Views: each subject's events newest first, so the first write brings a lost or stale view up to date and the others are refused.
  const report = progressReporter(areaId, options, now);
  const bySubjectNewestFirst = [...events].sort(
    (a, b) => compare(logPk(subjectRef(a.detail)), logPk(subjectRef(b.detail))) || b.detail.subject.version - a.detail.subject.version,
  );
  let viewsWritten = 0;
  for (const [index, event] of bySubjectNewestFirst.entries()) {
    if (await storeView(stores.views, event)) viewsWritten++;
    report('events', index + 1, events.length);
  }

  const changeFeed = await rebuildChangeFeed(stores, areaId, events, report);

  // Once, at the end, rather than per event as the projector does.
  const asOf = londonDate((options.clock ?? (() => new Date()))());
  // A record written again moves the revision on even when the joint views show nothing of it:
  // the feeds' ETags are the area's revision (see the API's feed routes).
  const jointViewsRewritten = viewsWritten > 0 || !(await jointViewsCurrent(stores.views, areaId, asOf));
  if (jointViewsRewritten) await rebuildJointView(stores.views, areaId, asOf);
  // The tracker's lists at the revision now: refused (written already) when the projector stored them at it.
  await storeTrackerLists(stores.views, areaId);

  return { areaId, eventsRead: events.length, viewsWritten, jointViewsRewritten, changeFeed, tookMs: Math.round(now() - started) };
}

async function rebuildChangeFeed(
  stores: RebuildStores,
  areaId: string,
  events: HubEvent[],
  report: (phase: RebuildProgress['phase'], done: number, total: number) => void,
): Promise<RebuildSummary['changeFeed']> {
  const places = new Map<string, number>();
  for (let after = 0; ; ) {
    const { entries, examined } = await stores.feed.read(areaId, after, FEED_PAGE);
    for (const entry of entries) places.set(entry.event.detail.eventId, entry.sequence);
    if (entries.length < FEED_PAGE) break;
    after = examined;
  }
  const claims = await stores.feed.claims(areaId);

  let claimsRestored = 0;
  for (const [eventId, sequence] of places) {
    if (!claims.has(eventId) && (await stores.feed.restoreClaim(areaId, eventId, sequence))) claimsRestored++;
  }

  const missing = events.filter((event) => !places.has(event.detail.eventId)).sort(byOccurrence);
  const claimOf = (event: HubEvent) => claims.get(event.detail.eventId);
  const toAdd = [
    ...missing.filter((event) => claimOf(event) !== undefined).sort((a, b) => claimOf(a)! - claimOf(b)!),
    ...missing.filter((event) => claimOf(event) === undefined),
  ];
  let entriesAdded = 0;
  let backInPlace = 0;
  for (const [index, event] of toAdd.entries()) {
    const { sequence, appended } = await appendToChangeFeed({ feed: stores.feed, eventLog: stores.eventLog }, event);
    places.set(event.detail.eventId, sequence);
    if (appended) entriesAdded++;
    if (appended && sequence === claimOf(event)) backInPlace++;
    report('change-feed', index + 1, toAdd.length);
  }

  const taken = new Set(places.values());
  const last = [...taken].reduce((highest, sequence) => Math.max(highest, sequence), 0);
  const gaps = Array.from({ length: last }, (_, index) => index + 1).filter((sequence) => !taken.has(sequence));
  return { entriesAdded, backInPlace, claimsRestored, gaps };
}

/** The order events happened in: by time, then by id (ties are rare, and any fixed order will do). */
const byOccurrence = (a: HubEvent, b: HubEvent) =>
  compare(a.detail.occurredAt, b.detail.occurredAt) || compare(a.detail.eventId, b.detail.eventId);

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reports every `progressEvery` steps or `progressEveryMs`, whichever comes first, and the last step of each phase. */
function progressReporter(areaId: string, options: RebuildOptions, now: () => number) {
  const every = options.progressEvery ?? 500;
  const everyMs = options.progressEveryMs ?? 2_000;
  let lastAt = now();
  return (phase: RebuildProgress['phase'], done: number, total: number) => {
    if (!options.progress) return;
    if (done % every !== 0 && now() - lastAt < everyMs && done !== total) return;
    lastAt = now();
    options.progress({ areaId, phase, done, total });
  };
}
