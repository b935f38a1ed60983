import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { RunRequest } from './connector-handover.ts';

/**
 * Hands a connector run to the runner function: an asynchronous invocation ("Event"), which Lambda
 * queues and answers at once with 202; the run itself then takes as long as the runner may.
 */
export function invokeRunner(lambda: LambdaClient, functionName: string) {
  return async (request: RunRequest): Promise<void> => {
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    if (answer.StatusCode !== 202)
      throw new Error(`Lambda answered ${answer.StatusCode ?? 'no status'} to the invocation of ${functionName}`);
  };
}
