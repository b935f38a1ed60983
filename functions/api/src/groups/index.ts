import { coreRoutes } from './core.ts';
import { docsRoutes, PUBLISHED_OPENAPI_FILE, publishedDocsRoutes } from './docs.ts';
import { feedRoutes } from './feeds.ts';
import { importRoutes } from './imports.ts';
import { pageRoutes, signInRoutes } from './pages.ts';
import { subscriptionLinkRoutes } from './subscription-links.ts';

export {
  coreRoutes,
  docsRoutes,
  feedRoutes,
  importRoutes,
  PUBLISHED_OPENAPI_FILE,
  pageRoutes,
  publishedDocsRoutes,
  subscriptionLinkRoutes,
};

/** Everything, in one app: the local run. The docs group comes last and documents all the others. */
export const allRoutes = [coreRoutes, subscriptionLinkRoutes, importRoutes, feedRoutes, signInRoutes, pageRoutes, docsRoutes] as const;

/** The groups that declare their routes in the registry: all but the pages (signing in included), which Hono serves directly. */
export const declaringRoutes = allRoutes.filter((group) => group !== pageRoutes && group !== signInRoutes);
