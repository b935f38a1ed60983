/**
 * The area's connectors (a council's ModernGov mapped onto its bodies) and their runs. The store
 * keeps what the administrator configured and what each run did; the meetings a run imports are
 * the meetings store's, not this one's, so removing a connector keeps them.
 */
export interface ConnectorCommittee {
  committeeId: string;
  organisationId: string;
}

export interface ConnectorRecord {
  areaId: string;
  id: string;
  kind: 'moderngov';
  baseUrl: string;
  committees: ConnectorCommittee[];
  daysBack: number;
  daysAhead: number;
  /** ISO 8601 duration between scheduled runs; none: runs only when asked. */
  every?: string;
  /**
   * When the schedule next starts a run (with `every`): kept with the connector so a restart
   * neither loses nor doubles a run. Moved on only by `claimScheduledRun`, which leaves the
   * version (the administrator's If-Match) alone.
   */
  nextRunAt?: string;
  version: number;
  updatedAt: string;
}

export type ConnectorRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ConnectorRunRecord {
  areaId: string;
  connectorId: string;
  /** Sorts by when it was asked for: the list answers the latest first. */
  id: string;
  status: ConnectorRunStatus;
  /** Started by the connector's schedule or by someone asking; runs recorded before schedules have none (asked). */
  trigger?: 'schedule' | 'manual';
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** What the run is doing, in words ("committee 650: 12 of 40 meetings read"). */
  progress: string;
  meetings: { created: number; revised: number; cancelled: number; unchanged: number };
  errors: string[];
  version: number;
}

/** The schedule as a writer read it before replacing a connector: its `nextRunAt`, or none. */
export interface ScheduleRead {
  nextRunAt: string | undefined;
}

/** A conditional write lost: the record is not at the version the writer read (or already exists, or is gone). */
export class ConnectorVersionConflictError extends Error {
  override name = 'ConnectorVersionConflictError';
  constructor(
    message: string,
    readonly currentVersion: number | undefined,
  ) {
    super(message);
  }
}

export interface ConnectorStore {
  get(areaId: string, id: string): Promise<ConnectorRecord | undefined>;
  /**
   * Creates (no expected version: refused if it exists) or replaces exactly the version expected;
   * answers the new version. With `scheduleRead` (the connector's `nextRunAt` as the writer read
   * it, none included), a replacement is refused too if a sweep has claimed a run since, moving
   * `nextRunAt` on: the conflict then names the version expected as current, and the writer reads
   * again and decides anew, never putting back a due time already claimed (a run twice).
   */
  put(record: Omit<ConnectorRecord, 'version'>, expectedVersion: number | undefined, scheduleRead?: ScheduleRead): Promise<number>;
  /** Removes it (the version expected, or any); answers whether there was one. Its runs stay readable. */
  delete(areaId: string, id: string, expectedVersion?: number): Promise<boolean>;
  list(areaId: string): Promise<ConnectorRecord[]>;
  /**
   * Claims the scheduled run due at `due` by moving `nextRunAt` from it to `next`, conditionally:
   * answers false (and changes nothing) if the connector is gone, its `nextRunAt` is no longer
   * `due` (another sweep claimed it) or it is no longer at `version` (the administrator changed it
   * since the sweep read it: the next sweep claims from what is there now). The version stays.
   */
  claimScheduledRun(areaId: string, id: string, due: string, next: string, version: number): Promise<boolean>;

  getRun(areaId: string, connectorId: string, runId: string): Promise<ConnectorRunRecord | undefined>;
  /** Records a new run (refused if the id exists) or moves one on from the version expected; answers the new version. */
  putRun(run: Omit<ConnectorRunRecord, 'version'>, expectedVersion: number | undefined): Promise<number>;
  /** The connector's runs, latest first, at most `limit`. */
  listRuns(areaId: string, connectorId: string, limit: number): Promise<ConnectorRunRecord[]>;
}
