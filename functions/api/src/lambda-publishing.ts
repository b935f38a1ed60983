import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPeoplePagesEnvironmentSchema } from './environment.ts';
import { publishingRoutes } from './groups/pages.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The forms that publish, edit and withdraw a body's content in the browser: apart from the
 * read-only pages (lambda-pages.ts), so that only this function may append to the log and each
 * bundle stays within its 300 KB budget.
 */
const environment = parseEnvironment('api-publishing', apiPeoplePagesEnvironmentSchema, process.env);
export const handler = handle(
  createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { people: wirePeopleWithSes(environment) }), [publishingRoutes]),
);
