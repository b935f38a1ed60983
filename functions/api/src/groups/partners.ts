import { registerMeetingRoutes } from '../routes/meetings.ts';
import { registerMemberRoutes } from '../routes/members.ts';
import { registerPlanVariationRoutes } from '../routes/plan-variations.ts';
import { registerRequestRoutes } from '../routes/requests.ts';
import type { RouteGroup } from '../routing.ts';

/**
 * What partners do together beyond publishing: tracked requests, a plan's variation steps, meetings
 * and a body's members (the area's connectors are connectors.ts). Apart from the core group so that on AWS each function's bundle stays
 * within its 300 KB budget (lambda-partners.ts).
 */
export const partnerRoutes: RouteGroup = ({ routes, deps }) => {
  routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/meetings', (meetings) => registerMeetingRoutes(meetings, deps));
  const { people } = deps;
  if (people)
    routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/members', (members) => registerMemberRoutes(members, deps, people));
  routes.resource('/v1/areas/{areaId}/requests', (requests) => registerRequestRoutes(requests, deps));
  // A plan's statutory variation steps: the panel's recommendations become tracked requests.
  routes.resource('/v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}/variations', (variations) =>
    registerPlanVariationRoutes(variations, deps),
  );
};
