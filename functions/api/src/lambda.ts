import { wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { subscriptionsConfigFromEnv } from '@partnership-hub/subscriptions/sqs';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { coreRoutes } from './groups/core.ts';
import { importRoutes } from './groups/imports.ts';
import { apiConfigFromEnv, wireApi } from './wiring.ts';

/**
 * The JSON API in Lambda, behind API Gateway's HTTP API (its default route). Feeds and the
 * browser pages are the same app's other route groups, served by their own functions
 * (lambda-feeds.ts, lambda-pages.ts) so that each bundle carries only its own libraries.
 * Clients are built once, at cold start.
 */
const config = { ...apiConfigFromEnv(process.env), subscriptions: subscriptionsConfigFromEnv(process.env) };
export const handler = handle(createApp(wireApi(config, wireSubscriptionServices), [coreRoutes, importRoutes]));
