import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient, DynamoDbIdentityProviderStore } from '@partnership-hub/store';
import { DynamoDbSubscriptionStore } from '@partnership-hub/subscriptions/links';
import type { Context } from 'hono';
import { getConnInfo, handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPeoplePagesEnvironmentSchema } from './environment.ts';
import { publishedDocsRoutes } from './groups/docs.ts';
import { signInRoutes } from './groups/pages.ts';
import { subscriptionLinkRoutes } from './groups/subscription-links.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { wireRequestLimits } from './rate-limits.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * Signing in and out of the pages, the links in emails (confirm, unsubscribe), which answer pages
 * too, and the API reference (/openapi.json and /docs, from the document published beside the
 * bundle): the pages that change something or count attempts, apart from the read-only pages
 * (lambda-pages.ts) so that each bundle stays within its 300 KB budget. A person whose email
 * domain has an identity provider is handed over to the provider sign-in function
 * (lambda-sign-in-oidc.ts, /sign-in/provider): this function knows only which provider a domain
 * has, and carries neither openid-client nor the providers' secrets.
 */
const environment = parseEnvironment('api-sign-in', apiPeoplePagesEnvironmentSchema, process.env);
// Sign-in attempts without a session are counted, for the limits, by the HTTP API's source IP.
const config = { ...apiConfigFromEnvironment(environment), clientAddress: (c: Context) => getConnInfo(c).remote.address };
const documents = createDocumentClient();
const deps = wireApi(config, undefined, { documents, requestLimits: wireRequestLimits, people: wirePeopleWithSes(environment) });
const subscriptionStore = new DynamoDbSubscriptionStore(documents, environment.TABLE_NAME);
const identityProviders = { providers: new DynamoDbIdentityProviderStore(documents, environment.TABLE_NAME) };
export const handler = handle(
  createApp({ ...deps, subscriptionStore, identityProviders }, [signInRoutes, subscriptionLinkRoutes, publishedDocsRoutes]),
);
