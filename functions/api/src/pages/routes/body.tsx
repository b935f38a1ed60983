/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { alternateLinks } from '@partnership-hub/feeds/links';
import { BodyPage } from '../body-page.tsx';
import type { AreaEnv, PageKit } from '../kit.tsx';

/** A body's page: its priorities, work programme and protocols. Mounted at /areas/:areaId/bodies. */
export function bodyPages(kit: PageKit) {
  return kit.family<AreaEnv>().get('/:organisationId', kit.viewer, kit.areaContent, async (c) => {
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
      <BodyPage content={content} organisation={organisation} />,
    );
  });
}
