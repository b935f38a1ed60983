/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { IdentityProviderRecord } from '@partnership-hub/store';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { type FlowChecks, type ProviderSignIn, providerSignInOf } from '../../identity-provider-ports.ts';
import { type ClaimsRefusal, checkProviderClaims, type ProviderClaims } from '../../oidc-rules.ts';
import type { PageKit, ViewerEnv } from '../kit.tsx';
import { SignInRefusedPage } from '../person-sign-in-pages.tsx';
import { HANDOVER_COOKIE, HANDOVER_PATH, liveBodiesOf, overHttps, parseHandover, startPersonSession } from './person-sign-in.ts';

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

/**
 * Signing in through the organisation's identity provider (authorization code flow with PKCE, through
 * the flow the entry wires: oidc.ts). The sign-in form (sign-in.tsx) hands the person over to
 * /sign-in/provider, which sends them to the provider; the provider sends them back to
 * /sign-in/callback. Apart from the form so that on AWS a function of its own serves these two
 * paths, the only one carrying openid-client. Mounted at /sign-in, where the flow is wired.
 */
export function providerSignInPages(kit: PageKit) {
  const { secret, deps } = kit;
  const services = providerSignInOf(deps.identityProviders);

  /** Sends the person to their organisation's provider, remembering (signed, in this browser) what the callback must match. */
  async function sendToProvider(c: Context<ViewerEnv>, services: ProviderSignIn, provider: IdentityProviderRecord, email: string) {
    const redirectUri = `${new URL(c.req.url).origin}/sign-in/callback`;
    const { url, checks } = await services.flow.begin(provider, redirectUri, email);
    const flow: Flow = { providerId: provider.id, ...checks };
    await setSignedCookie(c, FLOW_COOKIE, JSON.stringify(flow), secret!, {
      path: '/sign-in',
      httpOnly: true,
      sameSite: 'Lax',
      secure: overHttps(c),
      maxAge: FLOW_SECONDS,
    });
    deps.logger.info('sent to an identity provider to sign in', { providerId: provider.id });
    return c.redirect(url, 303);
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
    .get('/provider', kit.viewer, async (c) => {
      if (!secret || !deps.people || !services) return kit.notFound(c);
      // The hand-over is used once, whatever happens next.
      const handover = parseHandover(await getSignedCookie(c, secret, HANDOVER_COOKIE));
      deleteCookie(c, HANDOVER_COOKIE, { path: HANDOVER_PATH });
      if (!handover) return refused(c, 'state');
      const provider = await services.providers.get(handover.providerId);
      if (!provider) return refused(c, 'state');
      return sendToProvider(c, services, provider, handover.email);
    })
    .get('/callback', kit.viewer, async (c) => {
      const { people } = deps;
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
      return startPersonSession(kit, c, people, identity.email, bodies, checked.name);
    });
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
