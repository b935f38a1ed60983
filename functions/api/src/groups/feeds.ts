import { registerCalendarRoutes, registerFeedRoutes } from '../routes/feeds.ts';
import type { RouteGroup } from '../routing.ts';

/** Feeds between councils: the change feed, CloudEvents, Atom, JSON Feed and Popolo. */
export const feedRoutes: RouteGroup = ({ routes, deps }) => registerFeedRoutes(routes, deps);

/** The iCalendar feeds of the dated work programme and meetings (a function of their own on AWS: lambda-calendars.ts). */
export const calendarRoutes: RouteGroup = ({ routes, deps }) => registerCalendarRoutes(routes, deps);
