import { wireForLambda } from './aws.ts';
import { createDigestRun } from './digest.ts';

/** The daily digest in Lambda: invoked by an EventBridge schedule once a day. */
const runDigest = createDigestRun(wireForLambda('digest', process.env).notifier);

export const handler = async (): Promise<void> => {
  await runDigest();
};
