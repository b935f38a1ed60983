import { type Audience, buildJointView, type JointView, londonDate } from '@partnership-hub/domain';
import type { StoredJointView } from '@partnership-hub/store';
import type { ApiDeps } from './deps.ts';

/** Today's joint view of an area: as the projector stored it, or worked out now from the records. */
export type TodaysJointView = { stored: StoredJointView; view?: undefined } | { stored?: undefined; view: JointView };

/**
 * The joint view as at today (Europe/London). The projector stores it at every change, so on most
 * reads it is one GetItem; but a view rebuilt on an earlier day says what was in force that day,
 * so once the date has turned (and until the next change rebuilds it) today's is worked out here
 * from the area's records instead. Undefined when the area has no records at all.
 *
 * Not served yet: the view as at another date (`?asOf=`). It would be built the same way, per
 * request, but with each priority's status history read from the log (statusHistory in the
 * domain) rather than its record's latest status, which is right from its last change on only;
 * and its ETag, like this one's, would carry the date through the body's `asOf`.
 */
export async function todaysJointView(deps: ApiDeps, areaId: string, audience: Audience): Promise<TodaysJointView | undefined> {
  const today = londonDate(deps.clock());
  const stored = await deps.views.jointView(areaId, audience);
  if (stored && stored.asOf === today) return { stored };
  const records = await deps.views.list(areaId);
  if (records.length === 0) return undefined;
  return { view: buildJointView(areaId, records, audience, today) };
}

/** Today's joint view as a document. */
export const jointViewOf = (today: TodaysJointView): JointView => today.view ?? (JSON.parse(today.stored.body) as JointView);
