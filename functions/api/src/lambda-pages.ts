import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { publishedDocsRoutes } from './groups/docs.ts';
import { pageRoutes } from './groups/pages.ts';
import { apiConfigFromEnv, wireApi } from './wiring.ts';

/**
 * The browser pages in Lambda: server-rendered HTML, the stylesheets, and the API reference
 * (/openapi.json and /docs, from the document published beside the bundle).
 */
export const handler = handle(createApp(wireApi(apiConfigFromEnv(process.env)), [pageRoutes, publishedDocsRoutes]));
