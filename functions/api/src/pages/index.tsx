import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import type { ApiDeps } from '../deps.ts';
import { providerSignInOf } from '../identity-provider-ports.ts';
import { askedForAPage, type HubApp } from '../routing.ts';
import { pageKit } from './kit.tsx';
import { alertPages } from './routes/alerts.tsx';
import { assetRoutes } from './routes/assets.ts';
import { bodyPages } from './routes/body.tsx';
import { calendarPages } from './routes/calendar.tsx';
import { connectorPages, connectorRunPages } from './routes/connectors.tsx';
import { contentItemPages } from './routes/content-items.tsx';
import { historyPages } from './routes/history.tsx';
import { memberPages } from './routes/members.tsx';
import { overviewPages } from './routes/overview.tsx';
import { protocolAgreementPages } from './routes/protocol-agreement.tsx';
import { protocolPages } from './routes/protocols.tsx';
import { providerSignInPages } from './routes/provider-sign-in.tsx';
import { publishingPages } from './routes/publishing.tsx';
import { signInPages, signOutPages } from './routes/sign-in.tsx';
import { startPages } from './routes/start.tsx';
import { themePages } from './routes/theme.tsx';
import { requestPages, trackerPages } from './routes/tracker.tsx';
import { variationPages } from './routes/variations.tsx';

export { localAssetsDir } from './assets.ts';

/**
 * The hub in a browser: server-rendered pages (hono/jsx, GOV.UK Frontend markup and CSS, no
 * client JavaScript) over the same stores as the JSON API. Visitors see public content; a
 * partner signed in with their organisation's key sees their area's partners-only content too.
 * Each page family is an app of its own (pages/routes/), mounted here. The bodies' pages and history
 * (registerBodyPages), the calendar, protocols and requests tracker (registerTrackerPages) and the
 * plans' variations (registerVariationPages) are registered apart.
 */
export function registerPages(app: HubApp, deps: ApiDeps): void {
  const kit = pageKit(deps);
  if (!kit.secret)
    deps.logger.warn('no session secret is configured (HUB_SESSION_SECRET): the pages are public only and signing in is off', {});

  // Pages and stylesheets are text that shrinks about tenfold: gzip them for phones on a slow network.
  // (hono/aws-lambda sends a compressed body base64-encoded, as API Gateway expects.)
  for (const path of ['/areas', '/areas/*', '/assets/*']) app.use(path, compress());

  app.route('/', startPages(kit));
  app.route('/areas/:areaId', overviewPages(kit));
  app.route('/areas/:areaId/themes', themePages(kit));
  app.route('/assets', assetRoutes(deps));

  // A browser that asks for a page that is not there gets a page, not a JSON problem; the API's answers are untouched.
  app.use('*', htmlNotFound(kit.notFound));
}

/** Where registerBodyPages serves, in Hono's form (`/x/*` matches `/x` too); infra/src/aws/constructs/api.ts sends the same paths to its function. */
const BODY_PAGE_PATHS = ['/areas/:areaId/bodies/*', '/areas/:areaId/history/*'];
/** Where registerTrackerPages serves, likewise. */
const TRACKER_PAGE_PATHS = ['/areas/:areaId/calendar', '/areas/:areaId/protocols/*', '/areas/:areaId/tracker', '/areas/:areaId/requests/*'];
/** Where registerVariationPages serves, likewise. */
const VARIATION_PAGE_PATHS = ['/areas/:areaId/bodies/:organisationId/plans/:planId/variations/*'];

/**
 * A body's pages and its items' (plans, meetings, priorities, work programme) and the history of
 * a record: apart from the area's overview and themes so that on AWS each function's
 * bundle stays within its 300 KB budget. Registered after publishing (whose `plans/new` a body's
 * plan page would otherwise take) and before registerPages.
 */
export function registerBodyPages(app: HubApp, deps: ApiDeps): void {
  const kit = pageKit(deps);
  for (const path of BODY_PAGE_PATHS) app.use(path, compress(), htmlNotFound(kit.notFound));
  app.route('/areas/:areaId/bodies', contentItemPages(kit));
  app.route('/areas/:areaId/bodies', bodyPages(kit));
  app.route('/areas/:areaId/history', historyPages(kit));
}

/**
 * The area's calendar, the protocols and the requests tracker with its request pages, whose
 * buttons record a response, an update or the close: apart from the other pages for the bundles'
 * budget, and so that on AWS, of the pages' functions, only this one, the variations' and publishing's
 * may append to the log.
 */
export function registerTrackerPages(app: HubApp, deps: ApiDeps): void {
  const kit = pageKit(deps);
  for (const path of TRACKER_PAGE_PATHS) app.use(path, compress(), htmlNotFound(kit.notFound));
  app.route('/areas/:areaId/calendar', calendarPages(kit));
  app.route('/areas/:areaId/protocols', protocolPages(kit));
  app.route('/areas/:areaId/tracker', trackerPages(kit));
  app.route('/areas/:areaId/requests', requestPages(kit));
}

/**
 * A plan variation's page and the form that records its next step: apart from the tracker's pages
 * for the bundles' budget; like the request pages, it appends to the log.
 */
export function registerVariationPages(app: HubApp, deps: ApiDeps): void {
  const kit = pageKit(deps);
  for (const path of VARIATION_PAGE_PATHS) app.use(path, compress(), htmlNotFound(kit.notFound));
  app.route('/areas/:areaId/bodies/:organisationId/plans/:planId/variations', variationPages(kit));
}

/**
 * Signing in and out: apart from the other pages because only they count attempts against the
 * rate limits, so on AWS the function serving them carries the limiter and the others do not.
 */
export function registerSignInPages(app: HubApp, deps: ApiDeps): void {
  const kit = pageKit(deps);
  app.use('/sign-in', compress());
  app.route('/sign-in', signInPages(kit));
  app.route('/sign-out', signOutPages(kit));
}

/**
 * Signing in through an organisation's identity provider (/sign-in/provider and /sign-in/callback):
 * served only where the flow is wired, which is the local run and, on AWS, a function of its own
 * (lambda-sign-in-oidc.ts), so that only its bundle carries openid-client.
 */
export function registerProviderSignInPages(app: HubApp, deps: ApiDeps): void {
  if (!providerSignInOf(deps.identityProviders)) return;
  app.route('/sign-in', providerSignInPages(pageKit(deps)));
}

/**
 * The forms that publish, edit and withdraw a body's content: apart from the read-only pages
 * because only they carry the write path (content-writes.ts), so on AWS the function serving
 * them may append to the log and the pages' function may not. Registered before the pages, so
 * that `plans/new` is the form rather than a plan called "new".
 */
export function registerPublishingPages(app: HubApp, deps: ApiDeps): void {
  const kit = pageKit(deps);
  app.route('/areas/:areaId/bodies', publishingPages(kit));
  app.route('/areas/:areaId/bodies', memberPages(kit));
  app.route('/areas/:areaId/protocols', protocolAgreementPages(kit));
}

/**
 * The form that subscribes to email alerts: served where the subscription services are wired beside
 * the pages (the local run; on AWS a function of its own, lambda-alerts.ts, since neither the
 * subscriptions' nor the publishing forms' bundle has room for it).
 */
export function registerAlertPages(app: HubApp, deps: ApiDeps): void {
  if (!deps.subscriptions) return;
  app.route('/areas/:areaId/alerts', alertPages(pageKit(deps)));
}

/**
 * The connectors' pages and their "Run now" form: served only where connectors are wired, which is
 * the local run and, on AWS, the connectors' function (lambda-connectors.ts) beside their API.
 */
export function registerConnectorPages(app: HubApp, deps: ApiDeps): void {
  if (!deps.connectors) return;
  const kit = pageKit(deps);
  app.route('/areas/:areaId/connectors', connectorPages(kit));
  app.route('/areas/:areaId/connectors', connectorRunPages(kit));
}

function htmlNotFound(notFound: (c: Context) => Promise<Response>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Whatever the method: a form posted to a page that takes none is shown the page, not raw JSON.
    if (c.res.status !== 404 || !askedForAPage(c)) return;
    if ((c.res.headers.get('content-type') ?? '').includes('text/html')) return;
    c.res = await notFound(c);
  };
}
