import { parseEnvironment } from '@partnership-hub/configuration';
import { createChangeFeedAppender } from './change-feed.ts';
import { changeFeedEnvironmentSchema } from './environment.ts';
import { wireChangeFeed } from './wiring.ts';

/** The change-feed appender in Lambda: the target of the bus rule for every hub event. */
const environment = parseEnvironment('change-feed', changeFeedEnvironmentSchema, process.env);
const append = createChangeFeedAppender(wireChangeFeed({ tableName: environment.TABLE_NAME }));

export const handler = async (event: unknown): Promise<void> => {
  await append(event);
};
