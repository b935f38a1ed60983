import { createModernGovClient, type MeetingWriter, ModernGovError, type RunState, runConnector } from '@partnership-hub/moderngov';
import { checkOutboundUrl, type Resolve } from '@partnership-hub/outbound';
import { type ConnectorRecord, type ConnectorRunRecord, type ConnectorStore, ConnectorVersionConflictError } from '@partnership-hub/store';
import type { ConnectorServices } from './connector-ports.ts';
import type { Logger } from './deps.ts';

/** How the hub calls a council: the outbound rules (webhooks' rules) and the time a request may take. */
export interface CouncilOptions {
  /** `HUB_ALLOW_LOOPBACK_WEBHOOKS=1`: local development and tests only. */
  allowLoopback: boolean;
  resolve?: Resolve;
  /** Per request to a council (default 20 s). */
  timeoutMs?: number;
}

export interface ConnectorServicesOptions extends CouncilOptions {
  store: ConnectorStore;
  /** A body's meetings, behind the meetings' own rules: the port the meetings code implements. */
  writerFor(connector: ConnectorRecord, organisationId: string): MeetingWriter;
  clock: () => Date;
  newRunId: () => string;
  logger: Logger;
  /** Tells of a run that failed (ConnectorRunFailed), once it is recorded as failed. */
  onRunFailed?(
    connector: ConnectorRecord,
    run: ConnectorRunRecord,
    state: Pick<RunState, 'meetings' | 'errors'>,
    finishedAt: string,
  ): Promise<void>;
}

const clientOptions = (options: CouncilOptions, baseUrl: string) => ({
  baseUrl,
  allowLoopback: options.allowLoopback,
  ...(options.resolve ? { resolve: options.resolve } : {}),
  ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
});

/**
 * What the connector routes ask of a council without running an import: whether its address passes
 * the outbound rules, and its committees. Each is one short exchange, so it is answered within the
 * request wherever the routes are served.
 */
export function councilServices(options: CouncilOptions): Pick<ConnectorServices, 'checkBaseUrl' | 'committees'> {
  return {
    checkBaseUrl: councilUrlCheck(options),
    async committees(baseUrl) {
      try {
        return { ok: true, committees: await createModernGovClient(clientOptions(options, baseUrl)).committees() };
      } catch (error) {
        if (error instanceof ModernGovError) return { ok: false, error: error.message };
        throw error;
      }
    },
  };
}

/** Whether a council's address passes the outbound rules (no request is made: its host is resolved and checked). */
export function councilUrlCheck(options: Pick<CouncilOptions, 'allowLoopback' | 'resolve'>): ConnectorServices['checkBaseUrl'] {
  return async (url) => {
    await checkOutboundUrl(
      url,
      { allowLoopback: options.allowLoopback, ...(options.resolve ? { resolve: options.resolve } : {}) },
      {
        urls: 'ModernGov URLs',
        publicOnly: "the hub only reads a council's web service at public internet addresses",
        noCredentials: 'the web service is public and needs none',
      },
    );
  };
}

/**
 * Performs a queued run to its end, recording its state in the store at each step (each a
 * conditional write on the version it last wrote, the first on the queued run's: so a run handed
 * over twice, by a retried invocation or two processes, is performed once, the other giving way
 * before it reads anything). Resolves when the run is over; never rejects.
 */
export function connectorRunPerformer(options: ConnectorServicesOptions) {
  return async function performRun(run: ConnectorRunRecord, connector: ConnectorRecord): Promise<void> {
    let version = run.version;
    const { version: _version, ...record } = run;
    const startedAt = options.clock().toISOString();
    const where = { areaId: run.areaId, connectorId: run.connectorId, runId: run.id };
    try {
      const state = await runConnector(connector, {
        client: createModernGovClient(clientOptions(options, connector.baseUrl)),
        writerFor: (organisationId) => options.writerFor(connector, organisationId),
        now: options.clock(),
        report: async (state) => {
          const finished = state.status !== 'running';
          version = await options.store.putRun(
            { ...record, ...state, startedAt, ...(finished ? { finishedAt: options.clock().toISOString() } : {}) },
            version,
          );
        },
      });
      options.logger[state.status === 'failed' ? 'warn' : 'info']('connector run finished', {
        ...where,
        status: state.status,
        meetings: state.meetings,
        errors: state.errors.length,
      });
      if (state.status === 'failed') await options.onRunFailed?.(connector, run, state, options.clock().toISOString());
    } catch (error) {
      if (error instanceof ConnectorVersionConflictError && version === run.version)
        options.logger.info('connector run already taken by another process', where);
      else options.logger.error('connector run broke off', { ...where, error: String(error) });
    }
  };
}

/**
 * The connector services where runs happen in this process (the local run, tests): a started run
 * goes on after the request has been answered. `idle()` waits for the runs under way.
 */
export function inProcessConnectorServices(options: ConnectorServicesOptions): ConnectorServices & { idle(): Promise<void> } {
  const running = new Set<Promise<void>>();
  const performRun = connectorRunPerformer(options);
  return {
    store: options.store,
    newRunId: options.newRunId,
    ...councilServices(options),
    start(run, connector) {
      const work = performRun(run, connector).finally(() => running.delete(work));
      running.add(work);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
