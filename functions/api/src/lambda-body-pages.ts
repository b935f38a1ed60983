import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPeoplePagesEnvironmentSchema } from './environment.ts';
import { bodyPageRoutes } from './groups/pages.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * A body's pages, its items' and their history in Lambda: apart from the area's overview, themes
 * and calendar (lambda-pages.ts) and the tracker (lambda-tracker-pages.ts) so that each bundle
 * stays within its 300 KB budget. Reads only.
 */
const environment = parseEnvironment('api-body-pages', apiPeoplePagesEnvironmentSchema, process.env);
export const handler = handle(
  createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { people: wirePeopleWithSes(environment) }), [bodyPageRoutes]),
);
