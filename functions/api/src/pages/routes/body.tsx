/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { londonDate } from '@partnership-hub/domain';
import { alternateLinks } from '@partnership-hub/feeds/links';
import { mayManageMembers } from '../../member-rights.ts';
import { currentIn } from '../area-data.ts';
import { BodyPage } from '../body-page.tsx';
import { mayChangeContent } from '../content-item.tsx';
import { formatDate } from '../format.ts';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { MeetingPage } from '../meeting-page.tsx';
import { PlanPage } from '../plan-page.tsx';

/** A body's page (its plans and priorities, work programme, meetings and protocols), each of its plans and each of its meetings. Mounted at /areas/:areaId/bodies. */
export function bodyPages(kit: PageKit) {
  const today = () => londonDate(kit.deps.clock());
  return kit
    .family<AreaEnv>()
    .get('/:organisationId/plans/:planId', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const organisation = content.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
      const plan =
        organisation &&
        (await currentIn(kit.deps, content, { subjectType: 'plan', organisationId: organisation.id, id: c.req.param('planId') }));
      if (!organisation || !plan) return kit.notFound(c, `There is no plan called ${c.req.param('planId')} here.`);
      return kit.render(
        c,
        200,
        { title: plan.state.title, viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } },
        <PlanPage
          // The plan as its last write leaves it, in place of its view: what is in force is worked out with it.
          content={{
            ...content,
            plans: [...content.plans.filter((other) => other.organisationId !== plan.organisationId || other.id !== plan.id), plan],
          }}
          organisation={organisation}
          plan={plan}
          today={today()}
          canChange={mayChangeContent(c.var.page.principal, { areaId: content.areaId, organisationId: organisation.id })}
        />,
      );
    })
    .get('/:organisationId/meetings/:meetingId', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const organisation = content.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
      const meeting =
        organisation &&
        (await currentIn(kit.deps, content, { subjectType: 'meeting', organisationId: organisation.id, id: c.req.param('meetingId') }));
      if (!organisation || !meeting) return kit.notFound(c, `There is no meeting called ${c.req.param('meetingId')} here.`);
      return kit.render(
        c,
        200,
        {
          title: `${meeting.state.title}, ${formatDate(meeting.state.date)}`,
          viewer: c.var.page.viewer,
          area: { id: content.areaId, name: content.areaName },
        },
        <MeetingPage content={content} organisation={organisation} meeting={meeting} />,
      );
    })
    .get('/:organisationId', kit.viewer, kit.areaContent, async (c) => {
      const content = c.var.area;
      const organisation = content.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
      if (!organisation) return kit.notFound(c, `There is no body called ${c.req.param('organisationId')} in ${content.areaName}.`);
      return kit.render(
        c,
        200,
        {
          title: organisation.state.name,
          viewer: c.var.page.viewer,
          area: { id: content.areaId, name: content.areaName },
          alternates: alternateLinks(content.areaId, { organisationId: organisation.id }),
        },
        <BodyPage
          content={content}
          organisation={organisation}
          today={today()}
          canChange={mayChangeContent(c.var.page.principal, { areaId: content.areaId, organisationId: organisation.id })}
          canManageMembers={
            kit.deps.people !== undefined &&
            mayManageMembers(c.var.page.principal, { areaId: content.areaId, organisationId: organisation.id })
          }
        />,
      );
    });
}
