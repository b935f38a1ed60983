/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { buildJointView, londonDate } from '@partnership-hub/domain';
import { THEMES } from '@partnership-hub/events';
import { alternateLinks } from '@partnership-hub/feeds/links';
import { statusHistoriesOf } from '../../joint-view-today.ts';
import { formatDate } from '../format.ts';
import type { AreaEnv, PageKit } from '../kit.tsx';
import { asOfFrom } from '../overview-filters.ts';
import { ThemePage } from '../theme-page.tsx';

/** A theme across the area's bodies. Mounted at /areas/:areaId/themes. */
export function themePages(kit: PageKit) {
  return kit.family<AreaEnv>().get('/:theme', kit.viewer, kit.areaContent, async (c) => {
    const content = c.var.area;
    const theme = THEMES.find(({ slug }) => slug === c.req.param('theme'));
    if (!theme) return kit.notFound(c, `There is no theme called ${c.req.param('theme')}. Themes come from the hub's controlled list.`);
    // The joint view is a pure fold of the records already read; as at another date than today it
    // also needs each priority's status history from the log.
    const { audience } = c.var.page;
    const asAt = asOfFrom(c.req.query());
    const today = londonDate(kit.deps.clock());
    const asOf = asAt.date || today;
    const histories = asOf === today ? undefined : await statusHistoriesOf(kit.deps, content.areaId, content.records, audience);
    const view = buildJointView(content.areaId, content.records, audience, asOf, histories);
    return kit.render(
      c,
      asAt.error ? 400 : 200,
      {
        title: `${asAt.error ? 'Error: ' : ''}${theme.name}${asAt.date ? ` as at ${formatDate(asAt.date)}` : ''}`,
        viewer: c.var.page.viewer,
        area: { id: content.areaId, name: content.areaName },
        alternates: alternateLinks(content.areaId, { theme: theme.slug }),
      },
      <ThemePage content={content} theme={theme} view={view} asOf={asAt.date ?? ''} asOfError={asAt.error} />,
    );
  });
}
