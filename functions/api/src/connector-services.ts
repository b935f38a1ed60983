import { createModernGovClient, type MeetingWriter, ModernGovError, type RunState, runConnector } from '@partnership-hub/moderngov';
import { checkOutboundUrl, type Resolve } from '@partnership-hub/outbound';
import type { ConnectorRecord, ConnectorRunRecord, ConnectorStore } from '@partnership-hub/store';
import type { ConnectorServices } from './connector-ports.ts';
import type { Logger } from './deps.ts';

export interface ConnectorServicesOptions {
  store: ConnectorStore;
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1`: local development and tests only. */
  allowLoopback: boolean;
  resolve?: Resolve;
  /** A body's meetings, behind the meetings' own rules: the port the meetings code implements. */
  writerFor(connector: ConnectorRecord, organisationId: string): MeetingWriter;
  clock: () => Date;
  newRunId: () => string;
  logger: Logger;
  /** Per request to a council (default 20 s). */
  timeoutMs?: number;
  /** Tells of a run that failed (ConnectorRunFailed), once it is recorded as failed. */
  onRunFailed?(
    connector: ConnectorRecord,
    run: ConnectorRunRecord,
    state: Pick<RunState, 'meetings' | 'errors'>,
    finishedAt: string,
  ): Promise<void>;
}

/**
 * The connector services where runs happen in this process (the local run, tests): a started run
 * goes on after the request has been answered, recording its state in the store at each step
 * (each a conditional write on the version it last wrote). `idle()` waits for the runs under way.
 */
export function inProcessConnectorServices(options: ConnectorServicesOptions): ConnectorServices & { idle(): Promise<void> } {
  const running = new Set<Promise<void>>();
  const clientOptions = (baseUrl: string) => ({
    baseUrl,
    allowLoopback: options.allowLoopback,
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return {
    store: options.store,
    newRunId: options.newRunId,
    async checkBaseUrl(url) {
      await checkOutboundUrl(
        url,
        { allowLoopback: options.allowLoopback, ...(options.resolve ? { resolve: options.resolve } : {}) },
        {
          urls: 'ModernGov URLs',
          publicOnly: "the hub only reads a council's web service at public internet addresses",
          noCredentials: 'the web service is public and needs none',
        },
      );
    },
    async committees(baseUrl) {
      try {
        return { ok: true, committees: await createModernGovClient(clientOptions(baseUrl)).committees() };
      } catch (error) {
        if (error instanceof ModernGovError) return { ok: false, error: error.message };
        throw error;
      }
    },
    start(run, connector) {
      let version = run.version;
      const { version: _version, ...record } = run;
      const startedAt = options.clock().toISOString();
      const work = runConnector(connector, {
        client: createModernGovClient(clientOptions(connector.baseUrl)),
        writerFor: (organisationId) => options.writerFor(connector, organisationId),
        now: options.clock(),
        report: async (state) => {
          const finished = state.status !== 'running';
          version = await options.store.putRun(
            { ...record, ...state, startedAt, ...(finished ? { finishedAt: options.clock().toISOString() } : {}) },
            version,
          );
        },
      })
        .then(async (state) => {
          options.logger[state.status === 'failed' ? 'warn' : 'info']('connector run finished', {
            areaId: run.areaId,
            connectorId: run.connectorId,
            runId: run.id,
            status: state.status,
            meetings: state.meetings,
            errors: state.errors.length,
          });
          if (state.status === 'failed') await options.onRunFailed?.(connector, run, state, options.clock().toISOString());
        })
        .catch((error: unknown) =>
          options.logger.error('connector run broke off', {
            areaId: run.areaId,
            connectorId: run.connectorId,
            runId: run.id,
            error: String(error),
          }),
        )
        .finally(() => running.delete(work));
      running.add(work);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
