import { LambdaClient } from '@aws-sdk/client-lambda';
import { parseEnvironment } from '@partnership-hub/configuration';
import { createDocumentClient, DynamoDbConnectorStore } from '@partnership-hub/store';
import { monotonicFactory } from 'ulid';
import { startByHandingOver } from './connector-handover.ts';
import { createConnectorSweep } from './connector-schedule.ts';
import { connectorSweepEnvironmentSchema } from './environment.ts';
import { invokeRunner } from './lambda-invoke.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The connectors' schedule in Lambda: invoked by an EventBridge rule every minute, it runs the same
 * sweep as the local run's timer (connector-schedule.ts). A due connector is claimed with a
 * conditional write, so two sweeps at once start its run once, and each run is handed to the
 * connector runner (connector-handover.ts) rather than performed here, so one long run holds up
 * neither the next minute's sweep nor the other connectors.
 */
const environment = parseEnvironment('connector-sweep', connectorSweepEnvironmentSchema, process.env);
const documents = createDocumentClient();
const deps = wireApi(apiConfigFromEnvironment(environment), undefined, { documents });
const store = new DynamoDbConnectorStore(documents, environment.TABLE_NAME);
const sweepConnectors = createConnectorSweep(deps, {
  store,
  newRunId: monotonicFactory(),
  start: startByHandingOver(invokeRunner(new LambdaClient({}), environment.CONNECTOR_RUN_FUNCTION), store, deps.clock, deps.logger),
});

export const handler = async (): Promise<{ started: number }> => sweepConnectors();
