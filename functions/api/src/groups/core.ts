import { registerContentRoutes } from '../routes/content.ts';
import { registerDirectoryRoutes } from '../routes/directory.ts';
import { registerProtocolRoutes } from '../routes/protocols.ts';
import { registerReadRoutes } from '../routes/reads.ts';
import { registerSubscriptionRoutes } from '../routes/subscriptions.ts';
import type { RouteGroup } from '../routing.ts';

/** The JSON API: themes, areas, bodies, priorities, work programmes, protocols, subscriptions. */
export const coreRoutes: RouteGroup = ({ routes, deps }) => {
  registerReadRoutes(routes, deps);
  registerDirectoryRoutes(routes, deps);
  registerContentRoutes(routes, deps);
  registerProtocolRoutes(routes, deps);
  if (deps.subscriptions) registerSubscriptionRoutes(routes, deps, deps.subscriptions);
};
