import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { CommitteesRequest, RunRequest } from './connector-handover.ts';
import type { ConnectorServices } from './connector-ports.ts';

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

/**
 * A council's committees, asked of the runner with a synchronous invocation: one request to the
 * council (at most 20 s), answered within the connectors' function's own time, and only the runner
 * carries the council's client and parser (each bundle within its 300 KB budget).
 */
export function committeesFromRunner(lambda: LambdaClient, functionName: string): ConnectorServices['committees'] {
  return async (baseUrl) => {
    const request: CommitteesRequest = { committeesOf: baseUrl };
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const text = new TextDecoder().decode(answer.Payload);
    if (answer.FunctionError) throw new Error(`the connector runner failed to list the committees of ${baseUrl}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as Awaited<ReturnType<ConnectorServices['committees']>>;
  };
}
