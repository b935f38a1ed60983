import { connectorPageRoutes, connectorRoutes } from './connectors.ts';
import { coreRoutes } from './core.ts';
import { docsRoutes, PUBLISHED_OPENAPI_FILE, publishedDocsRoutes } from './docs.ts';
import { calendarRoutes, feedRoutes } from './feeds.ts';
import { importRoutes, uploadRoutes } from './imports.ts';
import {
  alertPageRoutes,
  bodyPageRoutes,
  pageRoutes,
  providerSignInRoutes,
  publishingRoutes,
  signInRoutes,
  trackerPageRoutes,
  variationPageRoutes,
} from './pages.ts';
import { partnerRoutes } from './partners.ts';
import { subscriptionLinkRoutes } from './subscription-links.ts';
import { subscriptionRoutes } from './subscriptions.ts';

export {
  bodyPageRoutes,
  calendarRoutes,
  connectorRoutes,
  coreRoutes,
  docsRoutes,
  feedRoutes,
  importRoutes,
  PUBLISHED_OPENAPI_FILE,
  pageRoutes,
  partnerRoutes,
  publishedDocsRoutes,
  subscriptionLinkRoutes,
  subscriptionRoutes,
  trackerPageRoutes,
};

/**
 * Everything, in one app: the local run. The docs group comes last and documents all the others;
 * publishing comes before the pages, whose plan page would otherwise take `plans/new`.
 */
export const allRoutes = [
  coreRoutes,
  partnerRoutes,
  connectorRoutes,
  subscriptionRoutes,
  subscriptionLinkRoutes,
  importRoutes,
  uploadRoutes,
  feedRoutes,
  calendarRoutes,
  signInRoutes,
  providerSignInRoutes,
  publishingRoutes,
  bodyPageRoutes,
  trackerPageRoutes,
  variationPageRoutes,
  connectorPageRoutes,
  alertPageRoutes,
  pageRoutes,
  docsRoutes,
] as const;

/** The groups that declare their routes in the registry: all but the pages (signing in included), which Hono serves directly. */
export const declaringRoutes = allRoutes.filter(
  (group) =>
    group !== pageRoutes &&
    group !== bodyPageRoutes &&
    group !== trackerPageRoutes &&
    group !== variationPageRoutes &&
    group !== connectorPageRoutes &&
    group !== alertPageRoutes &&
    group !== signInRoutes &&
    group !== providerSignInRoutes &&
    group !== publishingRoutes &&
    group !== uploadRoutes,
);
