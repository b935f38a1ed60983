import { type Audience, type LinkableRecord, linkedSubjects, type ViewRecord, withVisibleLinks } from '@partnership-hub/domain';
import type { ApiDeps } from './deps.ts';

/**
 * One record as `audience` may read it: its links kept only to what the audience can see, decided
 * by the few subjects it links to, each read from the head of its stream in the event log (as an
 * item's read reads its own record: `EventLog.current`), instead of a listing of the area's
 * priorities and plans, which grows with the area. Partners see every link, so nothing is read
 * for them.
 */
export async function withAcceptedLinks<T extends ViewRecord>(deps: ApiDeps, record: T, audience: Audience): Promise<T> {
  if (audience === 'partners' || record.organisationId === null) return record;
  const { areaId } = record;
  const linked = await Promise.all(
    linkedSubjects(record.state, record.organisationId).map((subject) => deps.eventLog.current({ areaId, ...subject })),
  );
  const [shown] = withVisibleLinks([record], audience, linked.filter((found) => found !== undefined) as LinkableRecord[]);
  return shown!;
}
