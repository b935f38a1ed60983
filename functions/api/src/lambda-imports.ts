import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPagesEnvironmentSchema } from './environment.ts';
import { importRoutes, uploadRoutes } from './groups/imports.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * Bulk import in Lambda: a function of its own because the CSV parser is the largest library any
 * route needs, and the JSON API's bundle must stay within its 300 KB budget without it. It serves
 * the upload page too (the same import in a browser), so it reads the pages' environment (the
 * session secret); it needs only the table, as the JSON API's writes do.
 */
const environment = parseEnvironment('api-imports', apiPagesEnvironmentSchema, process.env);
export const handler = handle(createApp(wireApi(apiConfigFromEnvironment(environment)), [importRoutes, uploadRoutes]));
