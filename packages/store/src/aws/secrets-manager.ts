import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type ClientSecretStore, ClientSecretUnavailableError } from '../identity-providers.ts';

/**
 * Each version of a provider's secret is a version of its secret in Secrets Manager whose id (the
 * ClientRequestToken, 32 to 64 characters) is the provider's version, zero-padded so that the ids
 * sort as the versions do. Writing a version twice is then idempotent (Secrets Manager keeps the
 * first value for a token), and a late write of an older version cannot hide a newer one: the
 * hub reads the highest version id, not whichever version was written last (AWSCURRENT).
 */
const VERSION_ID_PREFIX = 'partnership-hub-provider-version-';
const versionId = (version: number) => `${VERSION_ID_PREFIX}${String(version).padStart(16, '0')}`;
const versionOf = (id: string | undefined) => (id?.startsWith(VERSION_ID_PREFIX) ? Number(id.slice(VERSION_ID_PREFIX.length)) : Number.NaN);

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

/**
 * The identity providers' client secrets in AWS Secrets Manager, one secret per provider named
 * `<prefix><provider id>`: the hub's functions may touch only the secrets under the prefix (the
 * stack's IAM policy). The local run keeps them in its table instead (DynamoDbClientSecretStore).
 */
export class SecretsManagerClientSecretStore implements ClientSecretStore {
  constructor(
    private readonly client: SecretsManagerClient,
    /** e.g. `partnership-hub/dev/identity-providers/` */
    private readonly namePrefix: string,
  ) {}

  private nameOf(providerId: string) {
    return `${this.namePrefix}${providerId}`;
  }

  async put(providerId: string, secret: string, version: number): Promise<void> {
    const name = this.nameOf(providerId);
    const token = versionId(version);
    try {
      await this.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: secret,
          ClientRequestToken: token,
          Description: `Partnership Hub: the client secret of identity provider ${providerId}`,
        }),
      );
      return;
    } catch (error) {
      if (isNamed(error, 'InvalidRequestException'))
        // A provider removed a moment ago: its secret is still being deleted.
        throw new ClientSecretUnavailableError(
          `Secrets Manager did not take the client secret of identity provider ${providerId} (${(error as Error).message}); a provider removed a moment ago is still being deleted: try again in a minute`,
          { cause: error },
        );
      if (!isNamed(error, 'ResourceExistsException')) throw error;
    }
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: secret, ClientRequestToken: token }));
    } catch (error) {
      // This version was written already (with the value first given for it): that one stands.
      if (!isNamed(error, 'ResourceExistsException')) throw error;
    }
  }

  async get(providerId: string): Promise<string | undefined> {
    const name = this.nameOf(providerId);
    try {
      let newest: string | undefined;
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 100, NextToken: nextToken }),
        );
        for (const entry of page.Versions ?? []) {
          if (!Number.isNaN(versionOf(entry.VersionId)) && (newest === undefined || versionOf(entry.VersionId) > versionOf(newest)))
            newest = entry.VersionId;
        }
        nextToken = page.NextToken;
      } while (nextToken);
      if (!newest) return undefined;
      const value = await this.client.send(new GetSecretValueCommand({ SecretId: name, VersionId: newest }));
      return value.SecretString;
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  }

  async delete(providerId: string): Promise<void> {
    try {
      // At once, not after a recovery window: a provider registered again under the same id starts afresh.
      await this.client.send(new DeleteSecretCommand({ SecretId: this.nameOf(providerId), ForceDeleteWithoutRecovery: true }));
    } catch (error) {
      if (!isNamed(error, 'ResourceNotFoundException')) throw error;
    }
  }
}
