import { wireForLambda } from './aws.ts';
import { createNotifier } from './notifier.ts';

/** The notifier in Lambda: the target of the bus rule `consumerRules.notifier`. */
const notify = createNotifier(wireForLambda('notifier', process.env).notifier);

export const handler = async (event: unknown): Promise<void> => {
  await notify(event);
};
