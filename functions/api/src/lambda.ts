import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient } from '@partnership-hub/store';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiCoreEnvironmentSchema } from './environment.ts';
import { coreRoutes } from './groups/core.ts';
import { wireIdentityProvidersOnAws } from './identity-providers-aws.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The JSON API in Lambda, behind API Gateway's HTTP API (its default route). The partners' routes,
 * subscriptions, feeds, bulk import and the browser pages are the same app's other route groups,
 * served by their own functions (lambda-partners.ts, lambda-subscriptions.ts, lambda-feeds.ts,
 * lambda-imports.ts, lambda-pages.ts) so that each bundle carries only its own libraries. It
 * registers the identity providers (/v1/identity-providers), their client secrets in Secrets Manager.
 * The environment is read and the clients are built once, at cold start.
 */
const environment = parseEnvironment('api', apiCoreEnvironmentSchema, process.env);
const documents = createDocumentClient();
const identityProviders = wireIdentityProvidersOnAws(environment, documents);
export const handler = handle(
  createApp({ ...wireApi(apiConfigFromEnvironment(environment), undefined, { documents }), identityProviders }, [coreRoutes]),
);
