import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { feedRoutes } from './groups/feeds.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/** The feeds between councils in Lambda: the change feed, Atom, JSON Feed, iCalendar, Popolo and bulk import. */
const environment = parseEnvironment('api-feeds', apiFeedsEnvironmentSchema, process.env);
export const handler = handle(createApp(wireApi(apiConfigFromEnvironment(environment)), [feedRoutes]));
