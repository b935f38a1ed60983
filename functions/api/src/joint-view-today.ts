import {
  type Audience,
  buildJointView,
  type JointView,
  londonDate,
  type RecordOf,
  type StatusChange,
  type StatusHistories,
  statusHistory,
  statusHistoryKey,
  type ViewRecord,
  visibleRecords,
} from '@partnership-hub/domain';
import type { StoredJointView } from '@partnership-hub/store';
import pMap from 'p-map';
import type { ApiDeps } from './deps.ts';

/** Today's joint view of an area: as the projector stored it, or worked out now from the records. */
export type TodaysJointView = { stored: StoredJointView; view?: undefined } | { stored?: undefined; view: JointView };

/**
 * The joint view as at today (Europe/London). The projector stores it at every change, so on most
 * reads it is one GetItem; but a view rebuilt on an earlier day says what was in force that day,
 * so once the date has turned (and until the next change rebuilds it) today's is worked out here
 * from the area's records instead. Undefined when the area has no records at all.
 * Another date's view is jointViewAsOf's.
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

/** How many priority streams one request reads from the log at once: enough to overlap round trips, few enough not to crowd the table. */
const HISTORY_READS = 8;

/**
 * The joint view as at a date other than today, worked out per request: the area's records as
 * they stand, with each priority's status on that date taken from its history in the log
 * (statusHistory), since a record holds only its latest status. A reader who is not a partner
 * gets a history of the versions that were public only, so a partners-only version's status
 * never shapes the public view. Undefined when the area has no records at all. Its body names
 * `asOf`, so its ETag (of the body) is the date's: a 304 is never for another date.
 */
export async function jointViewAsOf(deps: ApiDeps, areaId: string, audience: Audience, asOf: string): Promise<JointView | undefined> {
  const records = await deps.views.list(areaId);
  if (records.length === 0) return undefined;
  return buildJointView(areaId, records, audience, asOf, await statusHistoriesOf(deps, areaId, records, audience));
}

/** The status history of each priority among the area's records that the audience may see, from the log (see jointViewAsOf). */
export async function statusHistoriesOf(
  deps: ApiDeps,
  areaId: string,
  records: ViewRecord[],
  audience: Audience,
): Promise<StatusHistories> {
  const priorities = visibleRecords(
    records.filter((record): record is RecordOf<'priority'> => record.subjectType === 'priority'),
    audience,
  );
  return new Map<string, StatusChange[]>(
    await pMap(
      priorities,
      async (record) => {
        const events = await deps.eventLog.stream({
          areaId,
          subjectType: 'priority',
          organisationId: record.organisationId,
          id: record.id,
        });
        const seen = audience === 'partners' ? events : events.filter((event) => event.detail.visibility === 'public');
        return [statusHistoryKey(record.organisationId, record.id), statusHistory(seen)] as const;
      },
      { concurrency: HISTORY_READS },
    ),
  );
}
