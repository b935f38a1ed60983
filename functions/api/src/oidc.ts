import { checkOutboundUrl } from '@partnership-hub/outbound';
import type { ClientSecretStore, IdentityProviderRecord } from '@partnership-hub/store';
import * as client from 'openid-client';
import type { FlowChecks, OpenIdConnectFlow } from './identity-provider-ports.ts';
import type { ProviderClaims } from './oidc-rules.ts';

interface FlowOptions {
  clientSecrets: ClientSecretStore;
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1`: a provider may be on a loopback address. */
  allowLoopback: boolean;
}

/** The OpenID Connect client for the sign-in pages, through openid-client. */
export function wireOpenIdConnect(options: FlowOptions): OpenIdConnectFlow {
  return {
    begin: (provider, redirectUri, loginHint) => beginProviderSignIn(options, provider, redirectUri, loginHint),
    finish: (provider, callbackUrl, checks) => finishProviderSignIn(options, provider, callbackUrl, checks),
  };
}

/** The scopes asked of every provider: who they are, their address, their name. */
const SCOPES = 'openid email profile';

/**
 * A provider's discovered configuration, once per hub's flow per provider version (a changed secret
 * or issuer is a new version). Kept per flow's options, not per process: a process may serve more
 * than one hub (the local run's tests start several), whose providers can share an id and version.
 */
const configurationsByFlow = new WeakMap<FlowOptions, Map<string, Promise<client.Configuration>>>();

const isLoopbackHttp = (issuer: string) => {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
};

/**
 * The provider's configuration, by OpenID Connect Discovery through openid-client. Its issuer is
 * checked as any outbound address is (public addresses only; loopback only where allowed) before
 * the hub reads from it, at the time of use, since a name's addresses can change after registering.
 */
async function configurationOf(services: FlowOptions, provider: IdentityProviderRecord): Promise<client.Configuration> {
  const key = `${provider.id}#${provider.version}#${provider.issuer}`;
  let configurations = configurationsByFlow.get(services);
  if (!configurations) {
    configurations = new Map();
    configurationsByFlow.set(services, configurations);
  }
  const cached = configurations.get(key);
  if (cached) return cached;
  const discovered = (async () => {
    await checkOutboundUrl(
      provider.issuer,
      { allowLoopback: services.allowLoopback || isLoopbackHttp(provider.issuer) },
      {
        urls: 'Identity provider issuers',
        publicOnly: 'the hub only signs people in through providers at public internet addresses',
        noCredentials: 'the client secret is registered apart',
      },
    );
    const secret = await services.clientSecrets.get(provider.id);
    if (!secret) throw new Error(`identity provider ${provider.id} has no client secret`);
    // http only ever reaches here for a loopback issuer (the development provider, or loopback allowed).
    const options = isLoopbackHttp(provider.issuer) ? { execute: [client.allowInsecureRequests] } : undefined;
    return client.discovery(new URL(provider.issuer), provider.clientId, secret, undefined, options);
  })();
  configurations.set(key, discovered);
  // A failed discovery is not kept: the next sign-in tries again.
  discovered.catch(() => configurations.delete(key));
  return discovered;
}

/** Where to send the person: the provider's authorization endpoint, with PKCE (S256), state and nonce. */
async function beginProviderSignIn(
  services: FlowOptions,
  provider: IdentityProviderRecord,
  redirectUri: string,
  loginHint: string,
): Promise<{ url: string; checks: FlowChecks }> {
  const configuration = await configurationOf(services, provider);
  const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: SCOPES,
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
    login_hint: loginHint,
  });
  return { url: url.href, checks };
}

/**
 * Exchanges the code from the callback (openid-client checks the state, the PKCE verifier, the ID
 * token's signature, issuer, audience and nonce) and answers the person's claims: the ID token's,
 * with the user info's where the ID token leaves the address out (some providers put it only there).
 */
async function finishProviderSignIn(
  services: FlowOptions,
  provider: IdentityProviderRecord,
  callbackUrl: URL,
  checks: FlowChecks,
): Promise<ProviderClaims> {
  const configuration = await configurationOf(services, provider);
  const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims()!;
  if (typeof claims.email === 'string') return claims as ProviderClaims;
  const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
  return { ...info, sub: claims.sub };
}
