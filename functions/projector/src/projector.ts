import { type Audience, buildJointView, londonDate, toViewRecord } from '@partnership-hub/domain';
import { type HubEvent, parseEventBridgeEvent } from '@partnership-hub/events';
import type { ViewStore } from '@partnership-hub/store';

export interface ProjectorDeps {
  views: ViewStore;
  /** Now: the joint view is rebuilt as at today's date in Europe/London. */
  clock: () => Date;
}

const AUDIENCES: Audience[] = ['public', 'partners'];
const NOT_IN_JOINT_VIEW: ReadonlySet<string> = new Set(['protocol', 'request']);

/**
 * Consumes a hub event delivered by EventBridge and brings the views up to date.
 *
 * Events carry the whole state of their subject after the change, so a subject's record is
 * simply the newest version seen: a duplicate or an older delivery is refused by the store's
 * version condition, whatever order events arrive in. The area's joint view is then rebuilt
 * from the records as at today (also on a duplicate, so a rebuild lost to a crash heals on
 * redelivery). A view rebuilt on an earlier day is out of date once the date turns: readers
 * check its date (jointViewAsAt in the API) and work today's out until the next rebuild.
 */
export function createProjector(deps: ProjectorDeps) {
  const rebuild = coalescePerArea((areaId) => rebuildJointView(deps.views, areaId, londonDate(deps.clock())));
  return async function project(delivery: unknown): Promise<{ stored: boolean }> {
    // A delivery that does not parse throws: EventBridge retries it, then it lands in the DLQ.
    const event = parseEventBridgeEvent(delivery);
    const stored = await storeView(deps.views, event);
    // Protocols and tracked requests are not in the joint view: their changes need no rebuild.
    if (!NOT_IN_JOINT_VIEW.has(event.detail.subject.type)) await rebuild(event.detail.areaId);
    return { stored };
  };
}

/**
 * Brings one subject's view up to an event: stored unless the view is as new or newer. The
 * projector's own write, which a rebuild from the log (`npm run rebuild`) runs too.
 */
export async function storeView(views: ViewStore, event: HubEvent): Promise<boolean> {
  return views.put(toViewRecord(event));
}

/**
 * At most one rebuild per area at a time in this process. A change that arrives while one is
 * running waits for the next, which starts when the running one ends and is shared by every
 * change that arrived meanwhile: it reads the area after all of their records were stored, so
 * each delivery still returns only once a rebuild that includes its change has finished. Under
 * a burst an area is read twice, not once per change. (A dozen lines: the promise libraries
 * offer de-duplication of identical calls, not this "one running, one queued" shape.)
 */
export function coalescePerArea(rebuild: (areaId: string) => Promise<void>): (areaId: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (areaId: string): Promise<void> => {
    const run: Promise<void> = rebuild(areaId).finally(() => {
      if (running.get(areaId) === run) running.delete(areaId);
    });
    running.set(areaId, run);
    return run;
  };
  return (areaId) => {
    const waiting = queued.get(areaId);
    if (waiting) return waiting;
    const current = running.get(areaId);
    if (!current) return start(areaId);
    const next = current
      .catch(() => {}) // the running rebuild's failure is its own callers'; this one runs afresh
      .then(() => {
        queued.delete(areaId);
        return start(areaId);
      });
    queued.set(areaId, next);
    return next;
  };
}

/** Rebuilds an area's joint view for both audiences, as at `asOf`. */
export async function rebuildJointView(views: ViewStore, areaId: string, asOf: string): Promise<void> {
  // Take the revision number before reading: see ViewStore.nextJointRevision.
  const revision = await views.nextJointRevision(areaId);
  const records = await views.list(areaId);
  // A rebuild that started after this one reads at least these records: writing this one would
  // only be overwritten. Under a burst of changes to an area, only the last rebuild writes.
  if ((await views.latestJointRevision(areaId)) > revision) return;
  await Promise.all(
    AUDIENCES.map((audience) =>
      views.putJointView(areaId, audience, revision, JSON.stringify(buildJointView(areaId, records, audience, asOf)), asOf),
    ),
  );
}

/**
 * Whether an area's stored joint views are, for every audience, what its records make now. A
 * rebuild from the log (`npm run rebuild`) rewrites them only when they are not, so a second
 * rebuild writes nothing.
 */
export async function jointViewsCurrent(views: ViewStore, areaId: string, asOf: string): Promise<boolean> {
  const records = await views.list(areaId);
  const stored = await Promise.all(AUDIENCES.map((audience) => views.jointView(areaId, audience)));
  return AUDIENCES.every(
    (audience, index) =>
      stored[index]?.asOf === asOf && stored[index]?.body === JSON.stringify(buildJointView(areaId, records, audience, asOf)),
  );
}
