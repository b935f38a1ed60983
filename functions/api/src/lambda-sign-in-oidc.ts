import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient } from '@partnership-hub/store';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiProviderSignInEnvironmentSchema } from './environment.ts';
import { providerSignInRoutes } from './groups/pages.ts';
import { wireIdentityProvidersOnAws } from './identity-providers-aws.ts';
import { wireOpenIdConnect } from './oidc.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * Signing in through an organisation's identity provider in Lambda: /sign-in/provider (where the
 * sign-in form hands the person over, lambda-sign-in.ts) sends them to the provider, and
 * /sign-in/callback signs them in. A function of its own because openid-client would take the
 * email-link sign-in's bundle past its 300 KB budget. The providers' records and linked accounts are
 * in the hub table, their client secrets in Secrets Manager (read only here), and the flow is the
 * local run's (oidc.ts). On AWS an issuer is https: the JSON API's registration refuses anything else.
 */
const environment = parseEnvironment('api-sign-in-oidc', apiProviderSignInEnvironmentSchema, process.env);
const documents = createDocumentClient();
const providers = wireIdentityProvidersOnAws(environment, documents);
const identityProviders = {
  ...providers,
  flow: wireOpenIdConnect({ clientSecrets: providers.clientSecrets, allowLoopback: providers.allowLoopback }),
};
const deps = wireApi(apiConfigFromEnvironment(environment), undefined, { documents, people: wirePeopleWithSes(environment) });
export const handler = handle(createApp({ ...deps, identityProviders }, [providerSignInRoutes]));
