import { Logger } from '@aws-lambda-powertools/logger';
import { parseEnvironment } from '@partnership-hub/configuration';
import { republisherEnvironmentSchema } from './environment.ts';
import { createOutboxRepublisher } from './republisher.ts';
import { wireRepublisher } from './wiring.ts';

const logger = new Logger({ serviceName: 'partnership-hub-outbox-republisher' });
const environment = parseEnvironment('outbox-republisher', republisherEnvironmentSchema, process.env);
const republish = createOutboxRepublisher(wireRepublisher({ tableName: environment.TABLE_NAME, busName: environment.BUS_NAME }));

/** Runs on a schedule: publishes anything the API appended but could not publish. */
export const handler = async (): Promise<void> => {
  const result = await republish();
  if (result.found > 0) logger.info('outbox republished', { ...result });
  if (result.failed > 0) throw new Error(`${result.failed} events could not be published; they stay in the outbox for the next run`);
};
