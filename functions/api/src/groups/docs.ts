import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, type OpenApiDocument, registerOpenApiRoutes } from '../routes/openapi.ts';
import type { RouteGroup } from '../routing.ts';

export const API_INFO = {
  title: 'Partnership Hub API',
  version: '1',
  description:
    'Where the bodies of a police force area share their priorities, work programmes and protocols. Reads are public (with an API key, partners content too); each body changes only its own content with its own key.',
};

/** The OpenAPI document and its readable reference, built from every route the same app declares (the local run). */
export const docsRoutes: RouteGroup = ({ routes }) => registerOpenApiRoutes(routes, (declared) => buildOpenApiDocument(declared, API_INFO));

/** The published file beside the bundle: written by `npm run openapi:generate`, kept current by a test. */
export const PUBLISHED_OPENAPI_FILE = 'openapi.json';

/**
 * The same document, for a Lambda that serves only some route groups: generated from all of them
 * when the code is built (scripts/generate-openapi.ts) and read from the assets folder.
 */
export const publishedDocsRoutes: RouteGroup = ({ routes, deps }) =>
  registerOpenApiRoutes(routes, () => {
    if (!deps.assetsDir) throw new Error('HUB_ASSETS_DIR must be set to serve the published OpenAPI document');
    return JSON.parse(readFileSync(join(deps.assetsDir, PUBLISHED_OPENAPI_FILE), 'utf8')) as OpenApiDocument;
  });
