import {
  registerAlertPages,
  registerBodyPages,
  registerPages,
  registerProviderSignInPages,
  registerPublishingPages,
  registerSignInPages,
  registerTrackerPages,
} from '../pages/index.tsx';
import type { RouteGroup } from '../routing.ts';

/** The browser pages (server-rendered, no JavaScript). */
export const pageRoutes: RouteGroup = ({ app, deps }) => registerPages(app, deps);

/** Signing in and out of the pages (with the sign-in attempts' rate limit). */
export const signInRoutes: RouteGroup = ({ app, deps }) => registerSignInPages(app, deps);

/** Signing in through an identity provider, where the flow is wired (a function of its own on AWS: lambda-sign-in-oidc.ts). */
export const providerSignInRoutes: RouteGroup = ({ app, deps }) => registerProviderSignInPages(app, deps);

/** Publishing a body's content with forms (they write, so on AWS they have a function of their own). */
export const publishingRoutes: RouteGroup = ({ app, deps }) => registerPublishingPages(app, deps);

/** A body's pages and history (a function of their own on AWS: lambda-body-pages.ts). */
export const bodyPageRoutes: RouteGroup = ({ app, deps }) => registerBodyPages(app, deps);

/** The protocols and the requests tracker (a function of their own on AWS: lambda-tracker-pages.ts). */
export const trackerPageRoutes: RouteGroup = ({ app, deps }) => registerTrackerPages(app, deps);

/** The email alerts form (a function of its own on AWS: lambda-alerts.ts). */
export const alertPageRoutes: RouteGroup = ({ app, deps }) => registerAlertPages(app, deps);
