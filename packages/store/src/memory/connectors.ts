import {
  type ConnectorRecord,
  type ConnectorRunRecord,
  type ConnectorStore,
  ConnectorVersionConflictError,
  type ScheduleRead,
} from '../connectors.ts';

/** Connectors and their runs in memory: the same contract as the DynamoDB store (packages/store/test/contract). */
export class InMemoryConnectorStore implements ConnectorStore {
  private readonly connectors = new Map<string, ConnectorRecord>();
  private readonly runs = new Map<string, ConnectorRunRecord>();

  async get(areaId: string, id: string) {
    const record = this.connectors.get(`${areaId}#${id}`);
    return record ? structuredClone(record) : undefined;
  }

  async put(record: Omit<ConnectorRecord, 'version'>, expectedVersion: number | undefined, scheduleRead?: ScheduleRead) {
    const key = `${record.areaId}#${record.id}`;
    const current = this.connectors.get(key);
    const version = next(current?.version, expectedVersion, `connector ${record.id}`);
    if (current && scheduleRead && current.nextRunAt !== scheduleRead.nextRunAt)
      throw new ConnectorVersionConflictError(`connector ${record.id}: a scheduled run was claimed since it was read`, current.version);
    this.connectors.set(key, { ...structuredClone(record), version });
    return version;
  }

  async delete(areaId: string, id: string, expectedVersion?: number) {
    const key = `${areaId}#${id}`;
    const current = this.connectors.get(key);
    if (!current) return false;
    if (expectedVersion !== undefined && current.version !== expectedVersion)
      throw new ConnectorVersionConflictError(`connector ${id} is at version ${current.version}, not ${expectedVersion}`, current.version);
    this.connectors.delete(key);
    return true;
  }

  async list(areaId: string) {
    return [...this.connectors.values()]
      .filter((record) => record.areaId === areaId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((record) => structuredClone(record));
  }

  async claimScheduledRun(areaId: string, id: string, due: string, nextRunAt: string, version: number) {
    const current = this.connectors.get(`${areaId}#${id}`);
    if (current?.nextRunAt !== due || current.version !== version) return false;
    current.nextRunAt = nextRunAt;
    return true;
  }

  async getRun(areaId: string, connectorId: string, runId: string) {
    const run = this.runs.get(`${areaId}#${connectorId}#${runId}`);
    return run ? structuredClone(run) : undefined;
  }

  async putRun(run: Omit<ConnectorRunRecord, 'version'>, expectedVersion: number | undefined) {
    const key = `${run.areaId}#${run.connectorId}#${run.id}`;
    const version = next(this.runs.get(key)?.version, expectedVersion, `run ${run.id}`);
    this.runs.set(key, { ...structuredClone(run), version });
    return version;
  }

  async listRuns(areaId: string, connectorId: string, limit: number) {
    return [...this.runs.values()]
      .filter((run) => run.areaId === areaId && run.connectorId === connectorId)
      .sort((a, b) => b.id.localeCompare(a.id))
      .slice(0, limit)
      .map((run) => structuredClone(run));
  }
}

function next(current: number | undefined, expected: number | undefined, what: string): number {
  if (expected === undefined && current !== undefined) throw new ConnectorVersionConflictError(`${what} already exists`, current);
  if (expected !== undefined && current !== expected)
    throw new ConnectorVersionConflictError(`${what} is at version ${current ?? 'none'}, not ${expected}`, current);
  return (current ?? 0) + 1;
}
