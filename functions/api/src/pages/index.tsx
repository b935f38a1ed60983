/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { type Audience, buildJointView } from '@partnership-hub/domain';
import { type HubEvent, SlugId, THEMES } from '@partnership-hub/events';
import { alternateLinks } from '@partnership-hub/feeds/links';
import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { hashKey } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import type { HubApp } from '../routing.ts';
import { loadAreaContent, loadOverview } from './area-data.ts';
import { stylesheets } from './assets.ts';
import { BodyPage } from './body-page.tsx';
import { type CalendarGrouping, CalendarPage } from './calendar-page.tsx';
import { SuccessBanner } from './components.tsx';
import { HISTORY_SUBJECTS, HistoryPage, type HistorySubject } from './history-page.tsx';
import { Layout, type LayoutProps, type Viewer } from './layout.tsx';
import { filterJointView, parseOverviewFilters, periodsOf } from './overview-filters.ts';
import { OverviewPage } from './overview-page.tsx';
import { ProtocolPage, ProtocolRegisterPage } from './protocol-pages.tsx';
import {
  audienceOf,
  CSRF_FIELD,
  csrfToken,
  csrfTokenMatches,
  endSession,
  readSession,
  type Session,
  safeReturnPath,
  startSession,
} from './session.ts';
import { NotFoundPage, ProblemPage, SignInPage, StartPage } from './simple-pages.tsx';
import { ThemePage } from './theme-page.tsx';

export { localAssetsDir } from './assets.ts';

/** A one-off message for the next page (after signing in or out): a fixed set, so the cookie can never inject text. */
const NOTICE_COOKIE = 'hub_notice';
const NOTICES = { 'signed-in': 'You are signed in.', 'signed-out': 'You have signed out. You now see public information only.' } as const;
type Notice = keyof typeof NOTICES;

/** No client script at all, so the strictest policy: styles and forms from this site only. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

interface PageContext {
  session: Session | undefined;
  viewer: Viewer;
  audience: Audience;
}

/**
 * The hub in a browser: server-rendered pages (hono/jsx, GOV.UK Frontend markup and CSS, no
 * client JavaScript) over the same stores as the JSON API. Visitors see public content; a
 * partner signed in with their organisation's key sees their area's partners-only content too.
 */
export function registerPages(app: HubApp, deps: ApiDeps): void {
  const stylesheet = stylesheets(deps.assetsDir, deps.logger);
  const secret = deps.sessionSecret || undefined;
  if (!secret)
    deps.logger.warn('no session secret is configured (HUB_SESSION_SECRET): the pages are public only and signing in is off', {});

  /** Who is looking, for the area the page is about (none for pages outside an area). */
  async function pageContext(c: Context, areaId: string | undefined): Promise<PageContext> {
    const session = await readSession(c, secret, deps.clock());
    let viewer: Viewer = { partners: false };
    if (session) {
      // A session ends when its key is revoked, not only when it expires.
      const [organisation, area, keyStatus] = await Promise.all([
        deps.views.get(session.areaId, 'organisation', null, session.organisationId),
        deps.views.get(session.areaId, 'area', null, session.areaId),
        deps.apiKeys.status(session.areaId, session.organisationId, session.keyId),
      ]);
      if (organisation && area && keyStatus !== 'revoked') {
        viewer = {
          signedInAs: {
            areaId: session.areaId,
            areaName: area.state.name,
            organisationId: session.organisationId,
            name: organisation.state.name,
          },
          partners: areaId !== undefined && session.areaId === areaId,
          ...(secret ? { csrfToken: await csrfToken(c, secret) } : {}),
        };
      }
    }
    const audience = areaId && viewer.signedInAs ? audienceOf(session, areaId) : 'public';
    return { session: viewer.signedInAs ? session : undefined, viewer, audience };
  }

  async function render(
    c: Context,
    status: 200 | 400 | 404 | 500 | 503,
    props: Omit<LayoutProps, 'path' | 'children'>,
    content: Child,
  ): Promise<Response> {
    const notice = getCookie(c, NOTICE_COOKIE) as Notice | undefined;
    if (notice) deleteCookie(c, NOTICE_COOKIE, { path: '/' });
    const path = new URL(c.req.url).pathname + new URL(c.req.url).search;
    const page = (
      <Layout {...props} path={path}>
        {notice && NOTICES[notice] ? (
          <SuccessBanner title="Success">
            {notice === 'signed-in' && props.viewer.signedInAs ? `You are signed in as ${props.viewer.signedInAs.name}.` : NOTICES[notice]}
          </SuccessBanner>
        ) : null}
        {content}
      </Layout>
    );
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    // Partners-only content must never sit in a shared cache; public pages may be revalidated.
    c.header('Cache-Control', props.viewer.signedInAs ? 'private, no-store' : 'no-cache');
    c.header('Vary', 'Cookie');
    return c.html(`<!DOCTYPE html>${await page.toString()}`, status);
  }

  const notFound = async (c: Context, message?: string) =>
    render(c, 404, { title: 'Page not found', viewer: (await pageContext(c, undefined)).viewer }, <NotFoundPage message={message} />);

  /** Pages answer their own errors as pages: a browser should never be shown a JSON problem. */
  const page =
    (handler: (c: Context) => Promise<Response>) =>
    async (c: Context): Promise<Response> => {
      try {
        return await handler(c);
      } catch (error) {
        deps.logger.error('a page could not be rendered', {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          path: c.req.path,
        });
        return render(
          c,
          500,
          { title: 'Sorry, there is a problem with the service', viewer: { partners: false } },
          <ProblemPage title="Sorry, there is a problem with the service" message="Try again later. Nothing you did caused this." />,
        );
      }
    };

  // Pages and stylesheets are text that shrinks about tenfold: gzip them for phones on a slow network.
  // (hono/aws-lambda sends a compressed body base64-encoded, as API Gateway expects.)
  for (const path of ['/areas', '/areas/*', '/assets/*', '/sign-in']) app.use(path, compress());

  // Browsers get the start page; API clients (Accept: application/json, or no preference) keep the JSON index.
  app.get('/', async (c, next) => {
    if (!(c.req.header('accept') ?? '').includes('text/html')) return next();
    return page(async () => {
      const { viewer } = await pageContext(c, undefined);
      const signedIn = viewer.signedInAs ? { id: viewer.signedInAs.areaId, name: viewer.signedInAs.areaName } : undefined;
      return render(c, 200, { title: 'Home', viewer }, <StartPage {...(signedIn ? { signedInArea: signedIn } : {})} />);
    })(c);
  });

  app.get(
    '/areas',
    page(async (c) => {
      const area = (c.req.query('area') ?? '').trim().toLowerCase();
      if (SlugId.safeParse(area).success) return c.redirect(`/areas/${area}`, 303);
      const { viewer } = await pageContext(c, undefined);
      return render(
        c,
        400,
        { title: 'Error: Home', viewer },
        <StartPage error={area ? 'Enter an area identifier using lower-case letters, digits and hyphens' : 'Enter an area identifier'} />,
      );
    }),
  );

  app.get(
    '/areas/:areaId',
    page(async (c) => {
      const areaId = c.req.param('areaId')!;
      const { viewer, audience } = await pageContext(c, areaId);
      const data = await loadOverview(deps, areaId, audience);
      if (!data) return notFound(c, `There is no area called ${areaId} on this hub.`);
      const { filters, errors } = parseOverviewFilters(
        c.req.query(),
        data.organisations.map((organisation) => organisation.id),
      );
      const area = { id: areaId, name: data.areaName };
      return render(
        c,
        errors.length ? 400 : 200,
        {
          title: `${errors.length ? 'Error: ' : ''}Joint priorities`,
          viewer,
          area,
          current: 'overview',
          wide: true,
          alternates: alternateLinks(areaId),
        },
        <OverviewPage
          areaId={areaId}
          areaName={data.areaName}
          organisations={data.organisations}
          view={filterJointView(data.view, filters)}
          filters={filters}
          errors={errors}
          periods={periodsOf(data.view)}
          isPartnersOnly={data.isPartnersOnly}
        />,
      );
    }),
  );

  /** The pages below need the whole area's content for this reader. */
  const areaPage = (
    draw: (c: Context, content: NonNullable<Awaited<ReturnType<typeof loadAreaContent>>>, context: PageContext) => Promise<Response>,
  ) =>
    page(async (c) => {
      const areaId = c.req.param('areaId')!;
      const context = await pageContext(c, areaId);
      const content = await loadAreaContent(deps, areaId, context.audience);
      if (!content) return notFound(c, `There is no area called ${areaId} on this hub.`);
      return draw(c, content, context);
    });

  app.get(
    '/areas/:areaId/bodies/:organisationId',
    areaPage(async (c, content, { viewer }) => {
      const organisation = content.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
      if (!organisation) return notFound(c, `There is no body called ${c.req.param('organisationId')} in ${content.areaName}.`);
      return render(
        c,
        200,
        {
          title: organisation.state.name,
          viewer,
          area: { id: content.areaId, name: content.areaName },
          alternates: alternateLinks(content.areaId, { organisationId: organisation.id }),
        },
        <BodyPage content={content} organisation={organisation} />,
      );
    }),
  );

  app.get(
    '/areas/:areaId/themes/:theme',
    areaPage(async (c, content, { viewer, audience }) => {
      const theme = THEMES.find(({ slug }) => slug === c.req.param('theme'));
      if (!theme) return notFound(c, `There is no theme called ${c.req.param('theme')}. Themes come from the hub's controlled list.`);
      // The joint view is a pure fold of the records already read: no second read needed.
      const view = buildJointView(content.areaId, content.records, audience);
      return render(
        c,
        200,
        {
          title: theme.name,
          viewer,
          area: { id: content.areaId, name: content.areaName },
          alternates: alternateLinks(content.areaId, { theme: theme.slug }),
        },
        <ThemePage content={content} theme={theme} view={view} />,
      );
    }),
  );

  app.get(
    '/areas/:areaId/calendar',
    areaPage(async (c, content, { viewer }) => {
      const by: CalendarGrouping = c.req.query('by') === 'month' ? 'month' : 'quarter';
      const requested = c.req.query('body') ?? '';
      const body = content.organisations.some((organisation) => organisation.id === requested) ? requested : '';
      return render(
        c,
        200,
        { title: 'Work programme calendar', viewer, area: { id: content.areaId, name: content.areaName }, current: 'calendar' },
        <CalendarPage content={content} by={by} body={body} />,
      );
    }),
  );

  app.get(
    '/areas/:areaId/protocols',
    areaPage(async (c, content, { viewer }) =>
      render(
        c,
        200,
        { title: 'Protocol register', viewer, area: { id: content.areaId, name: content.areaName }, current: 'protocols' },
        <ProtocolRegisterPage content={content} />,
      ),
    ),
  );

  const nameOfIn = (content: { organisations: { id: string; state: { name: string } }[] }) => {
    const names = new Map(content.organisations.map((organisation) => [organisation.id, organisation.state.name]));
    return (organisationId: string) => names.get(organisationId) ?? organisationId;
  };

  /** A subject's events that this reader may see: none at all when the subject is now partners-only and they are not a partner. */
  async function visibleHistory(
    ref: { areaId: string; subjectType: HistorySubject; organisationId: string | null; id: string },
    audience: Audience,
  ): Promise<HubEvent[]> {
    const events = await deps.eventLog.stream(ref);
    const latest = events[events.length - 1];
    if (!latest || (audience === 'public' && latest.detail.visibility === 'partners')) return [];
    return audience === 'partners' ? events : events.filter((event) => event.detail.visibility === 'public');
  }

  app.get(
    '/areas/:areaId/protocols/:protocolId',
    areaPage(async (c, content, { viewer, audience }) => {
      const protocol = content.protocols.find((candidate) => candidate.id === c.req.param('protocolId'));
      if (!protocol) return notFound(c, `There is no protocol called ${c.req.param('protocolId')} in ${content.areaName}.`);
      const events = await visibleHistory(
        { areaId: content.areaId, subjectType: 'protocol', organisationId: null, id: protocol.id },
        audience,
      );
      return render(
        c,
        200,
        { title: protocol.state.title, viewer, area: { id: content.areaId, name: content.areaName }, current: 'protocols' },
        <ProtocolPage content={content} protocol={protocol} events={events} nameOf={nameOfIn(content)} />,
      );
    }),
  );

  app.get(
    '/areas/:areaId/history/:subjectType/:organisationId/:id',
    areaPage(async (c, content, { viewer, audience }) => {
      const subjectType = c.req.param('subjectType') as HistorySubject;
      const id = c.req.param('id')!;
      const organisationParam = c.req.param('organisationId')!;
      const organisationId = subjectType === 'protocol' ? null : organisationParam;
      const shapeIsRight = HISTORY_SUBJECTS.includes(subjectType) && (subjectType === 'protocol') === (organisationParam === '-');
      const events = shapeIsRight ? await visibleHistory({ areaId: content.areaId, subjectType, organisationId, id }, audience) : [];
      if (events.length === 0) return notFound(c, `There is no history for ${id} here.`);
      const latest = events[events.length - 1]!.detail.data as { title?: string };
      const nameOf = nameOfIn(content);
      const backHref =
        subjectType === 'protocol'
          ? `/areas/${content.areaId}/protocols/${id}`
          : `/areas/${content.areaId}/bodies/${organisationId}#${subjectType === 'priority' ? 'priority' : 'item'}-${id}`;
      const title = latest.title ?? id;
      return render(
        c,
        200,
        { title: `History of ${title}`, viewer, area: { id: content.areaId, name: content.areaName } },
        <HistoryPage
          areaId={content.areaId}
          subjectType={subjectType}
          title={title}
          ownerName={organisationId ? nameOf(organisationId) : undefined}
          backHref={backHref}
          events={events}
          nameOf={nameOf}
        />,
      );
    }),
  );

  app.get(
    '/sign-in',
    page(async (c) => {
      const { viewer } = await pageContext(c, undefined);
      const returnTo = safeReturnPath(c.req.query('return'), '/');
      const token = secret ? await csrfToken(c, secret) : undefined;
      return render(
        c,
        secret ? 200 : 503,
        { title: 'Sign in', viewer, current: 'sign-in' },
        <SignInPage csrfToken={token} returnTo={returnTo} />,
      );
    }),
  );

  app.post(
    '/sign-in',
    page(async (c) => {
      const form = await c.req.parseBody();
      const returnTo = safeReturnPath(form.return, '');
      const { viewer } = await pageContext(c, undefined);
      const again = async (status: 400 | 503, error: string) =>
        render(
          c,
          status,
          { title: 'Error: Sign in', viewer, current: 'sign-in' },
          <SignInPage csrfToken={secret ? await csrfToken(c, secret) : undefined} returnTo={returnTo || '/'} error={error} />,
        );
      if (!secret) return again(503, 'Signing in is not available on this hub');
      if (!(await csrfTokenMatches(c, secret, form[CSRF_FIELD])))
        return again(400, 'The sign-in form had expired. Enter your access key again');
      const key = typeof form.accessKey === 'string' ? form.accessKey.trim() : '';
      if (!key) return again(400, "Enter your organisation's access key");
      const record = await deps.apiKeys.find(hashKey(key));
      if (!record)
        return again(400, 'The access key was not recognised. Check it was copied whole, or ask the hub administrator for a new one');
      await startSession(c, secret, { areaId: record.areaId, organisationId: record.organisationId, keyId: record.keyId }, deps.clock());
      setCookie(c, NOTICE_COOKIE, 'signed-in', { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 });
      return c.redirect(returnTo && returnTo !== '/' ? returnTo : `/areas/${record.areaId}`, 303);
    }),
  );

  app.post(
    '/sign-out',
    page(async (c) => {
      const form = await c.req.parseBody();
      if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD]))) {
        const { viewer } = await pageContext(c, undefined);
        return render(
          c,
          400,
          { title: 'Sign out', viewer },
          <ProblemPage
            title="You have not been signed out"
            message="The sign-out form had expired. Go back, reload the page and sign out again."
          />,
        );
      }
      endSession(c);
      setCookie(c, NOTICE_COOKIE, 'signed-out', { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 });
      return c.redirect(safeReturnPath(form.return, '/'), 303);
    }),
  );

  app.get('/assets/:name', async (c) => {
    const sheet = await stylesheet(c.req.param('name'));
    if (!sheet) return c.text('Not found', 404);
    return c.body(sheet.body, 200, {
      'Content-Type': sheet.contentType,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  // A browser that asks for a page that is not there gets a page, not a JSON problem; the API's answers are untouched.
  app.use('*', htmlNotFound(notFound));
}

function htmlNotFound(notFound: (c: Context) => Promise<Response>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (
      c.res.status !== 404 ||
      c.req.method !== 'GET' ||
      c.req.path.startsWith('/v1/') ||
      !(c.req.header('accept') ?? '').includes('text/html')
    )
      return;
    if ((c.res.headers.get('content-type') ?? '').includes('text/html')) return;
    c.res = await notFound(c);
  };
}
