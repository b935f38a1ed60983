import { registerConnectorRoutes } from '../routes/connectors.ts';
import { registerContentRoutes } from '../routes/content.ts';
import { registerDirectoryRoutes } from '../routes/directory.ts';
import { registerIdentityProviderRoutes } from '../routes/identity-providers.ts';
import { registerMeetingRoutes } from '../routes/meetings.ts';
import { registerMemberRoutes } from '../routes/members.ts';
import { registerPlanRoutes } from '../routes/plans.ts';
import { registerProtocolRoutes } from '../routes/protocols.ts';
import { registerReadRoutes } from '../routes/reads.ts';
import { registerRequestRoutes } from '../routes/requests.ts';
import { registerSubscriptionRoutes } from '../routes/subscriptions.ts';
import type { RouteGroup } from '../routing.ts';

/** The JSON API: themes, areas, bodies, plans, priorities, work programmes, protocols, subscriptions. */
export const coreRoutes: RouteGroup = ({ routes, deps }) => {
  registerReadRoutes(routes, deps);
  routes.resource('/v1/areas', (directory) => registerDirectoryRoutes(directory, deps));
  routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/plans', (plans) => registerPlanRoutes(plans, deps));
  registerContentRoutes(routes, deps);
  routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/meetings', (meetings) => registerMeetingRoutes(meetings, deps));
  routes.resource('/v1/areas/{areaId}/protocols', (protocols) => registerProtocolRoutes(protocols, deps));
  const { people } = deps;
  if (people)
    routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/members', (members) => registerMemberRoutes(members, deps, people));
  routes.resource('/v1/areas/{areaId}/requests', (requests) => registerRequestRoutes(requests, deps));
  const { subscriptions } = deps;
  if (subscriptions) routes.resource('/v1/subscriptions', (routes) => registerSubscriptionRoutes(routes, deps, subscriptions));
  const { connectors } = deps;
  if (connectors) routes.resource('/v1/areas/{areaId}/connectors', (routes) => registerConnectorRoutes(routes, connectors, deps));
  // Only whether they are configured is asked here (routeSpecsOf declares routes without them).
  if (deps.identityProviders)
    routes.resource('/v1/identity-providers', (routes) => registerIdentityProviderRoutes(routes, deps, () => deps.identityProviders!));
};
