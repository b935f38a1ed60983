import { registerFeedRoutes } from '../routes/feeds.ts';
import type { RouteGroup } from '../routing.ts';

/** Feeds between councils: the change feed, CloudEvents, Atom, JSON Feed, iCalendar and Popolo. */
export const feedRoutes: RouteGroup = ({ routes, deps }) => registerFeedRoutes(routes, deps);
