import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ConnectorRecord,
  type ConnectorRunRecord,
  type ConnectorStore,
  ConnectorVersionConflictError,
  type ScheduleRead,
} from '../connectors.ts';
import { connectorRunsPk, connectorsPk } from '../keys.ts';
import { conditionally, isConditionalCheckFailed } from './conditions.ts';

/**
 * An area's connectors under `CONNECTORS#<area>` (sort key the connector id), each connector's runs
 * under `CONNECTOR-RUNS#<area>#<connector>` (sort key `RUN#<run id>`, ids sorting by request time).
 * Every write is conditional: a create on the item not existing, a change on the version read.
 */
export class DynamoDbConnectorStore implements ConnectorStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(areaId: string, id: string) {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: connectorsPk(areaId), sk: id } }));
    return result.Item ? (strip(result.Item) as ConnectorRecord) : undefined;
  }

  async put(record: Omit<ConnectorRecord, 'version'>, expectedVersion: number | undefined, scheduleRead?: ScheduleRead) {
    return this.write({ pk: connectorsPk(record.areaId), sk: record.id }, record, expectedVersion, `connector ${record.id}`, scheduleRead);
  }

  async delete(areaId: string, id: string, expectedVersion?: number) {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: connectorsPk(areaId), sk: id },
          ConditionExpression: expectedVersion === undefined ? 'attribute_exists(pk)' : 'version = :expected',
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.get(areaId, id);
      if (!current) return false;
      throw new ConnectorVersionConflictError(`connector ${id} is at version ${current.version}, not ${expectedVersion}`, current.version);
    }
  }

  async list(areaId: string) {
    return (await this.query(connectorsPk(areaId), true)) as ConnectorRecord[];
  }

  async claimScheduledRun(areaId: string, id: string, due: string, next: string, version: number) {
    return conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: connectorsPk(areaId), sk: id },
          UpdateExpression: 'SET nextRunAt = :next',
          ConditionExpression: 'nextRunAt = :due AND version = :version',
          ExpressionAttributeValues: { ':due': due, ':next': next, ':version': version },
        }),
      ),
    );
  }

  async getRun(areaId: string, connectorId: string, runId: string) {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: connectorRunsPk(areaId, connectorId), sk: `RUN#${runId}` } }),
    );
    return result.Item ? (strip(result.Item) as ConnectorRunRecord) : undefined;
  }

  async putRun(run: Omit<ConnectorRunRecord, 'version'>, expectedVersion: number | undefined) {
    return this.write({ pk: connectorRunsPk(run.areaId, run.connectorId), sk: `RUN#${run.id}` }, run, expectedVersion, `run ${run.id}`);
  }

  async listRuns(areaId: string, connectorId: string, limit: number) {
    return (await this.query(connectorRunsPk(areaId, connectorId), false, limit)) as ConnectorRunRecord[];
  }

  private async write(
    key: { pk: string; sk: string },
    record: object,
    expectedVersion: number | undefined,
    what: string,
    scheduleRead?: ScheduleRead,
  ): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    // A replacement on the version read and, when asked, on the schedule read (nextRunAt, or none).
    const onSchedule =
      expectedVersion === undefined || !scheduleRead
        ? ''
        : scheduleRead.nextRunAt === undefined
          ? ' AND attribute_not_exists(nextRunAt)'
          : ' AND nextRunAt = :nextRunAt';
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ...record, version },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : `version = :expected${onSchedule}`,
          ...(expectedVersion === undefined
            ? {}
            : {
                ExpressionAttributeValues: {
                  ':expected': expectedVersion,
                  ...(scheduleRead?.nextRunAt === undefined ? {} : { ':nextRunAt': scheduleRead.nextRunAt }),
                },
              }),
        }),
      );
      return version;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
      const currentVersion = current.Item ? Number(current.Item.version) : undefined;
      throw new ConnectorVersionConflictError(
        expectedVersion === undefined
          ? `${what} already exists`
          : currentVersion === expectedVersion
            ? `${what}: a scheduled run was claimed since it was read`
            : `${what} is at version ${currentVersion ?? 'none'}, not ${expectedVersion}`,
        currentVersion,
      );
    }
  }

  private async query(pk: string, ascending: boolean, limit?: number): Promise<object[]> {
    const items: object[] = [];
    let from: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: ascending,
          ExclusiveStartKey: from,
          ...(limit ? { Limit: limit - items.length } : {}),
        }),
      );
      for (const item of page.Items ?? []) items.push(strip(item));
      from = page.LastEvaluatedKey;
    } while (from && (limit === undefined || items.length < limit));
    return items;
  }
}

function strip(item: Record<string, unknown>): object {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record;
}
