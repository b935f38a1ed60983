import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient, DynamoDbConnectorStore } from '@partnership-hub/store';
import { isRunRequest, performRequestedRun } from './connector-handover.ts';
import { wireConnectorRunner } from './connector-meetings.ts';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The connector runner in Lambda: performs one run of a connector, handed over by the connectors'
 * function (a run asked for) or the schedule's sweep (lambda-connector-sweep.ts) with an
 * asynchronous invocation `{areaId, connectorId, runId}`. The same code as the local run's
 * (connector-services.ts): the council read under the outbound rules, meetings written through
 * the meetings' own rules and conditional commit, a failure recorded as ConnectorRunFailed.
 */
const environment = parseEnvironment('connector-run', apiFeedsEnvironmentSchema, process.env);
const deps = wireApi(apiConfigFromEnvironment(environment));
const store = new DynamoDbConnectorStore(createDocumentClient(), environment.TABLE_NAME);
const performRun = wireConnectorRunner(deps, { store, allowLoopback: false });

export const handler = async (event: unknown): Promise<{ performed: boolean }> => {
  if (!isRunRequest(event)) throw new Error('the connector runner takes {areaId, connectorId, runId}');
  return performRequestedRun(event, { store }, performRun, deps.logger);
};
