import { createHash } from 'node:crypto';
import { type Audience, type LinkableRecord, linkedSubjects, type ViewRecord, withVisibleLinks } from '@partnership-hub/domain';
import type { ApiDeps } from './deps.ts';
import { etagOf } from './http.ts';

/**
 * One record as `audience` may read it: its links kept only to what the audience can see, decided
 * by the few subjects it links to, each read from the head of its stream in the event log (as an
 * item's read reads its own record: `EventLog.current`), instead of a listing of the area's
 * priorities and plans, which grows with the area. Partners see every link, so nothing is read
 * for them.
 */
async function withAcceptedLinks<T extends ViewRecord>(deps: ApiDeps, record: T, audience: Audience): Promise<T> {
  if (audience === 'partners' || record.organisationId === null) return record;
  const { areaId } = record;
  const linked = await Promise.all(
    linkedSubjects(record.state, record.organisationId).map((subject) => deps.eventLog.current({ areaId, ...subject })),
  );
  const [shown] = withVisibleLinks([record], audience, linked.filter((found) => found !== undefined) as LinkableRecord[]);
  return shown!;
}

/**
 * A record as `audience` is shown it, and its ETag: its version, and, where it links to other
 * subjects and the audience is the public, which of those links it shows. So that a link that
 * appears or disappears for the public (a partners-only priority made public) changes the tag, and
 * a conditional GET is never answered 304 for a body that changed.
 */
export async function shownWithTag<T extends ViewRecord>(deps: ApiDeps, record: T, audience: Audience): Promise<{ shown: T; tag: string }> {
  const shown = await withAcceptedLinks(deps, record, audience);
  const owner = record.organisationId;
  if (audience === 'partners' || owner === null || linkedSubjects(record.state, owner).length === 0)
    return { shown, tag: etagOf(record.version) };
  const digest = createHash('sha256')
    .update(JSON.stringify(linkedSubjects(shown.state, owner)))
    .digest('base64url')
    .slice(0, 12);
  return { shown, tag: `"${record.version}-${digest}"` };
}
