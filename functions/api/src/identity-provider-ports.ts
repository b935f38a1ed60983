import type { ClientSecretStore, IdentityProviderRecord, IdentityProviderStore, PersonIdentityStore } from '@partnership-hub/store';
import type { ProviderClaims } from './oidc-rules.ts';

/** What one sign-in through a provider must find again at the callback (kept in a signed, short-lived cookie). */
export interface FlowChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The OpenID Connect client (oidc.ts, through openid-client), passed in by the entries that sign
 * people in through providers, so that the bundles of the others carry none of it.
 */
export interface OpenIdConnectFlow {
  /** Where to send the person (the provider's authorization endpoint), and what the callback must match. */
  begin(provider: IdentityProviderRecord, redirectUri: string, loginHint: string): Promise<{ url: string; checks: FlowChecks }>;
  /** Exchanges the callback's code, checking state, PKCE and the ID token, and answers the person's claims. */
  finish(provider: IdentityProviderRecord, callbackUrl: URL, checks: FlowChecks): Promise<ProviderClaims>;
}

/**
 * Which provider signs in which email domain: all the sign-in form needs to send a person on to
 * theirs (and to let its Content-Security-Policy reach them). On AWS the email-link sign-in function
 * has only this, so that its bundle carries neither openid-client nor the secrets' client.
 */
interface ProviderDirectory {
  providers: IdentityProviderStore;
}

/** The OpenID Connect providers people sign in through, their client secrets, and the accounts linked to people. */
export interface IdentityProviderServices extends ProviderDirectory {
  identities: PersonIdentityStore;
  clientSecrets: ClientSecretStore;
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1` (local development and tests): an issuer may be http on a loopback address. */
  allowLoopback: boolean;
  /**
   * Signing in through the providers (the redirect to the provider and its callback): only where an
   * entry passes it (the local run; on AWS the provider sign-in function, lambda-sign-in-oidc.ts). An
   * entry that registers providers without it (the JSON API on AWS) carries none of openid-client.
   */
  flow?: OpenIdConnectFlow;
}

/** The providers' services with the flow that signs people in through them. */
export type ProviderSignIn = IdentityProviderServices & { flow: OpenIdConnectFlow };

/** What an entry may wire: the directory alone (the email-link sign-in on AWS), or the providers' services. */
export type IdentityProviderWiring = ProviderDirectory | IdentityProviderServices;

/** The providers' services, where an entry wired them whole (not the directory alone). */
const providerServicesOf = (wiring: IdentityProviderWiring | undefined): IdentityProviderServices | undefined =>
  wiring && 'clientSecrets' in wiring ? wiring : undefined;

/**
 * The providers' services for registering them (/v1/identity-providers): an entry that serves those
 * routes wires them whole (the JSON API, the local run); the directory alone is a wiring mistake.
 */
export function registeringProviders(wiring: IdentityProviderWiring | undefined): IdentityProviderServices {
  const services = providerServicesOf(wiring);
  if (!services) throw new Error('the identity providers are wired as a directory only: this entry cannot register them');
  return services;
}

/** The providers' services with their flow, where an entry wired it. */
export const providerSignInOf = (wiring: IdentityProviderWiring | undefined): ProviderSignIn | undefined => {
  const services = providerServicesOf(wiring);
  return services?.flow ? { ...services, flow: services.flow } : undefined;
};
