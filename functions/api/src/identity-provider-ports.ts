import type { ClientSecretStore, IdentityProviderStore, PersonIdentityStore } from '@partnership-hub/store';

/** The OpenID Connect providers people sign in through, their client secrets, and the accounts linked to people. */
export interface IdentityProviderServices {
  providers: IdentityProviderStore;
  identities: PersonIdentityStore;
  clientSecrets: ClientSecretStore;
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1` (local development and tests): an issuer may be http on a loopback address. */
  allowLoopback: boolean;
}
