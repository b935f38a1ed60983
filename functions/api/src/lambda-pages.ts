import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient } from '@partnership-hub/store';
import { DynamoDbSubscriptionStore } from '@partnership-hub/subscriptions/links';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiPagesEnvironmentSchema } from './environment.ts';
import { publishedDocsRoutes } from './groups/docs.ts';
import { pageRoutes } from './groups/pages.ts';
import { subscriptionLinkRoutes } from './groups/subscription-links.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The browser pages in Lambda: server-rendered HTML, the stylesheets, and the API reference
 * (/openapi.json and /docs, from the document published beside the bundle), and the links in
 * emails, which answer pages too.
 */
const environment = parseEnvironment('api-pages', apiPagesEnvironmentSchema, process.env);
const deps = wireApi(apiConfigFromEnvironment(environment));
const subscriptionStore = new DynamoDbSubscriptionStore(createDocumentClient(), environment.TABLE_NAME);
export const handler = handle(createApp({ ...deps, subscriptionStore }, [pageRoutes, subscriptionLinkRoutes, publishedDocsRoutes]));
