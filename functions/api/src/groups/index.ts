import { coreRoutes } from './core.ts';
import { docsRoutes, PUBLISHED_OPENAPI_FILE, publishedDocsRoutes } from './docs.ts';
import { feedRoutes } from './feeds.ts';
import { importRoutes, uploadRoutes } from './imports.ts';
import { pageRoutes, publishingRoutes, signInRoutes } from './pages.ts';
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

/**
 * Everything, in one app: the local run. The docs group comes last and documents all the others;
 * publishing comes before the pages, whose plan page would otherwise take `plans/new`.
 */
export const allRoutes = [
  coreRoutes,
  subscriptionLinkRoutes,
  importRoutes,
  uploadRoutes,
  feedRoutes,
  signInRoutes,
  publishingRoutes,
  pageRoutes,
  docsRoutes,
] as const;

/** The groups that declare their routes in the registry: all but the pages (signing in included), which Hono serves directly. */
export const declaringRoutes = allRoutes.filter(
  (group) => group !== pageRoutes && group !== signInRoutes && group !== publishingRoutes && group !== uploadRoutes,
);
