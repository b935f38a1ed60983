/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { randomBytes } from 'node:crypto';
import { normaliseEmail } from '@partnership-hub/domain';
import { once } from '@partnership-hub/events';
import type { IdentityProviderRecord } from '@partnership-hub/store';
import { EmailNotSentError } from '@partnership-hub/subscriptions';
import type { Context } from 'hono';
import { getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import * as z from 'zod/mini';
import { hashKey } from '../../auth.ts';
import type { ApiDeps, PeopleServices } from '../../deps.ts';
import { emailDomainOf } from '../../oidc-rules.ts';
import { addressKey, callerKey, countRequest, LIMIT_NAMES } from '../../rate-limits.ts';
import { waitInWords } from '../format.ts';
import { contentSecurityPolicy, NOTICE_COOKIE, type PageKit, type ViewerEnv } from '../kit.tsx';
import { ActForPage, type BodyChoice, CheckYourEmailPage, ConfirmSignInPage } from '../person-sign-in-pages.tsx';
import {
  CSRF_FIELD,
  clearPersonSessionCookie,
  csrfToken,
  csrfTokenMatches,
  endSession,
  hashOf,
  personSessionId,
  safeReturnPath,
  startSession,
} from '../session.ts';
import { ProblemPage, SignInPage, TooManySignInAttemptsPage } from '../simple-pages.tsx';
import {
  HANDOVER_COOKIE,
  HANDOVER_PATH,
  HANDOVER_SECONDS,
  type Handover,
  liveBodiesOf,
  notice,
  overHttps,
  startPersonSession,
} from './person-sign-in.ts';

/** A sign-in link works once, for a quarter of an hour. */
const LINK_MINUTES = 15;
const EmailAddress = /* @__PURE__ */ once(() => z.email().check(z.maxLength(254)));

/**
 * Where the email form sends its sender once it is answered, and the cookie that carries the address
 * there (never the URL, which access logs keep): signed, in this browser only, for as long as the
 * link it may have sent works. The page says the same whether or not the address is a member's.
 */
const ASKED_PATH = '/sign-in/email';
const ASKED_COOKIE = 'hub_sign_in_asked';
const ASKED_SECONDS = LINK_MINUTES * 60;

/** Signing in: as a person (through their organisation's identity provider, or with an emailed link), or with an organisation's access key. Mounted at /sign-in. */
export function signInPages(kit: PageKit) {
  const { secret, deps } = kit;
  // Which provider a domain has: the form hands those domains' people over to the provider sign-in
  // (provider-sign-in.tsx, a function of its own on AWS); with none registered, everyone gets an emailed link.
  const directory = deps.identityProviders;

  const tooMany = (c: Context<ViewerEnv>, refusal: { retryAfterSeconds: number }) =>
    kit.render(
      c,
      429,
      { title: 'You cannot sign in at the moment', viewer: c.var.page.viewer, current: 'sign-in' },
      <TooManySignInAttemptsPage wait={waitInWords(refusal.retryAfterSeconds)} returnTo="/" />,
    );

  /** The signed-in person's bodies to choose among, or undefined when nobody is signed in as a person. */
  async function actForChoices(c: Context<ViewerEnv>) {
    const { people } = deps;
    const principal = c.var.page.principal;
    const sessionId = await personSessionId(c, secret);
    if (!people || !secret || !sessionId || principal.kind !== 'person' || !principal.email) return undefined;
    const bodies = await liveBodiesOf(people, principal.email);
    const choices: BodyChoice[] = await Promise.all(
      bodies.map(async (body) => {
        const [organisation, area] = await Promise.all([
          deps.views.get(body.areaId, 'organisation', null, body.organisationId),
          deps.views.get(body.areaId, 'area', null, body.areaId),
        ]);
        return {
          areaId: body.areaId,
          organisationId: body.organisationId,
          label: `${organisation?.state.name ?? body.organisationId} (${area?.state.name ?? body.areaId}), as ${body.role}`,
        };
      }),
    );
    return { choices, current: `${principal.areaId}/${principal.organisationId}`, sessionHash: hashOf(sessionId) };
  }

  /** The sign-in page (or its answer with an error): its form may lead on to any registered provider. */
  async function renderSignIn(c: Context<ViewerEnv>, status: 200 | 400 | 503, props: Parameters<PageKit['render']>[2], content: Child) {
    const response = await kit.render(c, status, props, content);
    const providers = directory ? await directory.providers.list() : [];
    const origins = [...new Set(providers.map((provider) => new URL(provider.issuer).origin))];
    response.headers.set('Content-Security-Policy', contentSecurityPolicy(origins));
    return response;
  }

  /**
   * Hands the person over to the provider sign-in (/sign-in/provider, provider-sign-in.tsx), which
   * sends them on to their organisation's provider: signed, in this browser, for ten minutes.
   */
  async function handOverToProvider(c: Context<ViewerEnv>, provider: IdentityProviderRecord, email: string) {
    const handover: Handover = { providerId: provider.id, email };
    await setSignedCookie(c, HANDOVER_COOKIE, JSON.stringify(handover), secret!, {
      path: HANDOVER_PATH,
      httpOnly: true,
      sameSite: 'Lax',
      secure: overHttps(c),
      maxAge: HANDOVER_SECONDS,
    });
    return c.redirect(HANDOVER_PATH, 303);
  }

  return kit
    .family<ViewerEnv>()
    .get('/', kit.viewer, async (c) => {
      const returnTo = safeReturnPath(c.req.query('return'), '/');
      const token = secret ? await csrfToken(c, secret) : undefined;
      return renderSignIn(
        c,
        secret ? 200 : 503,
        { title: 'Sign in', viewer: c.var.page.viewer, current: 'sign-in' },
        <SignInPage csrfToken={token} returnTo={returnTo} emailSignIn={deps.people ? {} : undefined} />,
      );
    })
    .post('/email', kit.viewer, async (c) => {
      const { people } = deps;
      const form = await c.req.parseBody();
      const returnTo = safeReturnPath(form.return, '/');
      const typed = typeof form.email === 'string' ? form.email.trim() : '';
      const again = async (status: 400 | 503, error: string) =>
        renderSignIn(
          c,
          status,
          { title: 'Error: Sign in', viewer: c.var.page.viewer, current: 'sign-in' },
          <SignInPage
            csrfToken={secret ? await csrfToken(c, secret) : undefined}
            returnTo={returnTo}
            emailSignIn={{ error, email: typed }}
          />,
        );
      if (!secret || !people) return again(503, 'Signing in with an email address is not available on this hub');
      if (!(await csrfTokenMatches(c, secret, form[CSRF_FIELD])))
        return again(400, 'The sign-in form had expired. Enter your email address again');
      if (!typed) return again(400, 'Enter your email address');
      if (!EmailAddress().safeParse(typed).success)
        return again(400, 'Enter an email address in the correct format, like name@example.com');
      const email = normaliseEmail(typed);
      // A domain with a provider signs in there, member or not (the domain, not the person, decides):
      // the attempt counts against the browser's address, as an emailed link's does.
      const provider = directory ? await directory.providers.forDomain(emailDomainOf(email)) : undefined;
      if (provider) {
        const limited = await overLimit(c, deps, undefined, c.var.page.principal);
        // No email here, so no address limit: only the browser's.
        if (limited && limited !== 'address-full')
          return limited === 'not-counted'
            ? again(503, 'Signing in is not available just now. Try again in a minute')
            : tooMany(c, limited);
        return handOverToProvider(c, provider, email);
      }
      // Every request counts, per browser's address and per email address, member or not, so the limits say nothing about who is a member.
      const limited = await overLimit(c, deps, email, c.var.page.principal);
      if (limited && limited !== 'address-full')
        return limited === 'not-counted' ? again(503, 'Signing in is not available just now. Try again in a minute') : tooMany(c, limited);
      try {
        if (!limited) await sendLinkIfMember(c, deps, people, email);
      } catch (error) {
        // The email service refused or is busy (SES throttling): said in words, and the link not sent is no use to anyone.
        if (!(error instanceof EmailNotSentError)) throw error;
        deps.logger.error('a sign-in link could not be emailed', { error: error.message, retryable: error.retryable });
        if (error.retryable) c.header('Retry-After', '60');
        return again(503, 'The hub could not send the sign-in email just now. Try again in a few minutes');
      }
      // Post-redirect-get: Refresh, Back and Forward then show "Check your email" again, and never
      // send the form (another link, another count against the limits) again.
      await setSignedCookie(c, ASKED_COOKIE, email, secret, {
        path: ASKED_PATH,
        httpOnly: true,
        sameSite: 'Lax',
        secure: overHttps(c),
        maxAge: ASKED_SECONDS,
      });
      return c.redirect(ASKED_PATH, 303);
    })
    .get('/email', kit.viewer, async (c) => {
      const email = secret ? await getSignedCookie(c, secret, ASKED_COOKIE) : undefined;
      // Another browser, or too late: the form to ask again.
      if (!email) return c.redirect('/sign-in', 303);
      return kit.render(
        c,
        200,
        { title: 'Check your email', viewer: c.var.page.viewer, current: 'sign-in' },
        <CheckYourEmailPage email={email} />,
      );
    })
    .get('/link', kit.viewer, async (c) => {
      if (!secret || !deps.people) return kit.notFound(c);
      const token = c.req.query('token') ?? '';
      return kit.render(
        c,
        200,
        { title: 'Sign in to Partnership Hub', viewer: c.var.page.viewer, current: 'sign-in' },
        <ConfirmSignInPage csrfToken={await csrfToken(c, secret)} token={token} />,
      );
    })
    .post('/link', kit.viewer, async (c) => {
      const { people } = deps;
      if (!secret || !people) return kit.notFound(c);
      const form = await c.req.parseBody();
      const expired = () =>
        kit.render(
          c,
          400,
          { title: 'This sign-in link has expired', viewer: c.var.page.viewer, current: 'sign-in' },
          <ProblemPage
            title="This sign-in link has expired"
            message="Sign-in links work once, for 15 minutes. Go to the sign-in page and enter your email address to get a new one."
          />,
        );
      if (!(await csrfTokenMatches(c, secret, form[CSRF_FIELD])) || typeof form.token !== 'string' || !form.token) return expired();
      const link = await people.signInLinks.take(hashOf(form.token));
      const now = deps.clock();
      if (!link || Date.parse(link.validUntil) <= now.getTime()) return expired();
      const bodies = await liveBodiesOf(people, link.email);
      if (bodies.length === 0) return expired();
      return startPersonSession(kit, c, people, link.email, bodies, undefined);
    })
    .get('/act-for', kit.viewer, async (c) => {
      const chosen = await actForChoices(c);
      if (!chosen) return c.redirect('/sign-in', 303);
      return kit.render(
        c,
        200,
        { title: 'Which body are you acting for?', viewer: c.var.page.viewer },
        <ActForPage csrfToken={await csrfToken(c, secret!)} choices={chosen.choices} current={chosen.current} />,
      );
    })
    .post('/act-for', kit.viewer, async (c) => {
      const chosen = await actForChoices(c);
      if (!chosen) return c.redirect('/sign-in', 303);
      const form = await c.req.parseBody();
      const choice = chosen.choices.find((candidate) => `${candidate.areaId}/${candidate.organisationId}` === form.body);
      if (!(await csrfTokenMatches(c, secret!, form[CSRF_FIELD])) || !choice)
        return kit.render(
          c,
          400,
          { title: 'Error: Which body are you acting for?', viewer: c.var.page.viewer },
          <ActForPage
            csrfToken={await csrfToken(c, secret!)}
            choices={chosen.choices}
            current={chosen.current}
            error="Select the body you are acting for"
          />,
        );
      await deps.people!.sessions.actFor(chosen.sessionHash, choice);
      return c.redirect(`/areas/${choice.areaId}`, 303);
    })
    .post('/', kit.viewer, async (c) => {
      const form = await c.req.parseBody();
      const returnTo = safeReturnPath(form.return, '');
      const again = async (status: 400 | 503, error: string) =>
        kit.render(
          c,
          status,
          { title: 'Error: Sign in', viewer: c.var.page.viewer, current: 'sign-in' },
          <SignInPage csrfToken={secret ? await csrfToken(c, secret) : undefined} returnTo={returnTo || '/'} error={error} />,
        );
      if (!secret) return again(503, 'Signing in is not available on this hub');
      // Every attempt counts against the caller before anything is checked, so that guessing keys
      // costs an attempt whatever the guess; one that signs in is given back below, so only the
      // attempts that did not sign in are limited.
      const limits = deps.requestLimits;
      const caller = callerKey(c, c.var.page.principal, deps.clientAddress);
      if (limits) {
        const check = await countRequest(deps.logger, limits.signInAttempts, caller, LIMIT_NAMES.signInAttempts);
        if (!check.allowed) {
          c.header('Retry-After', String(check.retryAfterSeconds));
          if (check.because === 'not-counted') return again(503, 'Signing in is not available just now. Try again in a minute');
          return kit.render(
            c,
            429,
            { title: 'You cannot sign in at the moment', viewer: c.var.page.viewer, current: 'sign-in' },
            <TooManySignInAttemptsPage wait={waitInWords(check.retryAfterSeconds)} returnTo={returnTo || '/'} withKey />,
          );
        }
      }
      if (!(await csrfTokenMatches(c, secret, form[CSRF_FIELD])))
        return again(400, 'The sign-in form had expired. Enter your access key again');
      const key = typeof form.accessKey === 'string' ? form.accessKey.trim() : '';
      if (!key) return again(400, "Enter your organisation's access key");
      const record = await deps.apiKeys.find(hashKey(key));
      if (!record)
        return again(400, 'The access key was not recognised. Check it was copied whole, or ask the hub administrator for a new one');
      await startSession(c, secret, deps.apiKeys, record, deps.clock());
      // The browser now acts with the key alone: a person signed in here is signed out (as signing in
      // as a person ends a key's session), so changes are not recorded as them, and their session
      // cannot take over again once the key's ends.
      const personSession = await personSessionId(c, secret);
      if (personSession) {
        await deps.people?.sessions.end(hashOf(personSession));
        clearPersonSessionCookie(c);
      }
      await limits?.signInAttempts.refund(caller).catch((error: unknown) =>
        // Signed in all the same: an attempt not given back only counts against this caller for the rest of the window.
        deps.logger.warn('a sign-in attempt could not be given back to its rate limit', { error: String(error) }),
      );
      setCookie(c, NOTICE_COOKIE, 'signed-in', notice);
      return c.redirect(returnTo && returnTo !== '/' ? returnTo : `/areas/${record.areaId}`, 303);
    });
}

/** Emails a single-use link to a member; to anyone else, nothing (the page answers the same). */
async function sendLinkIfMember(c: Context, deps: ApiDeps, people: PeopleServices, email: string): Promise<void> {
  if ((await liveBodiesOf(people, email)).length === 0) {
    deps.logger.info('a sign-in link was asked for an address that is no member', {});
    return;
  }
  const token = randomBytes(32).toString('base64url');
  const validUntil = new Date(deps.clock().getTime() + LINK_MINUTES * 60_000).toISOString();
  await people.signInLinks.put({ tokenHash: hashOf(token), email, validUntil });
  const link = `${new URL(c.req.url).origin}/sign-in/link?token=${encodeURIComponent(token)}`;
  await people.sendEmail(
    {
      to: email,
      subject: 'Your link to sign in to Partnership Hub',
      text:
        `Sign in to Partnership Hub with this link:\n\n${link}\n\n` +
        `It works once, for ${LINK_MINUTES} minutes. If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.\n`,
      headers: {},
    },
    `sign-in-${hashOf(token).slice(0, 16)}`,
  );
}

type LimitRefusal = 'not-counted' | 'address-full' | { retryAfterSeconds: number };

/**
 * Link requests count against the browser's address (or key, or person) and against the email
 * address. Past the browser's limit the browser is refused (429). Past the address's, no more email
 * is sent to it this hour, but the answer is the same "Check your email": refusing would let anyone
 * lock a member out of signing in by asking for their links, and would differ from the answer others get.
 */
async function overLimit(
  c: Context,
  deps: ApiDeps,
  email: string | undefined,
  principal: Parameters<typeof callerKey>[1],
): Promise<LimitRefusal | undefined> {
  const limits = deps.requestLimits;
  if (!limits) return undefined;
  const browser = await countRequest(
    deps.logger,
    limits.signInAttempts,
    callerKey(c, principal, deps.clientAddress),
    LIMIT_NAMES.signInAttempts,
  );
  // Only an emailed link counts against the address: a provider sends no email.
  const address =
    browser.allowed && email
      ? await countRequest(deps.logger, limits.confirmationEmails, addressKey(email), LIMIT_NAMES.confirmationEmails)
      : undefined;
  const refused = !browser.allowed ? browser : address && !address.allowed ? address : undefined;
  if (!refused || refused.allowed) return undefined;
  if (refused.because === 'not-counted') {
    c.header('Retry-After', String(refused.retryAfterSeconds));
    return 'not-counted';
  }
  if (refused === address) return 'address-full';
  c.header('Retry-After', String(refused.retryAfterSeconds));
  return { retryAfterSeconds: refused.retryAfterSeconds };
}

/** Mounted at /sign-out. */
export function signOutPages(kit: PageKit) {
  const { secret, deps } = kit;
  return kit.family<ViewerEnv>().post('/', kit.viewer, async (c) => {
    const form = await c.req.parseBody();
    if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD]))) {
      // Nobody is signed in (the button pressed again, or in a tab left open since): what was asked is
      // already so. Nothing is changed, so a form from anywhere can do no harm here.
      if (c.var.page.principal.kind === 'anonymous') {
        setCookie(c, NOTICE_COOKIE, 'signed-out', notice);
        return c.redirect(safeReturnPath(form.return, '/'), 303);
      }
      return kit.render(
        c,
        400,
        { title: 'Sign out', viewer: c.var.page.viewer },
        <ProblemPage
          title="You have not been signed out"
          message="The sign-out form had expired. Go back, reload the page and sign out again."
        />,
      );
    }
    await endSession(c, secret, deps.apiKeys, deps.clock());
    const sessionId = await personSessionId(c, secret);
    if (sessionId && deps.people) {
      // "Sign out everywhere" ends every session of theirs, on every computer; "Sign out" this one.
      const principal = c.var.page.principal;
      if (form.everywhere === 'yes' && principal.kind === 'person' && principal.email) await deps.people.sessions.endAllOf(principal.email);
      else await deps.people.sessions.end(hashOf(sessionId));
    }
    clearPersonSessionCookie(c);
    setCookie(c, NOTICE_COOKIE, 'signed-out', notice);
    return c.redirect(safeReturnPath(form.return, '/'), 303);
  });
}
