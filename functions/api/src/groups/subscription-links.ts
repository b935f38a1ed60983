import { linkNotValidPage } from '../pages/subscription-pages.tsx';
import { registerSubscriptionLinkRoutes } from '../routes/subscription-links.ts';
import type { RouteGroup } from '../routing.ts';

/** The links in emails (confirm a subscription, unsubscribe): HTML pages, served beside the browser pages on AWS. */
export const subscriptionLinkRoutes: RouteGroup = ({ app, routes, deps }) => {
  // Only whether a store is configured is asked here (routeSpecsOf declares routes without any).
  if (!deps.subscriptionStore && !deps.subscriptions) return;
  // A person who followed a link that is wrong or spent is shown a page saying so, not the API's problem.
  app.use('/v1/subscriptions/:id/:link{confirm|unsubscribe|manage}', async (c, next) => {
    await next();
    const { status } = c.res;
    if ((status !== 400 && status !== 404) || !(c.req.header('accept') ?? '').includes('text/html')) return;
    if ((c.res.headers.get('content-type') ?? '').includes('text/html')) return;
    c.res = await linkNotValidPage(c, status);
  });
  const store = () => deps.subscriptionStore ?? deps.subscriptions!.subscriptions;
  routes.resource('/v1/subscriptions', (links) => registerSubscriptionLinkRoutes(links, deps, store));
};
