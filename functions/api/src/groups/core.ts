import { registeringProviders } from '../identity-provider-ports.ts';
import { registerContentRoutes } from '../routes/content.ts';
import { registerDirectoryRoutes } from '../routes/directory.ts';
import { registerIdentityProviderRoutes } from '../routes/identity-providers.ts';
import { registerPlanRoutes } from '../routes/plans.ts';
import { registerProtocolRoutes } from '../routes/protocols.ts';
import { registerReadRoutes } from '../routes/reads.ts';
import type { RouteGroup } from '../routing.ts';

/**
 * The JSON API: themes, areas, bodies, plans, priorities, work programmes, protocols and the
 * administrator's identity providers (requests,
 * meetings, members and connectors are in partners.ts; subscriptions in subscriptions.ts).
 */
export const coreRoutes: RouteGroup = ({ routes, deps }) => {
  registerReadRoutes(routes, deps);
  routes.resource('/v1/areas', (directory) => registerDirectoryRoutes(directory, deps));
  routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/plans', (plans) => registerPlanRoutes(plans, deps));
  registerContentRoutes(routes, deps);
  routes.resource('/v1/areas/{areaId}/protocols', (protocols) => registerProtocolRoutes(protocols, deps));
  // Only whether they are configured is asked here (routeSpecsOf declares routes without them).
  if (deps.identityProviders)
    routes.resource('/v1/identity-providers', (routes) =>
      registerIdentityProviderRoutes(routes, deps, () => registeringProviders(deps.identityProviders)),
    );
};
