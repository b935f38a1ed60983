import { audienceFor, type LinkableRecord, visibleRecords, withVisibleLinks } from '@partnership-hub/domain';
import type { MeetingState } from '@partnership-hub/events';
import { notModified, unchanged } from '../caching.ts';
import type { ApiDeps } from '../deps.ts';
import { shownWithTag } from '../item-reads.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { MeetingParams, OrganisationParams } from '../schemas.ts';
import { registerContentWrites } from './content.ts';
import { requireOrganisationExists } from './directory.ts';

/**
 * Meetings: each body (a panel, a scrutiny committee) puts its own meetings and their agendas on
 * the hub with its own key, as it does its priorities, or a connector reading its
 * committee-management system does. A restricted agenda item or paper reaches only the area's
 * partners: everyone else is answered "Restricted item" and its number (publicAgenda in the domain).
 */
export function registerMeetingRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  const itemPath = '/v1/areas/{areaId}/organisations/{organisationId}/meetings/{meetingId}';
  registerContentWrites(routes, deps, { itemPath, params: MeetingParams, idParam: 'meetingId', segment: 'meetings' });

  routes.add(
    {
      method: 'get',
      path: itemPath,
      summary: 'Read a meeting and its agenda (restricted items are for partners only)',
      params: MeetingParams,
      responses: { 200: { description: 'The meeting' } },
    },
    async (c, input) => {
      const { areaId, organisationId, meetingId } = input.params;
      const audience = audienceFor(c.get('caller'), areaId);
      // The accepted write, as an item's read answers it (routes/content.ts), not its projection.
      const record = await deps.eventLog.current({ areaId, subjectType: 'meeting', organisationId, id: meetingId });
      const [shown] = record ? visibleRecords([record], audience) : [];
      if (!shown)
        throw new ProblemError(
          'not-found',
          `Meeting ${meetingId} of ${organisationId} does not exist, has been withdrawn, or is for partners only.`,
        );
      const { shown: meeting, tag } = await shownWithTag(deps, shown, audience);
      if (notModified(c, tag)) return unchanged(c, tag, 'application/json');
      c.header('ETag', tag);
      return c.json(meetingResponse(meeting), 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/meetings',
      summary: "List an organisation's meetings, earliest first",
      params: OrganisationParams,
      responses: { 200: { description: 'The meetings' } },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      await requireOrganisationExists(deps, areaId, organisationId);
      const audience = audienceFor(c.get('caller'), areaId);
      const meetings = visibleRecords(await deps.views.list(areaId, { subjectType: 'meeting', organisationId }), audience).sort(
        (a, b) =>
          a.state.date.localeCompare(b.state.date) || (a.state.time ?? '').localeCompare(b.state.time ?? '') || a.id.localeCompare(b.id),
      );
      const shown = withVisibleLinks(meetings, audience, await linkableWork(deps, areaId, organisationId, audience));
      return c.json({ areaId, organisationId, meetings: shown.map(meetingResponse) }, 200);
    },
  );
}

/** The body's work programme items an agenda item may name; a partner sees every link, so needs none. */
const linkableWork = async (deps: ApiDeps, areaId: string, organisationId: string, audience: 'public' | 'partners') =>
  audience === 'partners'
    ? []
    : ((await deps.views.list(areaId, { subjectType: 'work-programme-item', organisationId })) as LinkableRecord[]);

const meetingResponse = (meeting: {
  id: string;
  areaId: string;
  organisationId: string;
  version: number;
  updatedAt: string;
  state: MeetingState;
}) => ({
  id: meeting.id,
  areaId: meeting.areaId,
  organisationId: meeting.organisationId,
  version: meeting.version,
  updatedAt: meeting.updatedAt,
  ...meeting.state,
});
