import { registerConnectorPages } from '../pages/index.tsx';
import { registerConnectorRoutes } from '../routes/connectors.ts';
import type { RouteGroup } from '../routing.ts';
import { servePages } from './pages.ts';

/**
 * The area's connectors (a council's ModernGov mapped onto its bodies) and their runs: a group of
 * their own so that on AWS one function (lambda-connectors.ts) carries the council client and the
 * handing over of runs, and no other bundle does.
 */
export const connectorRoutes: RouteGroup = ({ routes, deps }) => {
  // Only whether they are configured is asked here (routeSpecsOf declares routes without them).
  const { connectors } = deps;
  if (connectors) routes.resource('/v1/areas/{areaId}/connectors', (routes) => registerConnectorRoutes(routes, connectors, deps));
};

/** The connectors' pages and their "Run now" form, served beside the connector API (a page group: Hono serves it directly). */
export const connectorPageRoutes: RouteGroup = (context) => servePages(registerConnectorPages, context);
