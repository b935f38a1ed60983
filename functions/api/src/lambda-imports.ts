import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { importRoutes } from './groups/imports.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * Bulk import in Lambda: a function of its own because the CSV parser is the largest library any
 * route needs, and the JSON API's bundle must stay within its 300 KB budget without it. It needs
 * only the table, as the JSON API's writes do; the upload page (the same import in a browser, for
 * people signed in) has a function of its own, lambda-uploads.ts.
 */
const environment = parseEnvironment('api-imports', apiFeedsEnvironmentSchema, process.env);
export const handler = handle(createApp(wireApi(apiConfigFromEnvironment(environment)), [importRoutes]));
