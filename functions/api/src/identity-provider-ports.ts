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

/** The OpenID Connect providers people sign in through, their client secrets, and the accounts linked to people. */
export interface IdentityProviderServices {
  providers: IdentityProviderStore;
  identities: PersonIdentityStore;
  clientSecrets: ClientSecretStore;
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1` (local development and tests): an issuer may be http on a loopback address. */
  allowLoopback: boolean;
  /**
   * Signing in through the providers: only where an entry passes it (the local run). An entry that
   * registers providers without it (the JSON API on AWS) carries none of openid-client, and the
   * sign-in pages that have no flow send everyone an emailed link, as they do with no providers.
   */
  flow?: OpenIdConnectFlow;
}

/** The providers' services with the flow that signs people in through them. */
export type ProviderSignIn = IdentityProviderServices & { flow: OpenIdConnectFlow };
