import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type StreamHead, toViewRecord, VersionConflictError } from '@partnership-hub/domain';
import { type HubEvent, parseHubEvent } from '@partnership-hub/events';
import { DEFAULT_AREA_EVENTS_PAGE, DEFAULT_OUTBOX_READ, type EventLog, outboxPosition } from '../event-log.ts';
import { logAreaPrefix, logPk, logPkParts, logSk, type SubjectRef, subjectRef } from '../keys.ts';
import { isConditionalCheckFailed } from './conditions.ts';
import { hubTable } from './table.ts';

const PENDING = 'pending';

interface LogItem {
  pk: string;
  sk: string;
  detailType: string;
  detail: string;
  eventId: string;
  occurredAt: string;
  outboxPk?: string;
  outboxSk?: string;
}

/**
 * The event log on DynamoDB. Each subject's stream is one partition; an append is a conditional
 * put of the next version (attribute_not_exists), so two writers racing for the same version
 * cannot both win. An appended event carries the keys of the sparse `outbox` index until it has
 * been published.
 */
export class DynamoDbEventLog implements EventLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The latest event of a subject's stream, read consistently (decisions depend on it). */
  async head<TState>(ref: SubjectRef): Promise<StreamHead<TState> | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': logPk(ref) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0] as LogItem | undefined;
    if (!item) return undefined;
    const event = toEvent(item);
    return { version: event.detail.subject.version, detailType: event.detailType, state: toViewRecord(event).state as TState };
  }

  /** Every event of a subject, oldest first: the history of the subject. */
  async stream(ref: SubjectRef): Promise<HubEvent[]> {
    const events: HubEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': logPk(ref) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      events.push(...(page.Items ?? []).map((item) => toEvent(item as LogItem)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  /** One event, or undefined. */
  async get(ref: SubjectRef, version: number): Promise<HubEvent | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: logPk(ref), sk: logSk(version) }, ConsistentRead: true }),
    );
    return result.Item ? toEvent(result.Item as LogItem) : undefined;
  }

  /**
   * Appends an event as the next version of its subject. The event is validated against its
   * schema first, so nothing malformed is ever stored. Throws VersionConflictError when the
   * version is already taken (a concurrent write won).
   */
  async append(event: HubEvent): Promise<void> {
    const checked = parseHubEvent(event.detailType, event.detail);
    const { detail } = checked;
    const item: LogItem = {
      pk: logPk(subjectRef(detail)),
      sk: logSk(detail.subject.version),
      detailType: checked.detailType,
      detail: JSON.stringify(detail),
      eventId: detail.eventId,
      occurredAt: detail.occurredAt,
      outboxPk: PENDING,
      outboxSk: outboxPosition(checked),
    };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new VersionConflictError(
          `${detail.subject.type} ${detail.subject.id} was changed by someone else at the same time: fetch it again and reapply your change`,
          // The current version is not known here (it may have moved on again), so none is claimed.
          undefined,
        );
      }
      throw error;
    }
  }

  /** Takes a published event out of the outbox. Publishing twice is harmless; this only saves work. */
  async markPublished(event: HubEvent): Promise<void> {
    const { detail } = event;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: logPk(subjectRef(detail)), sk: logSk(detail.subject.version) },
          UpdateExpression: 'REMOVE outboxPk, outboxSk',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Events appended before `before` (ISO time) and still not published, oldest first. */
  async unpublished(before: string, limit = DEFAULT_OUTBOX_READ): Promise<HubEvent[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: hubTable.outboxIndex.name,
        KeyConditionExpression: 'outboxPk = :pending AND outboxSk < :before',
        ExpressionAttributeValues: { ':pending': PENDING, ':before': before },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => toEvent(item as LogItem));
  }

  /**
   * Every event of an area, a page at a time, in no set order. The log is partitioned by subject
   * (one partition per stream) and has no index by area, so this is a paginated Scan of the whole
   * table keeping the items whose key begins with the area's prefix. That is acceptable for an
   * administrator's tool run now and then (`npm run rebuild`, on a stopped local hub); an index by
   * area would cost a write on every append for a read that almost never happens.
   */
  async *areaEvents(areaId: string, { pageSize = DEFAULT_AREA_EVENTS_PAGE }: { pageSize?: number } = {}): AsyncIterable<HubEvent[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': logAreaPrefix(areaId) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          // The limit counts the items read before the filter: a page holds at most this many events, often fewer.
          Limit: pageSize,
        }),
      );
      const events = (page.Items ?? []).map((item) => toEvent(item as LogItem));
      if (events.length > 0) yield events;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** The areas registered in the log: a Scan for the first version of every stream, for the same reason as areaEvents. */
  async areas(): Promise<string[]> {
    const areas = new Set<string>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :log) AND sk = :first',
          ExpressionAttributeValues: { ':log': 'LOG#', ':first': logSk(1) },
          ProjectionExpression: 'pk',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const parts = logPkParts(String(item.pk));
        if (parts?.subjectType === 'area') areas.add(parts.areaId);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return [...areas].sort();
  }
}

function toEvent(item: LogItem): HubEvent {
  // Stored events were validated on append; parsing again keeps the type honest and catches
  // an item edited by hand.
  return parseHubEvent(item.detailType, JSON.parse(item.detail));
}
