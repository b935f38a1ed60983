import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPeoplePagesEnvironmentSchema } from './environment.ts';
import { trackerPageRoutes } from './groups/pages.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The calendar, the protocols and the requests tracker with its request pages in Lambda: apart from
 * the other pages (a plan's variations among them: lambda-variation-pages.ts) so that each bundle
 * stays within its 300 KB budget. The request pages' buttons (respond,
 * update, close) append to the log as the API's writes do.
 */
const environment = parseEnvironment('api-tracker-pages', apiPeoplePagesEnvironmentSchema, process.env);
export const handler = handle(
  createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { people: wirePeopleWithSes(environment) }), [trackerPageRoutes]),
);
