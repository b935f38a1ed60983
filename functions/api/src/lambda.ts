import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiConfigFromEnv, wireApi } from './wiring.ts';

/** The API in Lambda, behind API Gateway's HTTP API. Clients are built once, at cold start. */
export const handler = handle(createApp(wireApi(apiConfigFromEnv(process.env))));
