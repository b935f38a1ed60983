/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { type Audience, isVisibleTo, type RecordOf, toViewRecord } from '@partnership-hub/domain';
import type { FormSegment } from '../../content-writes.ts';
import { ItemPage, mayChangeContent, SEGMENT_WORDS } from '../content-item.tsx';
import type { AreaEnv, PageKit } from '../kit.tsx';

/**
 * An item the views do not hold yet, read from the log: the page a form sends its writer to right
 * after publishing must show what they published, though the projector may not have caught up.
 * Only a live item the reader may see.
 */
async function fromTheLog(
  kit: PageKit,
  audience: Audience,
  target: { areaId: string; organisationId: string; id: string },
  segment: FormSegment,
): Promise<RecordOf<'priority'> | RecordOf<'work-programme-item'> | undefined> {
  const ref = { ...target, subjectType: segment === 'priorities' ? ('priority' as const) : ('work-programme-item' as const) };
  const head = await kit.deps.eventLog.head(ref);
  if (!head || head.detailType.endsWith('Withdrawn')) return undefined;
  const event = await kit.deps.eventLog.get(ref, head.version);
  const record = event ? (toViewRecord(event) as RecordOf<'priority'> | RecordOf<'work-programme-item'>) : undefined;
  return record && isVisibleTo(audience, record.state.visibility) ? record : undefined;
}

/** Each priority's and work programme item's own page (a plan's is with the body pages). Mounted at /areas/:areaId/bodies. */
export function contentItemPages(kit: PageKit) {
  return kit.family<AreaEnv>().get('/:organisationId/:segment{priorities|work-programme}/:id', kit.viewer, kit.areaContent, async (c) => {
    const organisation = c.var.area.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
    const content = c.var.area;
    const id = c.req.param('id');
    const segment = c.req.param('segment') as FormSegment;
    const item =
      (segment === 'priorities'
        ? content.priorities.find((candidate) => candidate.organisationId === organisation?.id && candidate.id === id)
        : content.work.find((candidate) => candidate.organisationId === organisation?.id && candidate.id === id)) ??
      (organisation
        ? await fromTheLog(kit, c.var.page.audience, { areaId: content.areaId, organisationId: organisation.id, id }, segment)
        : undefined);
    if (!organisation || !item) return kit.notFound(c, `There is no ${SEGMENT_WORDS[segment].one} called ${id} here.`);
    return kit.render(
      c,
      200,
      { title: item.state.title, viewer: c.var.page.viewer, area: { id: content.areaId, name: content.areaName } },
      <ItemPage
        content={content}
        organisation={organisation}
        item={item}
        canChange={mayChangeContent(c.var.page.principal, { areaId: content.areaId, organisationId: organisation.id })}
      />,
    );
  });
}
