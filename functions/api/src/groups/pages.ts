import type { ApiDeps } from '../deps.ts';
import {
  registerAlertPages,
  registerBodyPages,
  registerPages,
  registerProviderSignInPages,
  registerPublishingPages,
  registerSignInPages,
  registerTrackerPages,
  registerVariationPages,
} from '../pages/index.tsx';
import { pageKit } from '../pages/kit.tsx';
import type { HubApp, RouteGroup } from '../routing.ts';

/**
 * Serves a group of pages: its routes, and the page a person is shown for a form over the body limit
 * (app.ts). Each group below calls it from a function of its own, not `const x = servePages(...)`
 * at the top level: a bundle that imports this module for one group then tree-shakes the others.
 */
export function servePages(register: (app: HubApp, deps: ApiDeps) => void, { app, deps, pages }: Parameters<RouteGroup>[0]): void {
  register(app, deps);
  pages.formTooLarge ??= pageKit(deps).formTooLarge;
}

/** The browser pages (server-rendered, no JavaScript). */
export const pageRoutes: RouteGroup = (context) => servePages(registerPages, context);

/** Signing in and out of the pages (with the sign-in attempts' rate limit). */
export const signInRoutes: RouteGroup = (context) => servePages(registerSignInPages, context);

/** Signing in through an identity provider, where the flow is wired (a function of its own on AWS: lambda-sign-in-oidc.ts). */
export const providerSignInRoutes: RouteGroup = (context) => servePages(registerProviderSignInPages, context);

/** Publishing a body's content with forms (they write, so on AWS they have a function of their own). */
export const publishingRoutes: RouteGroup = (context) => servePages(registerPublishingPages, context);

/** A body's pages and history (a function of their own on AWS: lambda-body-pages.ts). */
export const bodyPageRoutes: RouteGroup = (context) => servePages(registerBodyPages, context);

/** The protocols and the requests tracker (a function of their own on AWS: lambda-tracker-pages.ts). */
export const trackerPageRoutes: RouteGroup = (context) => servePages(registerTrackerPages, context);

/** A plan variation's page and its step form (a function of their own on AWS: lambda-variation-pages.ts). */
export const variationPageRoutes: RouteGroup = (context) => servePages(registerVariationPages, context);

/** The email alerts form (a function of its own on AWS: lambda-alerts.ts). */
export const alertPageRoutes: RouteGroup = (context) => servePages(registerAlertPages, context);
