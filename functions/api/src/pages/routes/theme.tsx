/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { buildJointView, londonDate } from '@partnership-hub/domain';
import { THEMES } from '@partnership-hub/events';
import { alternateLinks } from '@partnership-hub/feeds/links';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { ThemePage } from '../theme-page.tsx';

/** A theme across the area's bodies. Mounted at /areas/:areaId/themes. */
export function themePages(kit: PageKit) {
  return kit.family<AreaEnv>().get('/:theme', kit.viewer, kit.areaContent, async (c) => {
    const content = c.var.area;
    const theme = THEMES.find(({ slug }) => slug === c.req.param('theme'));
    if (!theme) return kit.notFound(c, `There is no theme called ${c.req.param('theme')}. Themes come from the hub's controlled list.`);
    // The joint view is a pure fold of the records already read: no second read needed.
    const view = buildJointView(content.areaId, content.records, c.var.page.audience, londonDate(kit.deps.clock()));
    return kit.render(
      c,
      200,
      {
        title: theme.name,
        viewer: c.var.page.viewer,
        area: { id: content.areaId, name: content.areaName },
        alternates: alternateLinks(content.areaId, { theme: theme.slug }),
      },
      <ThemePage content={content} theme={theme} view={view} />,
    );
  });
}
