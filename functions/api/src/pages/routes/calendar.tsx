/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { type CalendarGrouping, CalendarPage, calendarFeedPath } from '../calendar-page.tsx';
import type { AreaEnv, PageKit } from '../kit.tsx';

/** The area's work programme calendar, by quarter or month. Mounted at /areas/:areaId/calendar. */
export function calendarPages(kit: PageKit) {
  return kit.family<AreaEnv>().get('/', kit.viewer, kit.areaContent, async (c) => {
    const content = c.var.area;
    const by: CalendarGrouping = c.req.query('by') === 'month' ? 'month' : 'quarter';
    const requested = c.req.query('body') ?? '';
    const body = content.organisations.some((organisation) => organisation.id === requested) ? requested : '';
    return kit.render(
      c,
      200,
      {
        title: 'Work programme calendar',
        viewer: c.var.page.viewer,
        area: { id: content.areaId, name: content.areaName },
        current: 'calendar',
        // Calendar apps and browsers find the feed of what the page shows.
        alternates: [
          {
            rel: 'alternate',
            type: 'text/calendar',
            href: calendarFeedPath(content.areaId, body),
            title: 'Work programme calendar (iCalendar)',
          },
        ],
      },
      <CalendarPage content={content} by={by} body={body} />,
    );
  });
}
