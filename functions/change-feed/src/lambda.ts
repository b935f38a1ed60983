import { createChangeFeedAppender } from './change-feed.ts';
import { changeFeedConfigFromEnv, wireChangeFeed } from './wiring.ts';

/** The change-feed appender in Lambda: the target of the bus rule for every hub event. */
const append = createChangeFeedAppender(wireChangeFeed(changeFeedConfigFromEnv(process.env)));

export const handler = async (event: unknown): Promise<void> => {
  await append(event);
};
