import { Logger } from '@aws-lambda-powertools/logger';
import { parseEnvironment } from '@partnership-hub/configuration';
import { relayEnvironmentSchema } from './environment.ts';
import { createOutboxRelay } from './outbox-relay.ts';
import { wireRelay } from './wiring.ts';

/**
 * How old an event must be before the sweep sends it. The stream relays an event within seconds
 * of its append, and retries a failed batch with backoff for longer; waiting two minutes keeps the
 * sweep from racing a healthy stream (a race would only cost a duplicate delivery) while still
 * catching, within a few runs, whatever the stream could not deliver.
 */
const SWEEP_MIN_AGE_MS = 2 * 60_000;

const logger = new Logger({ serviceName: 'partnership-hub-outbox-sweep' });
const environment = parseEnvironment('outbox-sweep', relayEnvironmentSchema, process.env);
const sweep = createOutboxRelay({
  ...wireRelay({ tableName: environment.TABLE_NAME, busName: environment.BUS_NAME }),
  clock: () => new Date(),
  minAgeMs: SWEEP_MIN_AGE_MS,
  // One run stays well inside the function's timeout; the next run sends the rest.
  maxPerRun: 500,
});

/** Runs on a schedule: the safety net for anything the stream relay could not deliver. */
export const handler = async (): Promise<void> => {
  const result = await sweep();
  if (result.found > 0) logger.warn('the outbox sweep sent events the stream had not delivered', { ...result });
  if (result.failed > 0) throw new Error(`${result.failed} events could not be published; they stay in the outbox for the next run`);
};
