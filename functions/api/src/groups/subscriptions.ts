import { registerSubscriptionRoutes } from '../routes/subscriptions.ts';
import type { RouteGroup } from '../routing.ts';

/**
 * Subscriptions to change notifications (/v1/subscriptions): apart from the core group because
 * only they carry the webhook address checks, the event patterns and the rate limiter, so on AWS
 * the function serving them (lambda-subscriptions.ts) holds those libraries and the JSON API's does not.
 */
export const subscriptionRoutes: RouteGroup = ({ routes, deps }) => {
  const { subscriptions } = deps;
  if (subscriptions) routes.resource('/v1/subscriptions', (routes) => registerSubscriptionRoutes(routes, deps, subscriptions));
};
