import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPeoplePagesEnvironmentSchema } from './environment.ts';
import { uploadRoutes } from './groups/imports.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The upload page in Lambda (/areas/{areaId}/bodies/{organisationId}/import: a CSV or JSON file,
 * its dry run as a table, then "Confirm and publish"): the bulk import's own run (import-run.ts,
 * with the CSV parser) for people signed in as themselves. Apart from the JSON bulk import
 * (lambda-imports.ts) because the people's stores beside the CSV parser and the pages' kit would
 * take that bundle past its 300 KB budget.
 */
const environment = parseEnvironment('api-uploads', apiPeoplePagesEnvironmentSchema, process.env);
export const handler = handle(
  createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { people: wirePeopleWithSes(environment) }), [uploadRoutes]),
);
