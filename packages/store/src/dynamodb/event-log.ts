import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type StreamHead, toViewRecord, VersionConflictError } from '@partnership-hub/domain';
import { type HubEvent, parseHubEvent } from '@partnership-hub/events';
import { DEFAULT_OUTBOX_READ, type EventLog, outboxPosition } from '../event-log.ts';
import { logPk, logSk, type SubjectRef, subjectRef } from '../keys.ts';
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

  /**
   * Events appended before `before` (ISO time) and still not published, oldest first. A Query
   * answers at most 1 MB, which can be fewer events than asked for while more wait: the index is
   * read on until `limit` events are found or none are left.
   */
  async unpublished(before: string, limit = DEFAULT_OUTBOX_READ): Promise<HubEvent[]> {
    const events: HubEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: hubTable.outboxIndex.name,
          KeyConditionExpression: 'outboxPk = :pending AND outboxSk < :before',
          ExpressionAttributeValues: { ':pending': PENDING, ':before': before },
          Limit: limit - events.length,
          ExclusiveStartKey: startKey,
        }),
      );
      events.push(...(page.Items ?? []).map((item) => toEvent(item as LogItem)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && events.length < limit);
    return events;
  }
}

/**
 * The event an event log item holds, e.g. the new image of a stream record (unmarshalled): parsed
 * by the catalogue's schema for its detail-type, so nothing malformed goes further. Throws for an
 * item that is not a stored event.
 */
export function eventFromLogItem(item: Record<string, unknown>): HubEvent {
  const { detailType, detail } = item;
  if (typeof detailType !== 'string' || typeof detail !== 'string') {
    throw new TypeError(`not an event log item: ${JSON.stringify({ pk: item.pk, sk: item.sk })}`);
  }
  return parseHubEvent(detailType, JSON.parse(detail));
}

function toEvent(item: LogItem): HubEvent {
  // Stored events were validated on append; parsing again keeps the type honest and catches
  // an item edited by hand.
  return eventFromLogItem({ ...item });
}
