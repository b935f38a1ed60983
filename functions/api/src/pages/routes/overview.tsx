/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { alternateLinks } from '@partnership-hub/feeds/links';
import { loadOverview } from '../area-data.ts';
import { formatDate } from '../format.ts';
import type { PageKit, ViewerEnv } from '../kit.tsx';
import { asOfFrom, filterJointView, parseOverviewFilters, periodsOf } from '../overview-filters.ts';
import { OverviewPage } from '../overview-page.tsx';

/** The area overview (the joint priorities matrix), mounted at /areas/:areaId. */
export function overviewPages(kit: PageKit) {
  return kit.family<ViewerEnv>().get('/', kit.viewer, async (c) => {
    const areaId = c.req.param('areaId')!;
    const { viewer, audience } = c.var.page;
    // The date comes first: it decides which view is read. A date the page cannot use is reported with the other filters, and today's view shown.
    const { date: asOf } = asOfFrom(c.req.query());
    const data = await loadOverview(kit.deps, areaId, audience, asOf);
    if (!data) return kit.notFound(c, `There is no area called ${areaId} on this hub.`);
    const { filters, errors } = parseOverviewFilters(
      c.req.query(),
      data.organisations.map((organisation) => organisation.id),
    );
    const asAt = filters.asOf ? ` as at ${formatDate(filters.asOf)}` : '';
    return kit.render(
      c,
      errors.length ? 400 : 200,
      {
        title: `${errors.length ? 'Error: ' : ''}Joint priorities${asAt}`,
        viewer,
        area: { id: areaId, name: data.areaName },
        current: 'overview',
        wide: true,
        alternates: alternateLinks(areaId),
      },
      <OverviewPage
        areaId={areaId}
        areaName={data.areaName}
        organisations={data.organisations}
        view={filterJointView(data.view, filters)}
        filters={filters}
        errors={errors}
        periods={periodsOf(data.view)}
        isPartnersOnly={data.isPartnersOnly}
        panelMeetings={data.panelMeetings}
      />,
    );
  });
}
