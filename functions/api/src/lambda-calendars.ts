import { parseEnvironment } from '@partnership-hub/configuration';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { calendarRoutes } from './groups/feeds.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The iCalendar feeds in Lambda: apart from the other feeds (lambda-feeds.ts) because the
 * iCalendar library would take that bundle past its 300 KB budget. Reads only, from the views.
 */
const environment = parseEnvironment('api-calendars', apiFeedsEnvironmentSchema, process.env);
export const handler = handle(createApp(wireApi(apiConfigFromEnvironment(environment)), [calendarRoutes]));
