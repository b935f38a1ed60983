import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { partnerRoutes } from './groups/partners.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * Tracked requests, meetings, a body's members and the area's connectors in Lambda: the JSON API's
 * partners' routes, served by a function of their own so that neither bundle passes its 300 KB
 * budget. Their writes append to the log as the JSON API's do, so it needs only the table.
 */
const environment = parseEnvironment('api-partners', apiFeedsEnvironmentSchema, process.env);
export const handler = handle(createApp(wireApi(apiConfigFromEnvironment(environment)), [partnerRoutes]));
