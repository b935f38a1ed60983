/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { Buffer, isUtf8 } from 'node:buffer';
import {
  type Audience,
  anonymous,
  audienceFor,
  type BodyPrincipal,
  DomainError,
  NotAuthenticatedError,
  NotFoundError,
  NotPermittedError,
  type OrganisationKey,
  type PersonPrincipal,
  type Principal,
  VersionConflictError,
} from '@partnership-hub/domain';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Child, FC } from 'hono/jsx';
import { Hono } from 'hono/tiny';
import type { ApiDeps } from '../deps.ts';
import { MAX_BODY_BYTES } from '../routing.ts';
import { type AreaContent, loadAreaContent } from './area-data.ts';
import { SuccessBanner } from './components.tsx';
import { Layout, type LayoutProps, type Viewer } from './layout.tsx';
import { csrfToken, hashOf, personSessionId, readSession, type Session, sessionIsLive } from './session.ts';
import { NotFoundPage, ProblemPage } from './simple-pages.tsx';

/** A one-off message for the next page (after signing in or out): a fixed set, so the cookie can never inject text. */
export const NOTICE_COOKIE = 'hub_notice';
const NOTICES = {
  'signed-in': 'You are signed in.',
  'signed-out': 'You have signed out. You now see public information only.',
  published: 'It has been published.',
  saved: 'Your changes have been saved.',
  unchanged: 'Nothing had changed, so nothing new was recorded.',
  withdrawn: 'It has been withdrawn. Its history is kept.',
  agreed: 'Your body’s agreement has been recorded.',
  'member-added': 'The member has been added. They have been emailed how to sign in.',
  'member-changed': 'The member’s role has been changed.',
  'member-removed': 'The member has been removed and signed out everywhere.',
  proposed: 'The new version has been proposed. It now awaits the agreement of every party.',
  'run-started': 'The run has started. Reload this page to see how it goes.',
} as const;
export type Notice = keyof typeof NOTICES;

/**
 * GOV.UK's notification banner (the important kind) above a form sent back unsaved for a reason
 * that is no field's, so the error summary has nothing to link to: the session ended, or the form expired.
 */
export const FormNotSaved: FC<{ heading: string; children: Child }> = ({ heading, children }) => (
  <div class="govuk-notification-banner" role="alert" aria-labelledby="form-not-saved-title" data-module="govuk-notification-banner">
    <div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="form-not-saved-title">
        Important
      </h2>
    </div>
    <div class="govuk-notification-banner__content">
      <p class="govuk-notification-banner__heading">{heading}</p>
      <p class="govuk-body">{children}</p>
    </div>
  </div>
);

/**
 * Why the form of someone whose session ended was not saved, and the way on. Signing in opens in
 * a new tab (GOV.UK's advice where leaving the page would lose what was typed), and comes back to the form.
 */
export const SignedOutNotice: FC<{ ended: SessionEnd; returnTo: string; next?: string }> = ({
  ended,
  returnTo,
  next = 'send the form again',
}) => (
  <FormNotSaved
    heading={`${ended === 'idle' ? 'You were signed out after 30 minutes without activity' : 'You have been signed out'}, so nothing has been saved.`}
  >
    <a class="govuk-notification-banner__link" href={`/sign-in?return=${encodeURIComponent(returnTo)}`} target="_blank" rel="noopener">
      Sign in again (opens in new tab)
    </a>
    , then {next}.
  </FormNotSaved>
);

/**
 * No client script at all, so the strictest policy: styles and forms from this site only. The
 * sign-in page's form may also lead to the registered identity providers (a form's redirect to
 * another origin counts as its action), so it names their origins.
 */
export const contentSecurityPolicy = (formOrigins: readonly string[] = []) =>
  `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${["'self'", ...formOrigins].join(' ')}; frame-ancestors 'none'; base-uri 'none'`;
const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * How the session this browser's cookie names ended, when nobody is signed in with it any more:
 * half an hour without a page (`idle`), or anything else (signed out elsewhere, removed from the
 * body, the working day over, the key revoked).
 */
export type SessionEnd = 'idle' | 'ended';

/** Who is looking at a page, for the area the page is about (none for pages outside an area). */
interface PageViewer {
  /** The signed-in session, only while its key still works and its body and area exist. */
  session: Session | undefined;
  /** The same visitor as the domain's rules see them: a body's key when signed in, else nobody. */
  principal: Principal;
  viewer: Viewer;
  audience: Audience;
  /**
   * Set only for nobody whose browser still holds a (signed) session cookie: a form they send was
   * shown to them while signed in, so it is answered with what they typed and how to carry on,
   * rather than refused as a stranger's.
   */
  signedOut?: SessionEnd;
}

/**
 * Whether a rule of the domain allows this: the pages ask the same rules (authorise*) the API does,
 * to decide which forms a viewer is shown; a rule refuses by throwing.
 */
export const allowed = (rule: () => unknown): boolean => {
  try {
    rule();
    return true;
  } catch {
    return false;
  }
};

export type ViewerEnv = { Variables: { page: PageViewer } };
export type AreaEnv = { Variables: { page: PageViewer; area: AreaContent } };

type PageStatus = 200 | 400 | 403 | 404 | 409 | 413 | 429 | 500 | 503;

/** What every page family shares: who is looking, how a page is drawn, and how pages answer errors. */
export interface PageKit {
  deps: ApiDeps;
  /** Signs session and CSRF cookies; without it signing in is off. */
  secret: string | undefined;
  /** Puts the viewer on the context, read once from the session cookie. */
  viewer: MiddlewareHandler<ViewerEnv>;
  /** After `viewer`: puts the whole area's content for this viewer on the context, or answers page-not-found. */
  areaContent: MiddlewareHandler<AreaEnv>;
  render(c: Context, status: PageStatus, props: Omit<LayoutProps, 'path' | 'children'>, content: Child): Promise<Response>;
  notFound(c: Context, message?: string): Promise<Response>;
  /** A form over the hub's body limit of `limitBytes` (app.ts answers a browser with it): nothing was saved, and what to do. */
  formTooLarge(c: Context, limitBytes: number): Promise<Response>;
  /** A page family's own app: it answers its errors as a page, since a browser should never be shown a JSON problem. */
  family<E extends Env>(): Hono<E>;
}

/** The longest name a page address can hold, in UTF-8 bytes: a member's email address (ids and slugs are shorter). */
const LONGEST_NAME_BYTES = 254;

/** What a page shows someone not signed in. */
const nobody: PageViewer = { session: undefined, principal: anonymous, viewer: { partners: false }, audience: 'public' };

export function pageKit(deps: ApiDeps): PageKit {
  const secret = deps.sessionSecret || undefined;

  /**
   * A person's session, while it is live and they are still a member of the body it acts for (their
   * role read afresh from the body's members, so a change of role or a removal counts at once).
   */
  async function resolvePerson(c: Context, areaId: string | undefined): Promise<Omit<PageViewer, 'session'> | SessionEnd | undefined> {
    const { people } = deps;
    const sessionId = people ? await personSessionId(c, secret) : undefined;
    if (!people || !sessionId) return undefined;
    const now = deps.clock();
    const sessionHash = hashOf(sessionId);
    const record = await people.sessions.find(sessionHash);
    // Within its eight hours but not live: it was left for half an hour (the cookie outlives neither).
    if (!record || !sessionIsLive(record, now)) return record && now.getTime() < Date.parse(record.endsAt) ? 'idle' : 'ended';
    const [members, organisation, area] = await Promise.all([
      people.memberships.members(record.areaId, record.organisationId),
      deps.views.get(record.areaId, 'organisation', null, record.organisationId),
      deps.views.get(record.areaId, 'area', null, record.areaId),
    ]);
    const member = members.members.find((candidate) => candidate.email === record.email);
    if (!member || !organisation || !area) return 'ended';
    // Activity is written at most once a minute: enough for a 30-minute idle timeout, and far fewer writes.
    if (now.getTime() - Date.parse(record.lastSeenAt) > 60_000) await people.sessions.touch(sessionHash, now.toISOString());
    const principal: PersonPrincipal = {
      kind: 'person',
      personId: record.personId,
      name: record.name,
      email: record.email,
      areaId: record.areaId,
      organisationId: record.organisationId,
      role: member.role,
    };
    return signedIn(c, principal, areaId, area.state.name, `${record.name} (${organisation.state.name})`);
  }

  /** What a page shows someone signed in (a person or a key's session), and who they act as. */
  async function signedIn(
    c: Context,
    principal: BodyPrincipal,
    areaId: string | undefined,
    areaName: string,
    name: string,
  ): Promise<Omit<PageViewer, 'session'>> {
    const audience = areaId === undefined ? 'public' : audienceFor(principal, areaId);
    const viewer: Viewer = {
      signedInAs: { areaId: principal.areaId, areaName, organisationId: principal.organisationId, name },
      partners: audience === 'partners',
      ...(secret ? { csrfToken: await csrfToken(c, secret) } : {}),
    };
    return { principal, viewer, audience };
  }

  async function resolveViewer(c: Context, areaId: string | undefined): Promise<PageViewer> {
    const person = await resolvePerson(c, areaId);
    if (typeof person === 'object') return { session: undefined, ...person };
    const now = deps.clock();
    const session = await readSession(c, secret, now);
    if (!session) return person ? { ...nobody, signedOut: person } : nobody;
    // A session ends when its holder signs out or its key is revoked, not only when it expires.
    const [kept, organisation, area, keyStatus] = await Promise.all([
      deps.apiKeys.findSession(hashOf(session.sessionId)),
      deps.views.get(session.areaId, 'organisation', null, session.organisationId),
      deps.views.get(session.areaId, 'area', null, session.areaId),
      deps.apiKeys.status(session.areaId, session.organisationId, session.keyId),
    ]);
    const live =
      kept !== undefined &&
      kept.areaId === session.areaId &&
      kept.organisationId === session.organisationId &&
      kept.keyId === session.keyId &&
      Date.parse(kept.endsAt) > now.getTime();
    if (!live || !organisation || !area || keyStatus === 'revoked') return { ...nobody, signedOut: person ?? 'ended' };
    // The key's label and scope, as its session keeps them: a read key's session changes nothing, and its changes record the key as the API's do.
    const principal: OrganisationKey = {
      kind: 'organisation-key',
      areaId: session.areaId,
      organisationId: session.organisationId,
      keyId: session.keyId,
      ...(kept.label ? { label: kept.label } : {}),
      ...(kept.scope ? { scope: kept.scope } : {}),
    };
    return { session, ...(await signedIn(c, principal, areaId, area.state.name, organisation.state.name)) };
  }

  /** The viewer the middleware put on the context; a page nobody routed (page-not-found) reads it here instead. */
  const viewerOf = async (c: Context): Promise<PageViewer> => (c.get('page') as PageViewer | undefined) ?? resolveViewer(c, undefined);

  async function render(c: Context, status: PageStatus, props: Omit<LayoutProps, 'path' | 'children'>, content: Child): Promise<Response> {
    // Only a notice of the list: a cookie saying `toString` or `constructor` names no notice of its own.
    const sent = getCookie(c, NOTICE_COOKIE);
    const named = sent !== undefined && Object.hasOwn(NOTICES, sent) ? (sent as Notice) : undefined;
    // Never "you have signed out" to someone signed in (a sign-out form sent from another site carries no session, but its notice sticks).
    const notice = named === 'signed-out' && props.viewer.signedInAs ? undefined : named;
    if (sent !== undefined) deleteCookie(c, NOTICE_COOKIE, { path: '/' });
    const path = new URL(c.req.url).pathname + new URL(c.req.url).search;
    const page = (
      <Layout {...props} path={path}>
        {notice ? (
          <SuccessBanner title="Success">
            {notice === 'signed-in' && props.viewer.signedInAs ? `You are signed in as ${props.viewer.signedInAs.name}.` : NOTICES[notice]}
          </SuccessBanner>
        ) : null}
        {content}
      </Layout>
    );
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('Referrer-Policy', 'same-origin');
    // Partners-only content must never sit in a shared cache; public pages may be revalidated.
    c.header('Cache-Control', props.viewer.signedInAs ? 'private, no-store' : 'no-cache');
    c.header('Vary', 'Cookie');
    return c.html(`<!DOCTYPE html>${await page.toString()}`, status);
  }

  // Page-not-found is not about the area, even inside one: it shows no partners-only content.
  const notFound = async (c: Context, message?: string) =>
    render(
      c,
      404,
      { title: 'Page not found', viewer: { ...(await viewerOf(c)).viewer, partners: false } },
      <NotFoundPage message={message} />,
    );

  const formTooLarge = async (c: Context, limitBytes: number) =>
    render(
      c,
      413,
      { title: 'The form is too large', viewer: { ...(await viewerOf(c)).viewer, partners: false } },
      <ProblemPage
        title="The form is too large"
        message={`What you sent is over ${limitBytes / 1024} KB, the most a form can hold, so nothing was saved. Go back to the form: your browser should still have what you wrote. Shorten the longest text, or put it in a document and give the document's address instead.`}
      />,
    );

  /** A form that was sent but cannot be read: 400, nothing saved, and why. */
  const unreadableForm = async (c: Context, why: string) =>
    render(
      c,
      400,
      { title: 'The form could not be read', viewer: { ...(await viewerOf(c)).viewer, partners: false } },
      <ProblemPage title="The form could not be read" message={`${why}, so nothing was saved. Go back to the form and send it again.`} />,
    );

  const viewer = createMiddleware<ViewerEnv>(async (c, next) => {
    // An address part longer than any name the hub gives names nothing here: not found, before a
    // store is asked for it (DynamoDB refuses a key that long with an error, which would be a 500).
    const params: Record<string, string> = c.req.param();
    if (Object.values(params).some((value) => Buffer.byteLength(value, 'utf8') > LONGEST_NAME_BYTES)) return notFound(c);
    if (c.req.method === 'POST' && !(await urlEncodedFormIsUtf8(c)))
      return unreadableForm(c, 'What was sent is not text in UTF-8, as a browser sends a form');
    c.set('page', await resolveViewer(c, c.req.param('areaId')));
    await next();
  });

  const areaContent = createMiddleware<AreaEnv>(async (c, next) => {
    const areaId = c.req.param('areaId')!;
    const content = await loadAreaContent(deps, areaId, c.var.page.audience);
    if (!content) return notFound(c, `There is no area called ${areaId} on this hub.`);
    c.set('area', content);
    await next();
  });

  const family = <E extends Env>() =>
    new Hono<E>().onError(async (error, c) => {
      // A rule of the hub's that a form ran into (the item was withdrawn meanwhile, say, by a second
      // press of the button or in another tab): the person is told which, as the API tells a caller.
      const refusal = refusalOf(error);
      if (refusal) {
        return render(
          c,
          refusal.status,
          { title: refusal.title, viewer: { ...(await viewerOf(c)).viewer, partners: false } },
          <ProblemPage title={refusal.title} message={error.message} />,
        );
      }
      // A body that is not the form its Content-Type says (multipart with no boundary or broken
      // framing): the browser's or sender's fault, so a 400 that says nothing was saved, not a 500.
      if (await isUnreadableForm(c, error)) return unreadableForm(c, 'What was sent could not be read as a form');
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
    });

  return { deps, secret, viewer, areaContent, render, notFound, formTooLarge, family };
}

/**
 * Whether a URL-encoded form's names and values are UTF-8 once their %XX escapes are undone (true
 * for any other body). The API refuses a body that is not UTF-8; a form must be refused too, since
 * URLSearchParams and Request.formData() put U+FFFD in place of each bad byte without a word and the
 * text would be stored altered. Written here because neither offers a strict decoding (the %XX
 * escapes are undone here; node:buffer's isUtf8 checks the bytes).
 *
 * A copy of the body is read (Request.clone), so that a route's own body limit, which wraps the
 * request after this, still reads it; and only a body that says it is within the hub's form limit
 * (a browser always sends the length): a larger one is refused by that limit, or is the upload
 * page's confirmation, whose fields are base64 and numbers.
 */
async function urlEncodedFormIsUtf8(c: Context): Promise<boolean> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return true;
  if (!(Number(c.req.header('content-length')) <= MAX_BODY_BYTES)) return true;
  const sent = new Uint8Array(await c.req.raw.clone().arrayBuffer());
  const bytes = new Uint8Array(sent.length);
  let length = 0;
  for (let at = 0; at < sent.length; at++) {
    const hex = sent[at] === 0x25 ? String.fromCharCode(sent[at + 1] ?? 0, sent[at + 2] ?? 0) : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      bytes[length++] = Number.parseInt(hex, 16);
      at += 2;
    } else bytes[length++] = sent[at]!;
  }
  return isUtf8(bytes.subarray(0, length));
}

/** Whether `error` is the failure of reading this request's body as a form (Hono keeps the attempt, so this is that very error). */
async function isUnreadableForm(c: Context, error: Error): Promise<boolean> {
  // Typed as the FormData, but what Hono keeps there is the promise of it (hono/utils/body).
  const reading: Promise<FormData> | FormData | undefined = c.req.bodyCache.formData;
  return (
    reading !== undefined &&
    (await Promise.resolve(reading).then(
      () => false,
      (reason: unknown) => reason === error,
    ))
  );
}

/** The page a domain error gets, as the API's problem for it (app.ts); undefined for anything else, a fault of the hub's. */
function refusalOf(error: Error): { status: 403 | 404 | 409; title: string } | undefined {
  if (error instanceof NotFoundError) return { status: 404, title: 'Not found' };
  if (error instanceof NotPermittedError || error instanceof NotAuthenticatedError) return { status: 403, title: 'You cannot do this' };
  if (error instanceof VersionConflictError) return { status: 409, title: 'Someone else changed this' };
  if (error instanceof DomainError) return { status: 409, title: 'This cannot be done' };
  return undefined;
}
