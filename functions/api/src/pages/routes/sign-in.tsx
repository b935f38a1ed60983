/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { setCookie } from 'hono/cookie';
import { hashKey } from '../../auth.ts';
import { callerKey, countRequest, LIMIT_NAMES } from '../../rate-limits.ts';
import { waitInWords } from '../format.ts';
import { NOTICE_COOKIE, type PageKit, type ViewerEnv } from '../kit.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches, endSession, safeReturnPath, startSession } from '../session.ts';
import { ProblemPage, SignInPage, TooManySignInAttemptsPage } from '../simple-pages.tsx';

const notice = { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 } as const;

/** Signing in with an organisation's access key, and out again. Mounted at /sign-in. */
export function signInPages(kit: PageKit) {
  const { secret, deps } = kit;
  return kit
    .family<ViewerEnv>()
    .get('/', kit.viewer, async (c) => {
      const returnTo = safeReturnPath(c.req.query('return'), '/');
      const token = secret ? await csrfToken(c, secret) : undefined;
      return kit.render(
        c,
        secret ? 200 : 503,
        { title: 'Sign in', viewer: c.var.page.viewer, current: 'sign-in' },
        <SignInPage csrfToken={token} returnTo={returnTo} />,
      );
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

/** Mounted at /sign-out. */
export function signOutPages(kit: PageKit) {
  const { secret } = kit;
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
    setCookie(c, NOTICE_COOKIE, 'signed-out', notice);
    return c.redirect(safeReturnPath(form.return, '/'), 303);
  });
}
