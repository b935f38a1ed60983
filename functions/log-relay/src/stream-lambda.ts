import { Logger } from '@aws-lambda-powertools/logger';
import { parseEnvironment } from '@partnership-hub/configuration';
import { relayEnvironmentSchema } from './environment.ts';
import { createStreamRelay } from './stream-relay.ts';
import { wireRelay } from './wiring.ts';

/**
 * The log relay in Lambda: the hub table's stream (inserts of event log items only, by the event
 * source mapping's filter) to the bus. Its answer is a partial batch response (the mapping has
 * ReportBatchItemFailures on).
 */
const logger = new Logger({ serviceName: 'partnership-hub-log-relay' });
const environment = parseEnvironment('log-relay', relayEnvironmentSchema, process.env);
const relay = createStreamRelay({ ...wireRelay({ tableName: environment.TABLE_NAME, busName: environment.BUS_NAME }), logger });

export const handler = relay;
