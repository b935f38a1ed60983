import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Audience, type RecordOf, readStoredRecord, type ViewRecord } from '@partnership-hub/domain';
import type { SubjectType } from '@partnership-hub/events';
import { AREAS_PK, areaDirectorySk, jointPk, viewPk, viewSk } from '../keys.ts';
import {
  type AreaEntry,
  byAreaName,
  type JointInputs,
  type JointViewTag,
  jointViewContentTag,
  type StoredJointView,
  type StoredTrackerList,
  storedJointView,
  type ViewStore,
} from '../view-store.ts';
import { conditionally, isConditionalCheckFailed } from './conditions.ts';
import { queryAll } from './items.ts';

/**
 * The projections on DynamoDB: each area's records in one partition (`VIEW#{area}`), its joint
 * views and their revision counter in another (`JOINT#{area}`). Every put is conditional on the
 * stored version or revision being older.
 */
/**
 * Compression on libuv's thread pool rather than the event loop: a large area's joint inputs are
 * hundreds of KB of JSON, and compressing them synchronously held up every other request and
 * delivery sharing the process (all of them, in the local run) for tens of milliseconds a fold.
 */
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

export class DynamoDbViewStore implements ViewStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a record unless the stored one is as new or newer. Answers whether it was stored. */
  async put(record: ViewRecord): Promise<boolean> {
    const stored = await this.putNewer({ pk: viewPk(record.areaId), sk: viewSk(record), ...record });
    // An area is also listed in the directory, gated on version the same way. Written whatever the
    // record's own put answered, so a delivery again mends a directory entry a failure left out.
    if (record.subjectType === 'area')
      await this.putNewer({
        pk: AREAS_PK,
        sk: areaDirectorySk(record.areaId),
        areaId: record.areaId,
        name: record.state.name,
        version: record.version,
      });
    return stored;
  }

  /** Puts an item unless the stored one is as new or newer; answers whether it was put. */
  private async putNewer(item: Record<string, unknown> & { version: number }): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': item.version },
        }),
      ),
    );
  }

  async areas(): Promise<AreaEntry[]> {
    const entries: AreaEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': AREAS_PK },
          ExclusiveStartKey: startKey,
        }),
      );
      entries.push(...(page.Items ?? []).map((item) => ({ areaId: String(item.areaId), name: String(item.name) })));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries.sort(byAreaName);
  }

  async get<T extends SubjectType>(
    areaId: string,
    subjectType: T,
    organisationId: string | null,
    id: string,
  ): Promise<RecordOf<T> | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: viewPk(areaId), sk: viewSk({ subjectType, organisationId, id }) } }),
    );
    return result.Item ? stripKeys<RecordOf<T>>(result.Item) : undefined;
  }

  /** Every record of an area, or those of one type (and one organisation), read consistently. */
  async list<T extends SubjectType>(areaId: string, filter?: { subjectType: T; organisationId?: string }): Promise<RecordOf<T>[]> {
    const prefix = filter
      ? filter.organisationId
        ? `${filter.subjectType}#${filter.organisationId}#`
        : `${filter.subjectType}#`
      : undefined;
    return (await queryAll(this.client, this.tableName, viewPk(areaId), prefix)).map((item) => stripKeys<RecordOf<T>>(item));
  }

  /** The area's revision alone: the item also holds the joint inputs, which a conditional GET has no use for. */
  async latestJointRevision(areaId: string): Promise<number> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: jointPk(areaId), sk: 'revision' },
        ConsistentRead: true,
        ProjectionExpression: 'revision',
      }),
    );
    return Number(result.Item?.revision ?? 0);
  }

  /**
   * The folded records live on the revision counter's item (`JOINT#{area}` / `revision`), so that
   * the revision and what it numbers are read, and written, together.
   */
  async jointInputs(areaId: string): Promise<JointInputs> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: jointPk(areaId), sk: 'revision' }, ConsistentRead: true }),
    );
    const gz = result.Item?.gz as Uint8Array | undefined;
    return {
      revision: Number(result.Item?.revision ?? 0),
      records: gz ? (JSON.parse((await gunzip(gz)).toString('utf8')) as ViewRecord[]) : undefined,
    };
  }

  /**
   * Conditional on the revision read: of two writers folding at once, the second is refused and
   * folds again on top of the first. Gzipped, like the joint views: a few hundred bytes a record
   * as JSON, far less compressed, so a 2,000-item area stays far below the 400 KB item limit.
   */
  async putJointInputs(
    areaId: string,
    expected: number,
    records: readonly ViewRecord[],
    encoded: string | Uint8Array = JSON.stringify(records),
  ): Promise<number | undefined> {
    const revision = expected + 1;
    const gz = typeof encoded === 'string' ? await gzip(encoded) : encoded;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: jointPk(areaId), sk: 'revision', revision, gz },
          ConditionExpression: expected === 0 ? 'attribute_not_exists(pk)' : 'revision = :expected',
          ...(expected === 0 ? {} : { ExpressionAttributeValues: { ':expected': expected } }),
        }),
      );
      return revision;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  /**
   * Stores a rebuilt joint view unless a later rebuild is already there. The JSON is stored
   * gzipped: a joint view is tens of KB of repetitive JSON, and every change rewrites it, so
   * compression cuts its write units about eightfold and keeps it far below the 400 KB item limit.
   */
  async putJointView(areaId: string, audience: Audience, revision: number, body: string | Uint8Array, asOf: string): Promise<boolean> {
    const gz = typeof body === 'string' ? await gzip(body) : body;
    return this.putAtRevision({ pk: jointPk(areaId), sk: `view#${audience}`, revision, asOf, gz, contentTag: jointViewContentTag(gz) });
  }

  /** The joint view as stored: gzipped JSON, ready to send to a client that accepts gzip, or its text. */
  async jointView(areaId: string, audience: Audience): Promise<StoredJointView | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: jointPk(areaId), sk: `view#${audience}` } }),
    );
    return result.Item
      ? storedJointView(
          Number(result.Item.revision),
          result.Item.gz as Uint8Array,
          result.Item.asOf as string | undefined,
          result.Item.contentTag as string | undefined,
        )
      : undefined;
  }

  /** Only the revision, date and content tag: a conditional GET needs no body, and the read carries none. */
  async jointViewTag(areaId: string, audience: Audience): Promise<JointViewTag | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: jointPk(areaId), sk: `view#${audience}` },
        ProjectionExpression: 'revision, asOf, contentTag',
      }),
    );
    return result.Item
      ? {
          revision: Number(result.Item.revision),
          asOf: result.Item.asOf as string | undefined,
          contentTag: result.Item.contentTag as string | undefined,
        }
      : undefined;
  }

  /**
   * Beside the joint views (`JOINT#{area}` / `tracker#{audience}`), gzipped like them: a row is
   * about 250 bytes of JSON, so 500 requests are about 125 KB as text (below the 400 KB item limit
   * even so), and their repeated field names and values compress to a few KB.
   */
  async putTrackerList(areaId: string, audience: Audience, revision: number, body: string): Promise<boolean> {
    return this.putAtRevision({ pk: jointPk(areaId), sk: `tracker#${audience}`, revision, gz: await gzip(body) });
  }

  /** Writes an item made at an area's revision unless one made at the same or a later revision is there: false when one is. */
  private async putAtRevision(item: { pk: string; sk: string; revision: number } & Record<string, unknown>): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
          ExpressionAttributeValues: { ':revision': item.revision },
        }),
      ),
    );
  }

  async trackerList(areaId: string, audience: Audience): Promise<StoredTrackerList | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: jointPk(areaId), sk: `tracker#${audience}` } }),
    );
    return result.Item
      ? { revision: Number(result.Item.revision), body: (await gunzip(result.Item.gz as Uint8Array)).toString('utf8') }
      : undefined;
  }
}

function stripKeys<T extends ViewRecord>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...record } = item;
  return readStoredRecord(record as unknown as T);
}
