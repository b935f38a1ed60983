/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { nameOfIn, visibleHistory } from '../area-data.ts';
import { HISTORY_SUBJECTS, HistoryPage, type HistorySubject } from '../history-page.tsx';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { meetingPath } from '../meetings.tsx';
import { planPath } from '../plans.ts';

/** Who changed what and when, for one priority, work programme item or protocol. Mounted at /areas/:areaId/history. */
export function historyPages(kit: PageKit) {
  return kit.family<AreaEnv>().get('/:subjectType/:organisationId/:id', kit.viewer, kit.areaContent, async (c) => {
    const content = c.var.area;
    const subjectType = c.req.param('subjectType') as HistorySubject;
    const id = c.req.param('id');
    const organisationParam = c.req.param('organisationId');
    const organisationId = subjectType === 'protocol' ? null : organisationParam;
    const shapeIsRight = HISTORY_SUBJECTS.includes(subjectType) && (subjectType === 'protocol') === (organisationParam === '-');
    const events = shapeIsRight
      ? await visibleHistory(kit.deps, { areaId: content.areaId, subjectType, organisationId, id }, c.var.page.audience, content.records)
      : [];
    if (events.length === 0) return kit.notFound(c, `There is no history for ${id} here.`);
    const latest = events[events.length - 1]!.detail.data as { title?: string };
    const nameOf = nameOfIn(content);
    const backHref =
      subjectType === 'protocol'
        ? `/areas/${content.areaId}/protocols/${id}`
        : subjectType === 'plan'
          ? planPath(content.areaId, organisationId!, id)
          : subjectType === 'meeting'
            ? meetingPath(content.areaId, organisationId!, id)
            : `/areas/${content.areaId}/bodies/${organisationId}#${subjectType === 'priority' ? 'priority' : 'item'}-${id}`;
    const title = latest.title ?? id;
    return kit.render(
      c,
      200,
      { title: `History of ${title}`, viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } },
      <HistoryPage
        areaId={content.areaId}
        subjectType={subjectType}
        title={title}
        ownerName={organisationId ? nameOf(organisationId) : undefined}
        backHref={backHref}
        events={events}
        nameOf={nameOf}
        audience={c.var.page.audience}
      />,
    );
  });
}
