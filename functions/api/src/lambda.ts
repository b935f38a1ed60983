import { SQSClient } from '@aws-sdk/client-sqs';
import { parseEnvironment } from '@partnership-hub/configuration';
import { wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { SqsDeliveryQueue } from '@partnership-hub/subscriptions/sqs';
import type { Context } from 'hono';
import { getConnInfo, handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiEnvironmentSchema } from './environment.ts';
import { coreRoutes } from './groups/core.ts';
import { wireRequestLimits } from './rate-limits.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The JSON API in Lambda, behind API Gateway's HTTP API (its default route). Feeds, bulk import
 * and the browser pages are the same app's other route groups, served by their own functions
 * (lambda-feeds.ts, lambda-imports.ts, lambda-pages.ts) so that each bundle carries only its own libraries.
 * The environment is read and the clients are built once, at cold start.
 */
const environment = parseEnvironment('api', apiEnvironmentSchema, process.env);
const subscriptions = {
  queue: new SqsDeliveryQueue(new SQSClient({}), environment.DELIVERY_QUEUE_URL),
  allowLoopbackWebhooks: environment.HUB_ALLOW_LOOPBACK_WEBHOOKS,
};
// Anonymous callers are counted, for the limits, by the HTTP API's source IP.
const config = { ...apiConfigFromEnvironment(environment), subscriptions, clientAddress: (c: Context) => getConnInfo(c).remote.address };
export const handler = handle(createApp(wireApi(config, wireSubscriptionServices, { requestLimits: wireRequestLimits }), [coreRoutes]));
