import { buildJointView, toViewRecord, type Audience } from '@partnership-hub/domain';
import { parseEventBridgeEvent } from '@partnership-hub/events';
import type { ViewStore } from '@partnership-hub/store';

export interface ProjectorDeps {
  views: ViewStore;
}

const AUDIENCES: Audience[] = ['public', 'partners'];

/**
 * Consumes a hub event delivered by EventBridge and brings the views up to date.
 *
 * Events carry the whole state of their subject after the change, so a subject's record is
 * simply the newest version seen: a duplicate or an older delivery is refused by the store's
 * version condition, whatever order events arrive in. The area's joint view is then rebuilt
 * from the records (also on a duplicate, so a rebuild lost to a crash heals on redelivery).
 */
export function createProjector(deps: ProjectorDeps) {
  return async function project(delivery: unknown): Promise<{ stored: boolean }> {
    // A delivery that does not parse throws: EventBridge retries it, then it lands in the DLQ.
    const event = parseEventBridgeEvent(delivery);
    const record = toViewRecord(event);
    const stored = await deps.views.put(record);
    if (record.subjectType !== 'protocol') await rebuildJointView(deps.views, record.areaId);
    return { stored };
  };
}

export async function rebuildJointView(views: ViewStore, areaId: string): Promise<void> {
  // Take the revision number before reading: see ViewStore.nextJointRevision.
  const revision = await views.nextJointRevision(areaId);
  const records = await views.list(areaId);
  // A rebuild that started after this one reads at least these records: writing this one would
  // only be overwritten. Under a burst of changes to an area, only the last rebuild writes.
  if ((await views.latestJointRevision(areaId)) > revision) return;
  await Promise.all(AUDIENCES.map((audience) => views.putJointView(areaId, audience, revision, JSON.stringify(buildJointView(areaId, records, audience)))));
}
