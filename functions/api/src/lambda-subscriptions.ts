import { SQSClient } from '@aws-sdk/client-sqs';
import { parseEnvironment } from '@partnership-hub/configuration';
import { wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { SqsDeliveryQueue } from '@partnership-hub/subscriptions/sqs';
import type { Context } from 'hono';
import { getConnInfo, handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiEnvironmentSchema } from './environment.ts';
import { subscriptionRoutes } from './groups/subscriptions.ts';
import { wireRequestLimits } from './rate-limits.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * Subscriptions to change notifications in Lambda (/v1/subscriptions): a function of its own
 * because only these routes carry the webhook address checks, the event patterns and the rate
 * limiter, which would take the JSON API's bundle (lambda.ts) past its 300 KB budget. A new
 * subscription's first delivery goes to the delivery queue.
 */
const environment = parseEnvironment('api-subscriptions', apiEnvironmentSchema, process.env);
const subscriptions = {
  queue: new SqsDeliveryQueue(new SQSClient({}), environment.DELIVERY_QUEUE_URL),
  allowLoopbackWebhooks: environment.HUB_ALLOW_LOOPBACK_WEBHOOKS,
};
// Anonymous callers are counted, for the limits, by the HTTP API's source IP.
const config = { ...apiConfigFromEnvironment(environment), subscriptions, clientAddress: (c: Context) => getConnInfo(c).remote.address };
export const handler = handle(
  createApp(wireApi(config, wireSubscriptionServices, { requestLimits: wireRequestLimits }), [subscriptionRoutes]),
);
