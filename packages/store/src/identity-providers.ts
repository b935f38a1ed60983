/**
 * The OpenID Connect providers people sign in through (a council's Microsoft Entra ID, say), the
 * link from a provider's account to a person, and the providers' client secrets. A provider is
 * registered by the administrator for the email domains it answers for; a domain belongs to one
 * provider at most.
 */
export interface IdentityProviderRecord {
  id: string;
  name: string;
  /** The issuer URL, as the provider's discovery document names it. */
  issuer: string;
  clientId: string;
  /** Lower-case, each claimed by this provider alone. */
  emailDomains: string[];
  version: number;
  updatedAt: string;
}

/** A write lost: the provider is not at the version read, or a domain is another provider's. */
export class IdentityProviderConflictError extends Error {
  override name = 'IdentityProviderConflictError';
  constructor(
    message: string,
    /** The domain another provider holds, when that is the conflict. */
    readonly domain?: string,
  ) {
    super(message);
  }
}

export interface IdentityProviderStore {
  get(id: string): Promise<IdentityProviderRecord | undefined>;
  list(): Promise<IdentityProviderRecord[]>;
  /**
   * Creates (no expected version: refused if it exists) or replaces exactly the version expected,
   * claiming its domains (refused, with nothing changed, when another provider holds one) and
   * giving up those it no longer names; answers the new version.
   */
  put(record: Omit<IdentityProviderRecord, 'version'>, expectedVersion: number | undefined): Promise<number>;
  /** Removes it and gives up its domains; answers whether there was one. */
  delete(id: string): Promise<boolean>;
  /** The provider that holds this (lower-case) email domain. */
  forDomain(domain: string): Promise<IdentityProviderRecord | undefined>;
}

/** A provider's account (issuer and subject) linked to a person's address, at their first sign-in through it. */
export interface PersonIdentity {
  issuer: string;
  subject: string;
  email: string;
  linkedAt: string;
}

export interface PersonIdentityStore {
  find(issuer: string, subject: string): Promise<PersonIdentity | undefined>;
  /** Links the account, once: when it is already linked, the existing link stands and is answered. */
  link(identity: PersonIdentity): Promise<PersonIdentity>;
}

/**
 * The providers' client secrets, apart from their records so that the records can be listed and
 * shown without them: Secrets Manager on AWS, the local run's table locally.
 */
export interface ClientSecretStore {
  /** Sets the secret for the provider's version: a write for an older version than the one kept changes nothing. */
  put(providerId: string, secret: string, version: number): Promise<void>;
  get(providerId: string): Promise<string | undefined>;
  delete(providerId: string): Promise<void>;
}

/** The client secrets' store could not take a secret just now (Secrets Manager still deleting the provider's last one): the API answers 503. */
export class ClientSecretUnavailableError extends Error {
  override name = 'ClientSecretUnavailableError';
}
