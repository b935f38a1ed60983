import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPeoplePagesEnvironmentSchema } from './environment.ts';
import { pageRoutes } from './groups/pages.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The browser pages in Lambda: server-rendered HTML and the stylesheets. Signing in, the links in
 * emails and the API reference are served by lambda-sign-in.ts, so that this bundle carries
 * neither the rate limiter nor the subscription store.
 */
const environment = parseEnvironment('api-pages', apiPeoplePagesEnvironmentSchema, process.env);
export const handler = handle(
  createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { people: wirePeopleWithSes(environment) }), [pageRoutes]),
);
