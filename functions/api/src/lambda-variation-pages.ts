import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPeoplePagesEnvironmentSchema } from './environment.ts';
import { variationPageRoutes } from './groups/pages.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * A plan variation's page and the form its bodies record the next step with, in Lambda: apart from
 * the tracker's pages (lambda-tracker-pages.ts) so that each bundle stays within its 300 KB budget.
 * The step form appends to the log as the API's writes do.
 */
const environment = parseEnvironment('api-variation-pages', apiPeoplePagesEnvironmentSchema, process.env);
export const handler = handle(
  createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { people: wirePeopleWithSes(environment) }), [variationPageRoutes]),
);
