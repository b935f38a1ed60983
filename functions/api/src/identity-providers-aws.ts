import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  type ClientSecretStore,
  type createDocumentClient,
  DynamoDbIdentityProviderStore,
  DynamoDbPersonIdentityStore,
} from '@partnership-hub/store';
import { SecretsManagerClientSecretStore } from '@partnership-hub/store/secrets-manager';
import { type ApiCoreEnvironment, ApiEnvironment } from './environment.ts';
import type { IdentityProviderServices } from './identity-provider-ports.ts';

/**
 * The identity providers in Lambda: their records in the hub table, their client secrets in
 * Secrets Manager under HUB_CLIENT_SECRETS_PREFIX (the local run keeps them in its table). No
 * flow here: the JSON API registers providers and signs nobody in, so it carries none of
 * openid-client; the provider sign-in function (lambda-sign-in-oidc.ts) adds the flow.
 */
export function wireIdentityProvidersOnAws(
  environment: ApiCoreEnvironment,
  documents: ReturnType<typeof createDocumentClient>,
): IdentityProviderServices {
  const tableName = environment[ApiEnvironment.tableName];
  return {
    providers: new DynamoDbIdentityProviderStore(documents, tableName),
    identities: new DynamoDbPersonIdentityStore(documents, tableName),
    clientSecrets: onFirstUse(
      () => new SecretsManagerClientSecretStore(new SecretsManagerClient({}), environment[ApiEnvironment.clientSecretsPrefix]),
    ),
    // An issuer must be public https on AWS: loopback is for the local run's development provider.
    allowLoopback: false,
  };
}

/**
 * The client secrets' store, with its Secrets Manager client built on the first secret read or
 * written rather than at cold start: only registering a provider or signing in through one needs
 * it, and building an SDK client is a measurable part of a handler's initialisation.
 */
function onFirstUse(build: () => ClientSecretStore): ClientSecretStore {
  let store: ClientSecretStore | undefined;
  const built = () => (store ??= build());
  return {
    put: (providerId, secret, version) => built().put(providerId, secret, version),
    get: (providerId) => built().get(providerId),
    delete: (providerId) => built().delete(providerId),
  };
}
