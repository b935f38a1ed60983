import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { feedRoutes } from './groups/feeds.ts';
import { apiConfigFromEnv, wireApi } from './wiring.ts';

/** The feeds between councils in Lambda: the change feed, Atom, JSON Feed, iCalendar, Popolo and bulk import. */
export const handler = handle(createApp(wireApi(apiConfigFromEnv(process.env)), [feedRoutes]));
