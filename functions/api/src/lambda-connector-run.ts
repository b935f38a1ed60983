import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient, DynamoDbConnectorStore } from '@partnership-hub/store';
import { isCommitteesRequest, isRunRequest, performRequestedRun } from './connector-handover.ts';
import { wireConnectorRunner } from './connector-meetings.ts';
import { councilServices } from './connector-services.ts';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The connector runner in Lambda, the one function that calls councils: performs one run of a connector, handed over by the connectors'
 * function (a run asked for) or the schedule's sweep (lambda-connector-sweep.ts) with an
 * asynchronous invocation `{areaId, connectorId, runId}`. The same code as the local run's
 * (connector-services.ts): the council read under the outbound rules, meetings written through
 * the meetings' own rules and conditional commit, a failure recorded as ConnectorRunFailed. It
 * also answers the connectors' function's `{committeesOf: baseUrl}` with the council's committees.
 */
const environment = parseEnvironment('connector-run', apiFeedsEnvironmentSchema, process.env);
const documents = createDocumentClient();
const deps = wireApi(apiConfigFromEnvironment(environment), undefined, { documents });
const store = new DynamoDbConnectorStore(documents, environment.TABLE_NAME);
const performRun = wireConnectorRunner(deps, { store, allowLoopback: false });

const council = councilServices({ allowLoopback: false });

export const handler = async (event: unknown): Promise<object> => {
  if (isCommitteesRequest(event)) return council.committees(event.committeesOf);
  if (!isRunRequest(event)) throw new Error('the connector runner takes {areaId, connectorId, runId} or {committeesOf}');
  return performRequestedRun(event, { store }, performRun, deps.logger);
};
