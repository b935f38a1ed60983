/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { randomBytes } from 'node:crypto';
import { normaliseEmail } from '@partnership-hub/domain';
import type { IdentityProviderRecord } from '@partnership-hub/store';
import { EmailNotSentError } from '@partnership-hub/subscriptions';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import * as z from 'zod';
import { hashKey } from '../../auth.ts';
import type { ApiDeps, PeopleServices } from '../../deps.ts';
import type { FlowChecks, ProviderSignIn } from '../../identity-provider-ports.ts';
import { type ClaimsRefusal, checkProviderClaims, emailDomainOf, type ProviderClaims } from '../../oidc-rules.ts';
import { addressKey, callerKey, countRequest, LIMIT_NAMES } from '../../rate-limits.ts';
import { waitInWords } from '../format.ts';
import { contentSecurityPolicy, NOTICE_COOKIE, type PageKit, type ViewerEnv } from '../kit.tsx';
import { ActForPage, type BodyChoice, CheckYourEmailPage, ConfirmSignInPage, SignInRefusedPage } from '../person-sign-in-pages.tsx';
import {
  CSRF_FIELD,
  clearPersonSessionCookie,
  csrfToken,
  csrfTokenMatches,
  endSession,
  hashOf,
  newSessionId,
  personSessionId,
  SESSION_ABSOLUTE_SECONDS,
  safeReturnPath,
  setPersonSessionCookie,
  startSession,
} from '../session.ts';
import { ProblemPage, SignInPage, TooManySignInAttemptsPage } from '../simple-pages.tsx';

/** A sign-in link works once, for a quarter of an hour. */
const LINK_MINUTES = 15;
const EmailAddress = z.email().max(254);

const notice = { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 } as const;

/**
 * One sign-in through a provider: which provider, and the state, nonce and PKCE verifier the
 * callback must match, in a signed cookie for ten minutes. SameSite=Lax: the provider's redirect
 * back is a top-level GET, which carries it.
 */
const FLOW_COOKIE = 'hub_oidc_flow';
const FLOW_SECONDS = 10 * 60;
interface Flow extends FlowChecks {
  providerId: string;
}

/** What each refused callback tells the person, in words. */
const REFUSALS: Record<ClaimsRefusal | 'state' | 'provider' | 'not-a-member', string> = {
  state:
    'This sign-in was not started in this browser, or took longer than 10 minutes. Go back to the sign-in page and enter your email address again.',
  provider: 'Your organisation’s sign-in service did not sign you in. Try again, or ask your IT service desk if it keeps happening.',
  'no-email': 'Your organisation’s sign-in service did not give your email address, so the hub cannot tell who you are.',
  'unverified-email':
    'Your organisation’s sign-in service has not confirmed that the email address is yours, so the hub cannot sign you in with it.',
  'domain-outside':
    'The email address your organisation’s sign-in service gave is not one of the addresses it may sign in. Sign in with the address your body knows you by.',
  'not-a-member': 'That email address is not a member of any body on this hub. Ask your body’s lead to add you.',
};

/** Signing in: as a person (through their organisation's identity provider, or with an emailed link), or with an organisation's access key. Mounted at /sign-in. */
export function signInPages(kit: PageKit) {
  const { secret, deps } = kit;
  // Providers sign people in only where the flow is wired; elsewhere their domains get emailed links.
  const providerSignIn = deps.identityProviders?.flow ? (deps.identityProviders as ProviderSignIn) : undefined;

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
    const providers = providerSignIn ? await providerSignIn.providers.list() : [];
    const origins = [...new Set(providers.map((provider) => new URL(provider.issuer).origin))];
    response.headers.set('Content-Security-Policy', contentSecurityPolicy(origins));
    return response;
  }

  /** Sends the person to their organisation's provider, remembering (signed, in this browser) what the callback must match. */
  async function sendToProvider(c: Context<ViewerEnv>, services: ProviderSignIn, provider: IdentityProviderRecord, email: string) {
    const redirectUri = `${new URL(c.req.url).origin}/sign-in/callback`;
    const { url, checks } = await services.flow.begin(provider, redirectUri, email);
    const flow: Flow = { providerId: provider.id, ...checks };
    await setSignedCookie(c, FLOW_COOKIE, JSON.stringify(flow), secret!, {
      path: '/sign-in',
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
      maxAge: FLOW_SECONDS,
    });
    deps.logger.info('sent to an identity provider to sign in', { providerId: provider.id });
    return c.redirect(url, 303);
  }

  /**
   * Starts a person's session, the same way for an emailed link and a provider: a new session id
   * (whatever session this browser had ends), acting for their first body; someone in several
   * bodies then chooses which one they act for.
   */
  async function startPersonSession(
    c: Context<ViewerEnv>,
    people: PeopleServices,
    email: string,
    bodies: Awaited<ReturnType<typeof liveBodiesOf>>,
    providedName: string | undefined,
  ) {
    const now = deps.clock();
    const person = await people.memberships.person(email, people.newPersonId, now.toISOString());
    const name = bodies.find((body) => body.name)?.name ?? providedName ?? email.split('@')[0]!;
    const previous = await personSessionId(c, secret);
    if (previous) await people.sessions.end(hashOf(previous));
    endSession(c);
    const sessionId = newSessionId();
    const first = bodies[0]!;
    await people.sessions.start({
      sessionHash: hashOf(sessionId),
      personId: person.personId,
      email,
      name,
      areaId: first.areaId,
      organisationId: first.organisationId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      endsAt: new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000).toISOString(),
    });
    await setPersonSessionCookie(c, secret!, sessionId);
    setCookie(c, NOTICE_COOKIE, 'signed-in', notice);
    return c.redirect(bodies.length > 1 ? '/sign-in/act-for' : `/areas/${first.areaId}`, 303);
  }

  const refused = (c: Context<ViewerEnv>, reason: keyof typeof REFUSALS) =>
    kit.render(
      c,
      400,
      { title: 'Error: You could not be signed in', viewer: c.var.page.viewer, current: 'sign-in' },
      <SignInRefusedPage message={REFUSALS[reason]} />,
    );

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
      if (!EmailAddress.safeParse(typed).success) return again(400, 'Enter an email address in the correct format, like name@example.com');
      const email = normaliseEmail(typed);
      // A domain with a provider signs in there, member or not (the domain, not the person, decides):
      // the attempt counts against the browser's address, as an emailed link's does.
      const services = providerSignIn;
      const provider = services ? await services.providers.forDomain(emailDomainOf(email)) : undefined;
      if (services && provider) {
        const limited = await overLimit(c, deps, undefined, c.var.page.principal);
        if (limited)
          return limited === 'not-counted'
            ? again(503, 'Signing in is not available just now. Try again in a minute')
            : tooMany(c, limited);
        return sendToProvider(c, services, provider, email);
      }
      // Every request counts, per browser's address and per email address, member or not, so the limits say nothing about who is a member.
      const limited = await overLimit(c, deps, email, c.var.page.principal);
      if (limited)
        return limited === 'not-counted' ? again(503, 'Signing in is not available just now. Try again in a minute') : tooMany(c, limited);
      try {
        await sendLinkIfMember(c, deps, people, email);
      } catch (error) {
        // The email service refused or is busy (SES throttling): said in words, and the link not sent is no use to anyone.
        if (!(error instanceof EmailNotSentError)) throw error;
        deps.logger.error('a sign-in link could not be emailed', { error: error.message, retryable: error.retryable });
        if (error.retryable) c.header('Retry-After', '60');
        return again(503, 'The hub could not send the sign-in email just now. Try again in a few minutes');
      }
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
      return startPersonSession(c, people, link.email, bodies, undefined);
    })
    .get('/callback', kit.viewer, async (c) => {
      const { people } = deps;
      const services = providerSignIn;
      if (!secret || !people || !services) return kit.notFound(c);
      // The flow's cookie is used once, whatever happens next.
      const flow = parseFlow(await getSignedCookie(c, secret, FLOW_COOKIE));
      deleteCookie(c, FLOW_COOKIE, { path: '/sign-in' });
      if (!flow || c.req.query('state') !== flow.state) return refused(c, 'state');
      const provider = await services.providers.get(flow.providerId);
      if (!provider) return refused(c, 'state');
      if (c.req.query('error')) return refused(c, 'provider');
      let claims: ProviderClaims;
      try {
        claims = await services.flow.finish(provider, new URL(c.req.url), flow);
      } catch (error) {
        deps.logger.warn('an identity provider sign-in could not be finished', { providerId: provider.id, error: String(error) });
        return refused(c, 'provider');
      }
      const checked = checkProviderClaims(claims, provider);
      if (!checked.ok) {
        deps.logger.info('an identity provider sign-in was refused', { providerId: provider.id, refusal: checked.refusal });
        return refused(c, checked.refusal);
      }
      // Known by issuer and subject: the first sign-in links the account to the member with that address.
      const identity = await services.identities.link({
        issuer: provider.issuer,
        subject: claims.sub,
        email: checked.email,
        linkedAt: deps.clock().toISOString(),
      });
      const bodies = await liveBodiesOf(people, identity.email);
      if (bodies.length === 0) return refused(c, 'not-a-member');
      return startPersonSession(c, people, identity.email, bodies, checked.name);
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
            <TooManySignInAttemptsPage wait={waitInWords(check.retryAfterSeconds)} returnTo={returnTo || '/'} />,
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
      await startSession(c, secret, { areaId: record.areaId, organisationId: record.organisationId, keyId: record.keyId }, deps.clock());
      await limits?.signInAttempts.refund(caller).catch((error: unknown) =>
        // Signed in all the same: an attempt not given back only counts against this caller for the rest of the window.
        deps.logger.warn('a sign-in attempt could not be given back to its rate limit', { error: String(error) }),
      );
      setCookie(c, NOTICE_COOKIE, 'signed-in', notice);
      return c.redirect(returnTo && returnTo !== '/' ? returnTo : `/areas/${record.areaId}`, 303);
    });
}

/** The bodies a person still belongs to, by their index, each checked against the body's own list (the authority). */
async function liveBodiesOf(people: PeopleServices, email: string) {
  const indexed = await people.memberships.bodiesOf(email);
  const checked = await Promise.all(
    indexed.map(async (body) => {
      const member = (await people.memberships.members(body.areaId, body.organisationId)).members.find(
        (candidate) => candidate.email === email,
      );
      return member ? { areaId: body.areaId, organisationId: body.organisationId, role: member.role, name: member.name } : undefined;
    }),
  );
  return checked.filter((body) => body !== undefined);
}

/** The flow's cookie, if it is one this hub wrote (signed) and whole. */
function parseFlow(value: string | false | undefined): Flow | undefined {
  if (!value) return undefined;
  try {
    const flow = JSON.parse(value) as Partial<Flow>;
    const { providerId, state, nonce, codeVerifier } = flow;
    if ([providerId, state, nonce, codeVerifier].every((field) => typeof field === 'string' && field))
      return { providerId: providerId!, state: state!, nonce: nonce!, codeVerifier: codeVerifier! };
  } catch {
    // Not JSON: not ours.
  }
  return undefined;
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

type LimitRefusal = 'not-counted' | { retryAfterSeconds: number };

/** Link requests count against the browser's address (or key, or person) and against the email address. */
async function overLimit(
  c: Context,
  deps: ApiDeps,
  email: string | undefined,
  principal: Parameters<typeof callerKey>[1],
): Promise<LimitRefusal | undefined> {
  const limits = deps.requestLimits;
  if (!limits) return undefined;
  const checks = [
    await countRequest(deps.logger, limits.signInAttempts, callerKey(c, principal, deps.clientAddress), LIMIT_NAMES.signInAttempts),
    // Only an emailed link counts against the address: a provider sends no email.
    ...(email ? [await countRequest(deps.logger, limits.confirmationEmails, addressKey(email), LIMIT_NAMES.confirmationEmails)] : []),
  ];
  const refused = checks.find((check) => !check.allowed);
  if (!refused || refused.allowed) return undefined;
  c.header('Retry-After', String(refused.retryAfterSeconds));
  return refused.because === 'not-counted' ? 'not-counted' : { retryAfterSeconds: refused.retryAfterSeconds };
}

/** Mounted at /sign-out. */
export function signOutPages(kit: PageKit) {
  const { secret, deps } = kit;
  return kit.family<ViewerEnv>().post('/', kit.viewer, async (c) => {
    const form = await c.req.parseBody();
    if (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD]))) {
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
    endSession(c);
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
