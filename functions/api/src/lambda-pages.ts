import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient } from '@partnership-hub/store';
import { DynamoDbSubscriptionStore } from '@partnership-hub/subscriptions/links';
import type { Context } from 'hono';
import { getConnInfo, handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPagesEnvironmentSchema } from './environment.ts';
import { publishedDocsRoutes } from './groups/docs.ts';
import { pageRoutes } from './groups/pages.ts';
import { subscriptionLinkRoutes } from './groups/subscription-links.ts';
import { wireRequestLimits } from './rate-limits.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The browser pages in Lambda: server-rendered HTML, the stylesheets, and the API reference
 * (/openapi.json and /docs, from the document published beside the bundle), and the links in
 * emails, which answer pages too.
 */
const environment = parseEnvironment('api-pages', apiPagesEnvironmentSchema, process.env);
// Sign-in attempts without a session are counted, for the limits, by the HTTP API's source IP.
const config = { ...apiConfigFromEnvironment(environment), clientAddress: (c: Context) => getConnInfo(c).remote.address };
const deps = wireApi(config, undefined, { requestLimits: wireRequestLimits });
const subscriptionStore = new DynamoDbSubscriptionStore(createDocumentClient(), environment.TABLE_NAME);
export const handler = handle(createApp({ ...deps, subscriptionStore }, [pageRoutes, subscriptionLinkRoutes, publishedDocsRoutes]));
