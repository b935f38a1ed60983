import { registerContentRoutes } from '../routes/content.ts';
import { registerDirectoryRoutes } from '../routes/directory.ts';
import { registerPlanRoutes } from '../routes/plans.ts';
import { registerProtocolRoutes } from '../routes/protocols.ts';
import { registerReadRoutes } from '../routes/reads.ts';
import type { RouteGroup } from '../routing.ts';

/**
 * The JSON API: themes, areas, bodies, plans, priorities, work programmes and protocols (requests,
 * meetings, members and connectors are in partners.ts; subscriptions in subscriptions.ts).
 */
export const coreRoutes: RouteGroup = ({ routes, deps }) => {
  registerReadRoutes(routes, deps);
  routes.resource('/v1/areas', (directory) => registerDirectoryRoutes(directory, deps));
  routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/plans', (plans) => registerPlanRoutes(plans, deps));
  registerContentRoutes(routes, deps);
  routes.resource('/v1/areas/{areaId}/protocols', (protocols) => registerProtocolRoutes(protocols, deps));
};
