import { createHash } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ClientSecretStore,
  IdentityProviderConflictError,
  type IdentityProviderRecord,
  type IdentityProviderStore,
  type PersonIdentity,
  type PersonIdentityStore,
} from '../identity-providers.ts';
import { clientSecretPk, IDENTITY_PROVIDERS_PK, identityDomainPk, personIdentityPk } from '../keys.ts';
import { conditionally, isConditionalCheckFailed } from './conditions.ts';
import { queryAll } from './items.ts';

const recordOf = (item: Record<string, unknown>): IdentityProviderRecord => {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as IdentityProviderRecord;
};

/**
 * Providers under `IDENTITY-PROVIDERS` (sort key the id), and one item per email domain naming the
 * provider that holds it. Without transactions (dynalite has none) the order keeps the rule: the
 * new domains are claimed first (each only if free or already this provider's), then the provider
 * is written on its version, then the domains it no longer names are given up (only if still its).
 * A claim refused gives back what this write claimed, and nothing else changes.
 */
export class DynamoDbIdentityProviderStore implements IdentityProviderStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string) {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: IDENTITY_PROVIDERS_PK, sk: id }, ConsistentRead: true }),
    );
    return result.Item ? recordOf(result.Item) : undefined;
  }

  async list() {
    return (await queryAll(this.client, this.tableName, IDENTITY_PROVIDERS_PK)).map(recordOf);
  }

  async put(record: Omit<IdentityProviderRecord, 'version'>, expectedVersion: number | undefined) {
    const current = await this.get(record.id);
    const held = new Set(current?.emailDomains ?? []);
    const claimed: string[] = [];
    for (const domain of record.emailDomains) {
      if (held.has(domain)) continue;
      if (!(await this.claim(domain, record.id))) {
        for (const mine of claimed) await this.release(mine, record.id);
        const holder = await this.holderOf(domain);
        throw new IdentityProviderConflictError(`${domain} is already registered to identity provider ${holder ?? 'another'}`, domain);
      }
      claimed.push(domain);
    }
    const version = (expectedVersion ?? 0) + 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: IDENTITY_PROVIDERS_PK, sk: record.id, ...record, version },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      for (const mine of claimed) await this.release(mine, record.id);
      throw new IdentityProviderConflictError(`identity provider ${record.id} was changed by someone else meanwhile`);
    }
    const kept = new Set(record.emailDomains);
    for (const domain of held) if (!kept.has(domain)) await this.release(domain, record.id);
    return version;
  }

  async delete(id: string) {
    const current = await this.get(id);
    if (!current) return false;
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: IDENTITY_PROVIDERS_PK, sk: id },
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new IdentityProviderConflictError(`identity provider ${id} was changed by someone else meanwhile`);
    }
    for (const domain of current.emailDomains) await this.release(domain, id);
    return true;
  }

  async forDomain(domain: string) {
    const holder = await this.holderOf(domain);
    const record = holder ? await this.get(holder) : undefined;
    // A domain claimed by a write still under way (or one that failed half-way) counts only once its provider names it.
    return record?.emailDomains.includes(domain) ? record : undefined;
  }

  private async holderOf(domain: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: identityDomainPk(domain), sk: 'DOMAIN' }, ConsistentRead: true }),
    );
    return result.Item ? String(result.Item.providerId) : undefined;
  }

  private async claim(domain: string, providerId: string): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: identityDomainPk(domain), sk: 'DOMAIN', providerId },
          ConditionExpression: 'attribute_not_exists(pk) OR providerId = :id',
          ExpressionAttributeValues: { ':id': providerId },
        }),
      ),
    );
  }

  private async release(domain: string, providerId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: identityDomainPk(domain), sk: 'DOMAIN' },
          ConditionExpression: 'providerId = :id',
          ExpressionAttributeValues: { ':id': providerId },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}

/** Issuer and subject, hashed into one key: either may hold any character, and together they may be long. */
const identityHash = (issuer: string, subject: string) =>
  createHash('sha256')
    .update(JSON.stringify([issuer, subject]))
    .digest('hex');

/** Linked accounts: one item each, written once (a conditional put), so two first sign-ins at once link one address. */
export class DynamoDbPersonIdentityStore implements PersonIdentityStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(issuer: string, subject: string) {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: personIdentityPk(identityHash(issuer, subject)), sk: 'IDENTITY' },
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    const { issuer: foundIssuer, subject: foundSubject, email, linkedAt } = result.Item;
    return { issuer: String(foundIssuer), subject: String(foundSubject), email: String(email), linkedAt: String(linkedAt) };
  }

  async link(identity: PersonIdentity) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: personIdentityPk(identityHash(identity.issuer, identity.subject)), sk: 'IDENTITY', ...identity },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return identity;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return (await this.find(identity.issuer, identity.subject))!;
    }
  }
}

/**
 * Client secrets in the table: for the local run only, whose table is a folder on the developer's
 * machine beside dev-credentials.json. On AWS the secrets are kept in Secrets Manager instead.
 */
export class DynamoDbClientSecretStore implements ClientSecretStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(providerId: string, secret: string, version: number) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: clientSecretPk(providerId), sk: 'SECRET', secret, version },
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': version },
        }),
      );
    } catch (error) {
      // A newer version's secret is already there: it stands.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async get(providerId: string) {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: clientSecretPk(providerId), sk: 'SECRET' }, ConsistentRead: true }),
    );
    return result.Item ? String(result.Item.secret) : undefined;
  }

  async delete(providerId: string) {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: clientSecretPk(providerId), sk: 'SECRET' },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
