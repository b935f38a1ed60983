import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, DynamoDbIdentityProviderStore, DynamoDbPersonIdentityStore } from '@partnership-hub/store';
import { SecretsManagerClientSecretStore } from '@partnership-hub/store/secrets-manager';
import { type ApiCoreEnvironment, ApiEnvironment } from './environment.ts';
import type { IdentityProviderServices } from './identity-provider-ports.ts';

/**
 * The identity providers in Lambda: their records in the hub table, their client secrets in
 * Secrets Manager under HUB_CLIENT_SECRETS_PREFIX (the local run keeps them in its table). No
 * flow here: the JSON API registers providers and signs nobody in, so it carries none of
 * openid-client; the provider sign-in function (lambda-sign-in-oidc.ts) adds the flow.
 */
export function wireIdentityProvidersOnAws(environment: ApiCoreEnvironment): IdentityProviderServices {
  const documents = createDocumentClient();
  const tableName = environment[ApiEnvironment.tableName];
  return {
    providers: new DynamoDbIdentityProviderStore(documents, tableName),
    identities: new DynamoDbPersonIdentityStore(documents, tableName),
    clientSecrets: new SecretsManagerClientSecretStore(new SecretsManagerClient({}), environment[ApiEnvironment.clientSecretsPrefix]),
    // An issuer must be public https on AWS: loopback is for the local run's development provider.
    allowLoopback: false,
  };
}
