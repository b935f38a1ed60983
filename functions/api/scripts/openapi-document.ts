import { API_INFO } from '../src/groups/docs.ts';
import { declaringRoutes } from '../src/groups/index.ts';
import { routeSpecsOf } from '../src/groups/specs.ts';
import { buildOpenApiDocument } from '../src/routes/openapi.ts';

/** The published OpenAPI document: every route of every group (the pages, signing in included, declare none). */
export function publishedOpenApiDocument() {
  return buildOpenApiDocument(
    routeSpecsOf(declaringRoutes, {
      subscriptions: true,
      subscriptionStore: true,
      connectors: true,
      people: true,
      identityProviders: true,
    }),
    API_INFO,
  );
}

export const render = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;
