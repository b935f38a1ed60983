import { LambdaClient } from '@aws-sdk/client-lambda';
import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient, DynamoDbConnectorStore } from '@partnership-hub/store';
import { handle } from 'hono/aws-lambda';
import { monotonicFactory } from 'ulid';
import { createApp } from './app.ts';
import { startByHandingOver } from './connector-handover.ts';
import { councilUrlCheck } from './connector-services.ts';
import { apiConnectorsEnvironmentSchema } from './environment.ts';
import { connectorPageRoutes, connectorRoutes } from './groups/connectors.ts';
import { committeesFromRunner, invokeRunner } from './lambda-invoke.ts';
import { wirePeopleWithSes } from './people-ses.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The area's connectors in Lambda: their API (/v1/areas/{a}/connectors...) and their pages with the
 * "Run now" form. A function of its own because only it carries the Lambda client that hands runs
 * over and asks the runner for a council's committees. It never calls a council itself, nor performs a run: a run can
 * outlast API Gateway's 29 s, so it is recorded as queued and handed to the connector runner
 * (connector-handover.ts), and the request is answered 202 at once.
 */
const environment = parseEnvironment('api-connectors', apiConnectorsEnvironmentSchema, process.env);
// People sign in to the pages as themselves (the mapped bodies' editors and leads run them).
const documents = createDocumentClient();
const deps = wireApi(apiConfigFromEnvironment(environment), undefined, { documents, people: wirePeopleWithSes(environment) });
const store = new DynamoDbConnectorStore(documents, environment.TABLE_NAME);
const lambda = new LambdaClient({});
const connectors = {
  store,
  newRunId: monotonicFactory(),
  // A council's address checked under the webhooks' rules (no loopback on AWS); its committees asked of the runner.
  checkBaseUrl: councilUrlCheck({ allowLoopback: false }),
  committees: committeesFromRunner(lambda, environment.CONNECTOR_RUN_FUNCTION),
  start: startByHandingOver(invokeRunner(lambda, environment.CONNECTOR_RUN_FUNCTION), store, deps.clock, deps.logger),
};
export const handler = handle(createApp({ ...deps, connectors }, [connectorRoutes, connectorPageRoutes]));
