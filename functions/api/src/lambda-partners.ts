import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPartnersEnvironmentSchema } from './environment.ts';
import { partnerRoutes } from './groups/partners.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * Tracked requests, meetings, a body's members and the area's connectors in Lambda: the JSON API's
 * partners' routes, served by a function of their own so that neither bundle passes its 300 KB
 * budget. Their writes append to the log as the JSON API's do; a body's members are people, whose
 * invitations go through SES (people-ses.ts).
 */
const environment = parseEnvironment('api-partners', apiPartnersEnvironmentSchema, process.env);
export const handler = handle(
  createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { people: wirePeopleWithSes(environment) }), [partnerRoutes]),
);
