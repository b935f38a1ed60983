import { registerSubscriptionLinkRoutes } from '../routes/subscription-links.ts';
import type { RouteGroup } from '../routing.ts';

/** The links in emails (confirm a subscription, unsubscribe): HTML pages, served beside the browser pages on AWS. */
export const subscriptionLinkRoutes: RouteGroup = ({ routes, deps }) => {
  // Only whether a store is configured is asked here (routeSpecsOf declares routes without any).
  if (!deps.subscriptionStore && !deps.subscriptions) return;
  const store = () => deps.subscriptionStore ?? deps.subscriptions!.subscriptions;
  routes.resource('/v1/subscriptions', (links) => registerSubscriptionLinkRoutes(links, deps, store));
};
