import { parseEnvironment } from '@partnership-hub/configuration';
import { apiFeedsEnvironmentSchema } from './environment.ts';
import { createOverdueCheck } from './overdue-check.ts';
import { apiConfigFromEnvironment, wireApi } from './wiring.ts';

/**
 * The overdue check in Lambda: invoked by an EventBridge schedule every hour. It appends its
 * notices to the log like any write (the table's stream takes them to the bus), so it needs only
 * the table, as the JSON API's writes do.
 */
const environment = parseEnvironment('api-overdue-check', apiFeedsEnvironmentSchema, process.env);
const runOverdueCheck = createOverdueCheck(wireApi(apiConfigFromEnvironment(environment)));

export const handler = async (): Promise<{ notices: number }> => runOverdueCheck();
