import {
  type ClientSecretStore,
  IdentityProviderConflictError,
  type IdentityProviderRecord,
  type IdentityProviderStore,
  type PersonIdentity,
  type PersonIdentityStore,
} from '../identity-providers.ts';

/** Identity providers in memory: the same contract as the DynamoDB store. */
export class InMemoryIdentityProviderStore implements IdentityProviderStore {
  private readonly providers = new Map<string, IdentityProviderRecord>();

  async get(id: string) {
    const found = this.providers.get(id);
    return found ? structuredClone(found) : undefined;
  }

  async list() {
    return [...this.providers.values()].sort((a, b) => a.id.localeCompare(b.id)).map((record) => structuredClone(record));
  }

  async put(record: Omit<IdentityProviderRecord, 'version'>, expectedVersion: number | undefined) {
    const current = this.providers.get(record.id);
    if (expectedVersion === undefined ? current : current?.version !== expectedVersion)
      throw new IdentityProviderConflictError(
        current ? `identity provider ${record.id} is at version ${current.version}` : `identity provider ${record.id} is gone`,
      );
    for (const domain of record.emailDomains) {
      const holder = [...this.providers.values()].find((other) => other.id !== record.id && other.emailDomains.includes(domain));
      if (holder) throw new IdentityProviderConflictError(`${domain} is already registered to identity provider ${holder.id}`, domain);
    }
    const version = (expectedVersion ?? 0) + 1;
    this.providers.set(record.id, { ...structuredClone(record), version });
    return version;
  }

  async delete(id: string) {
    return this.providers.delete(id);
  }

  async forDomain(domain: string) {
    const found = [...this.providers.values()].find((record) => record.emailDomains.includes(domain));
    return found ? structuredClone(found) : undefined;
  }
}

/** Linked accounts in memory: the same contract as the DynamoDB store. */
export class InMemoryPersonIdentityStore implements PersonIdentityStore {
  private readonly identities = new Map<string, PersonIdentity>();

  async find(issuer: string, subject: string) {
    const found = this.identities.get(JSON.stringify([issuer, subject]));
    return found ? { ...found } : undefined;
  }

  async link(identity: PersonIdentity) {
    const key = JSON.stringify([identity.issuer, identity.subject]);
    const existing = this.identities.get(key);
    if (existing) return { ...existing };
    this.identities.set(key, { ...identity });
    return { ...identity };
  }
}

/** Client secrets in memory (unit tests). */
export class InMemoryClientSecretStore implements ClientSecretStore {
  private readonly secrets = new Map<string, { secret: string; version: number }>();

  async put(providerId: string, secret: string, version: number) {
    if ((this.secrets.get(providerId)?.version ?? 0) < version) this.secrets.set(providerId, { secret, version });
  }

  async get(providerId: string) {
    return this.secrets.get(providerId)?.secret;
  }

  async delete(providerId: string) {
    this.secrets.delete(providerId);
  }
}
