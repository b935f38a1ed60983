import type { ConnectorRecord, ConnectorRunRecord, ConnectorStore } from '@partnership-hub/store';
import type { ConnectorServices } from './connector-ports.ts';
import type { Logger } from './deps.ts';

/**
 * Runs handed from one Lambda function to another. A run reads a council's meetings one by one
 * and can last minutes; API Gateway gives up on a request after 29 s and the schedule's sweep
 * looks at every connector each minute, so neither performs a run itself. They record the run as
 * queued (the caller gets its URL at once) and invoke the connector runner asynchronously with
 * the run's ids (`lambda-connector-run.ts`, which may run for 15 minutes). Lambda keeps an
 * asynchronous invocation and retries it if the runner fails to start; the runner performs a run
 * only while it is still queued, and moves it on by conditional writes, so a repeated delivery
 * does nothing.
 */

/** What the runner is sent: the run to perform, by its ids (the rest is in the table). */
export interface RunRequest {
  areaId: string;
  connectorId: string;
  runId: string;
}

/**
 * What the runner is asked, and answers at once (a synchronous invocation): a council's committees,
 * for the connectors' function, so that only the runner carries the council's client and parser.
 */
export interface CommitteesRequest {
  committeesOf: string;
}

export function isCommitteesRequest(event: unknown): event is CommitteesRequest {
  return typeof event === 'object' && event !== null && typeof (event as Record<string, unknown>).committeesOf === 'string';
}

export function isRunRequest(event: unknown): event is RunRequest {
  if (typeof event !== 'object' || event === null) return false;
  const { areaId, connectorId, runId } = event as Record<string, unknown>;
  return typeof areaId === 'string' && typeof connectorId === 'string' && typeof runId === 'string';
}

/**
 * `ConnectorServices.start` where runs are handed over (`handOver`: on AWS an asynchronous
 * invocation of the runner, lambda-invoke.ts). If the hand-over is refused (Lambda throttling
 * beyond its own queue, a missing permission), the run is recorded as failed, saying why, rather
 * than left queued for ever.
 */
export function startByHandingOver(
  handOver: (request: RunRequest) => Promise<void>,
  store: ConnectorStore,
  clock: () => Date,
  logger: Logger,
) {
  return async function start(run: ConnectorRunRecord, _connector: ConnectorRecord): Promise<void> {
    const request: RunRequest = { areaId: run.areaId, connectorId: run.connectorId, runId: run.id };
    try {
      await handOver(request);
    } catch (error) {
      logger.error('a connector run could not be handed to the runner', { ...request, error: String(error) });
      const { version, ...queued } = run;
      await store.putRun(
        {
          ...queued,
          status: 'failed',
          progress: 'not started',
          finishedAt: clock().toISOString(),
          errors: [`the run could not be handed to the connector runner: ${(error as Error).message}`],
        },
        version,
      );
    }
  };
}

/**
 * The runner's side: performs the run named, once. A run no longer queued (performed already, or
 * under way in another invocation) or whose connector has gone is left as it is.
 */
export async function performRequestedRun(
  request: RunRequest,
  services: Pick<ConnectorServices, 'store'>,
  performRun: (run: ConnectorRunRecord, connector: ConnectorRecord) => Promise<void>,
  logger: Logger,
): Promise<{ performed: boolean }> {
  const [run, connector] = await Promise.all([
    services.store.getRun(request.areaId, request.connectorId, request.runId),
    services.store.get(request.areaId, request.connectorId),
  ]);
  if (run?.status !== 'queued') {
    logger.info('connector run not performed: it is not queued', { ...request, status: run?.status ?? 'missing' });
    return { performed: false };
  }
  if (!connector) {
    const { version, ...queued } = run;
    await services.store.putRun(
      { ...queued, status: 'failed', progress: 'not started', errors: ['the connector was removed before the run started'] },
      version,
    );
    return { performed: false };
  }
  await performRun(run, connector);
  return { performed: true };
}
