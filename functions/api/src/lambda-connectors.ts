import { LambdaClient } from '@aws-sdk/client-lambda';
import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient, DynamoDbConnectorStore } from '@partnership-hub/store';
import { handle } from 'hono/aws-lambda';
import { monotonicFactory } from 'ulid';
import { createApp } from './app.ts';
import { startByHandingOver } from './connector-handover.ts';
import { councilServices } from './connector-services.ts';
import { apiConnectorsEnvironmentSchema } from './environment.ts';
import { connectorPageRoutes, connectorRoutes } from './groups/connectors.ts';
import { invokeRunner } from './lambda-invoke.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The area's connectors in Lambda: their API (/v1/areas/{a}/connectors...) and their pages with the
 * "Run now" form. A function of its own because only it carries the council's client (for the
 * committees list) and the Lambda client that hands runs over. It never performs a run: a run can
 * outlast API Gateway's 29 s, so it is recorded as queued and handed to the connector runner
 * (connector-handover.ts), and the request is answered 202 at once.
 */
const environment = parseEnvironment('api-connectors', apiConnectorsEnvironmentSchema, process.env);
const deps = wireApi(apiConfigFromEnvironment(environment));
const store = new DynamoDbConnectorStore(createDocumentClient(), environment.TABLE_NAME);
const connectors = {
  store,
  newRunId: monotonicFactory(),
  // A council's committees and the outbound checks of its address, under the webhooks' rules (no loopback on AWS).
  ...councilServices({ allowLoopback: false }),
  start: startByHandingOver(invokeRunner(new LambdaClient({}), environment.CONNECTOR_RUN_FUNCTION), store, deps.clock, deps.logger),
};
export const handler = handle(createApp({ ...deps, connectors }, [connectorRoutes, connectorPageRoutes]));
