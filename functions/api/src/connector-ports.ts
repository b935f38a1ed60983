import type { ConnectorRecord, ConnectorRunRecord, ConnectorStore } from '@partnership-hub/store';

/** A council's committee, as its ModernGov lists it. */
interface CouncilCommittee {
  committeeId: string;
  title: string;
  category?: string;
  expired: boolean;
  deleted: boolean;
}

/**
 * What the connector routes need, injected by the wiring: the store, the outbound checks, the
 * council's committee list, and where a run is started. The routes themselves never call a council
 * or run an import, so the API's bundle carries no parser.
 */
export interface ConnectorServices {
  store: ConnectorStore;
  /** Resolves when the URL passes the outbound rules (https, public addresses); otherwise rejects saying why. */
  checkBaseUrl(url: string): Promise<void>;
  committees(baseUrl: string): Promise<{ ok: true; committees: CouncilCommittee[] } | { ok: false; error: string }>;
  /**
   * Starts a queued run that is already recorded, without waiting for it to finish: it records its
   * own progress, and a failure as ConnectorRunFailed. Resolves once it is handed over.
   */
  start(run: ConnectorRunRecord, connector: ConnectorRecord): void | Promise<void>;
  newRunId(): string;
}
