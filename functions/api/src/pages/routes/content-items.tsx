/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { FormSegment } from '../../content-writes.ts';
import { currentIn } from '../area-data.ts';
import { ItemPage, mayChangeContent, SEGMENT_WORDS } from '../content-item.tsx';
import type { AreaEnv, PageKit } from '../kit.tsx';

/** Each priority's and work programme item's own page (a plan's is with the body pages). Mounted at /areas/:areaId/bodies. */
export function contentItemPages(kit: PageKit) {
  return kit.family<AreaEnv>().get('/:organisationId/:segment{priorities|work-programme}/:id', kit.viewer, kit.areaContent, async (c) => {
    const organisation = c.var.area.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
    const content = c.var.area;
    const id = c.req.param('id');
    const segment = c.req.param('segment') as FormSegment;
    const item =
      organisation &&
      (await currentIn(kit.deps, content, {
        subjectType: segment === 'priorities' ? 'priority' : 'work-programme-item',
        organisationId: organisation.id,
        id,
      }));
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
