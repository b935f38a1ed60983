import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerClientSecretStore } from '../src/aws/secrets-manager.ts';
import { ClientSecretUnavailableError } from '../src/identity-providers.ts';
import { describeClientSecretStoreContract } from './contract/identity-providers.contract.ts';

const secretsManager = mockClient(SecretsManagerClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => secretsManager.restore());
const credentials = { region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const PREFIX = 'partnership-hub/test/identity-providers/';

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * Secrets Manager as far as the store uses it, in memory: secrets by name, each with its versions
 * by id (the ClientRequestToken); a token written again keeps its first value, and a different
 * value for it is refused, as the service does.
 */
function fakeSecretsManager() {
  const secrets = new Map<string, Map<string, string>>();
  secretsManager.on(CreateSecretCommand).callsFake((input) => {
    if (secrets.has(input.Name))
      throw named('ResourceExistsException', `The operation failed because the secret ${input.Name} already exists.`);
    secrets.set(input.Name, new Map([[input.ClientRequestToken, input.SecretString]]));
    return { Name: input.Name, VersionId: input.ClientRequestToken };
  });
  secretsManager.on(PutSecretValueCommand).callsFake((input) => {
    const versions = secrets.get(input.SecretId);
    if (!versions) throw named('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const existing = versions.get(input.ClientRequestToken);
    if (existing !== undefined && existing !== input.SecretString)
      throw named('ResourceExistsException', 'A resource with the ID you requested already exists.');
    versions.set(input.ClientRequestToken, input.SecretString);
    return { VersionId: input.ClientRequestToken };
  });
  secretsManager.on(ListSecretVersionIdsCommand).callsFake((input) => {
    const versions = secrets.get(input.SecretId);
    if (!versions) throw named('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    // One version a page, so that the store must follow NextToken.
    const ids = [...versions.keys()];
    const at = input.NextToken ? Number(input.NextToken) : 0;
    return { Versions: [{ VersionId: ids[at] }], ...(at + 1 < ids.length ? { NextToken: String(at + 1) } : {}) };
  });
  secretsManager.on(GetSecretValueCommand).callsFake((input) => {
    const value = secrets.get(input.SecretId)?.get(input.VersionId);
    if (value === undefined) throw named('ResourceNotFoundException', "Secrets Manager can't find the specified secret value.");
    return { SecretString: value, VersionId: input.VersionId };
  });
  secretsManager.on(DeleteSecretCommand).callsFake((input) => {
    if (!secrets.delete(input.SecretId)) throw named('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return {};
  });
  return secrets;
}

const store = () => new SecretsManagerClientSecretStore(new SecretsManagerClient(credentials), PREFIX);

beforeEach(() => secretsManager.reset());

describeClientSecretStoreContract('SecretsManagerClientSecretStore', async () => {
  fakeSecretsManager();
  return store();
});

describe('client secrets in Secrets Manager', () => {
  it('keeps each provider in a secret of its own under the prefix, one version per provider version, deleted at once', async () => {
    const secrets = fakeSecretsManager();
    await store().put('rotherham', 's3cret', 7);
    expect(secretsManager.commandCalls(CreateSecretCommand)[0]!.args[0].input).toMatchObject({
      Name: `${PREFIX}rotherham`,
      SecretString: 's3cret',
      ClientRequestToken: 'partnership-hub-provider-version-0000000000000007',
    });
    expect([...secrets.keys()]).toEqual([`${PREFIX}rotherham`]);
    await store().delete('rotherham');
    expect(secretsManager.commandCalls(DeleteSecretCommand)[0]!.args[0].input).toEqual({
      SecretId: `${PREFIX}rotherham`,
      ForceDeleteWithoutRecovery: true,
    });
  });

  it('reads the newest version even when an older one was written last, and a version written twice keeps its first value', async () => {
    fakeSecretsManager();
    await store().put('sheffield', 'version-3', 3);
    await store().put('sheffield', 'version-12', 12);
    await store().put('sheffield', 'late-version-4', 4);
    await store().put('sheffield', 'version-12-again', 12);
    expect(await store().get('sheffield')).toBe('version-12');
  });

  it('answers no secret for a provider that has none', async () => {
    fakeSecretsManager();
    expect(await store().get('nobody')).toBeUndefined();
    await store().delete('nobody');
  });

  it("says in words when a provider's secret cannot be written yet because its last one is still being deleted", async () => {
    secretsManager
      .on(CreateSecretCommand)
      .rejects(
        named('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion."),
      );
    const error = await store()
      .put('doncaster', 's', 2)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientSecretUnavailableError);
    expect((error as Error).message).toMatch(
      /^Secrets Manager did not take the client secret of identity provider doncaster \(.*scheduled for deletion\.\); .*try again in a minute$/,
    );
  });

  it('lets other failures (no permission, throttling) reach the caller as they are', async () => {
    secretsManager.on(ListSecretVersionIdsCommand).rejects(named('AccessDeniedException', 'not authorised'));
    await expect(store().get('rotherham')).rejects.toThrow('not authorised');
    secretsManager.on(CreateSecretCommand).rejects(named('ThrottlingException', 'Rate exceeded'));
    await expect(store().put('rotherham', 's', 1)).rejects.toThrow('Rate exceeded');
  });
});
