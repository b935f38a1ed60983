import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseEnvironment } from '@partnership-hub/configuration';
import { DynamoDbChangeFeed } from '@partnership-hub/store';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { feedRoutes } from './groups/feeds.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/** The feeds between councils in Lambda: the change feed, Atom, JSON Feed, iCalendar, Popolo and bulk import. */
const environment = parseEnvironment('api-feeds', apiFeedsEnvironmentSchema, process.env);
// Only the feeds read the change feed: wired here, so that the JSON API's and the pages' bundles carry none of it.
const changeFeed = (documents: DynamoDBDocumentClient, tableName: string) => new DynamoDbChangeFeed(documents, tableName);
export const handler = handle(createApp(wireApi(apiConfigFromEnvironment(environment), undefined, { changeFeed }), [feedRoutes]));
