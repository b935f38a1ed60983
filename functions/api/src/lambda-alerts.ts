import { SQSClient } from '@aws-sdk/client-sqs';
import { parseEnvironment } from '@partnership-hub/configuration';
import { wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { SqsDeliveryQueue } from '@partnership-hub/subscriptions/sqs';
import type { Context } from 'hono';
import { getConnInfo, handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiAlertsEnvironmentSchema } from './environment.ts';
import { alertPageRoutes } from './groups/pages.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { wireRequestLimits } from './rate-limits.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The email alerts form (/areas/{areaId}/alerts) in Lambda: a function of its own because the form
 * needs the pages' kit and the subscription services together, which would take either the
 * subscriptions' function (lambda-subscriptions.ts) or the pages' past the 300 KB budget. It
 * subscribes as POST /v1/subscriptions does: the double opt-in's email goes to the delivery queue.
 */
const environment = parseEnvironment('api-alerts', apiAlertsEnvironmentSchema, process.env);
const subscriptions = {
  queue: new SqsDeliveryQueue(new SQSClient({}), environment.DELIVERY_QUEUE_URL),
  allowLoopbackWebhooks: environment.HUB_ALLOW_LOOPBACK_WEBHOOKS,
};
// Anonymous callers are counted, for the limits, by the HTTP API's source IP.
const config = { ...apiConfigFromEnvironment(environment), subscriptions, clientAddress: (c: Context) => getConnInfo(c).remote.address };
const wiring = { requestLimits: wireRequestLimits, people: wirePeopleWithSes(environment) };
export const handler = handle(createApp(wireApi(config, wireSubscriptionServices, wiring), [alertPageRoutes]));
