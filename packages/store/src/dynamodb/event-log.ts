import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type RecordOf, type StreamHead, toViewRecord, VersionConflictError } from '@partnership-hub/domain';
import { type HubEvent, parseHubEvent, type SubjectType } from '@partnership-hub/events';
import pMap from 'p-map';
import { DEFAULT_AREA_EVENTS_PAGE, DEFAULT_OUTBOX_READ, type EventLog, type HeadGuess, outboxPosition } from '../event-log.ts';
import { LOG_PK_PREFIX, logAreaPrefix, logPk, logPkParts, logSk, type SubjectRef, subjectRef } from '../keys.ts';
import { isConditionalCheckFailed } from './conditions.ts';
import { hubTable } from './table.ts';

const PENDING = 'pending';

/** BatchGetItem takes at most 100 keys a request. */
const BATCH_GET_KEYS = 100;
/** Batched reads, and head queries for wrong guesses, in flight at once for one `heads` call. */
const HEADS_CONCURRENCY = 4;
/** Rounds of asking again for the keys a BatchGetItem left unprocessed (throttling) before those subjects are queried one by one. */
const UNPROCESSED_ROUNDS = 3;
const pauseBeforeRound = (round: number) => new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round * (0.5 + Math.random() / 2)));

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
    const event = await this.latest(ref);
    return event && toHead<TState>(event);
  }

  /** The record the latest event makes: the same one consistent query as `head`. */
  async current<T extends SubjectType>(ref: SubjectRef & { subjectType: T }): Promise<RecordOf<T> | undefined> {
    const event = await this.latest(ref);
    return event && (toViewRecord(event) as RecordOf<T>);
  }

  /** The newest event of a subject's stream: one consistent query of its partition, newest first, for one item. */
  private async latest(ref: SubjectRef): Promise<HubEvent | undefined> {
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
    return item && toEvent(item);
  }

  /**
   * The heads of many subjects, confirmed with batched consistent reads of known keys: for a
   * subject believed at version n, the items of versions n and n+1. Version n there and n+1
   * absent means n is the head, because a stream has no gaps (see EventLog); a guess of 0 is
   * confirmed by version 1 being absent (no stream). The head comes from the log item read, never
   * from where the guess came from. Any other answer (the guess was behind, or ahead), or a key
   * DynamoDB kept leaving unprocessed, costs that subject the same query `head` makes.
   */
  async heads<TState>(subjects: readonly HeadGuess[]): Promise<(StreamHead<TState> | undefined)[]> {
    const read = await this.readVersions(
      subjects.map(({ ref, believedVersion }) => ({ ref, version: believedVersion })),
      false,
    );
    const heads: (StreamHead<TState> | undefined)[] = new Array(subjects.length);
    const unconfirmed: number[] = [];
    read.forEach(({ confirmed, at }, index) => {
      if (!confirmed) unconfirmed.push(index);
      else heads[index] = at ? toHead<TState>(toEvent(at)) : undefined;
    });
    await pMap(
      unconfirmed,
      async (index) => {
        heads[index] = await this.head<TState>(subjects[index]!.ref);
      },
      { concurrency: HEADS_CONCURRENCY },
    );
    return heads;
  }

  /** The same batched reads as `heads`, of the keys alone (no event is read or parsed); no query for an answer of false. */
  async isHead(subjects: readonly { ref: SubjectRef; version: number }[]): Promise<boolean[]> {
    return (await this.readVersions(subjects, true)).map(({ confirmed }) => confirmed);
  }

  /**
   * For each subject, reads versions n and n+1 (only 1 when n is 0) in BatchGetItems of up to 100
   * keys, HEADS_CONCURRENCY at once: `confirmed` when n is there (or 0) and n+1 is not, and no
   * key of the subject stayed unprocessed; `at` is version n's item (its keys alone if `keysOnly`).
   */
  private async readVersions(
    subjects: readonly { ref: SubjectRef; version: number }[],
    keysOnly: boolean,
  ): Promise<{ confirmed: boolean; at: LogItem | undefined }[]> {
    const wanted = new Map<string, { pk: string; sk: string }>();
    const want = (pk: string, version: number) => wanted.set(`${pk}|${logSk(version)}`, { pk, sk: logSk(version) });
    for (const { ref, version } of subjects) {
      const pk = logPk(ref);
      if (version > 0) want(pk, version);
      want(pk, version + 1);
    }
    const keys = [...wanted.values()];
    const batches: { pk: string; sk: string }[][] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) batches.push(keys.slice(start, start + BATCH_GET_KEYS));
    const found = new Map<string, LogItem>();
    const unread = new Set<string>();
    await pMap(
      batches,
      async (batch) => {
        const result = await this.batchGet(batch, keysOnly);
        for (const item of result.items) found.set(`${item.pk}|${item.sk}`, item);
        for (const key of result.unprocessed) unread.add(key.pk);
      },
      { concurrency: HEADS_CONCURRENCY },
    );
    return subjects.map(({ ref, version }) => {
      const pk = logPk(ref);
      const at = version > 0 ? found.get(`${pk}|${logSk(version)}`) : undefined;
      const next = found.get(`${pk}|${logSk(version + 1)}`);
      return { confirmed: !unread.has(pk) && next === undefined && (version === 0 || at !== undefined), at };
    });
  }

  /** One BatchGetItem of up to 100 log keys, read consistently; keys still unprocessed after a few rounds are answered as such. */
  private async batchGet(
    keys: { pk: string; sk: string }[],
    keysOnly: boolean,
  ): Promise<{ items: LogItem[]; unprocessed: { pk: string; sk: string }[] }> {
    const items: LogItem[] = [];
    let pending = keys;
    for (let round = 0; pending.length > 0 && round <= UNPROCESSED_ROUNDS; round++) {
      if (round > 0) await pauseBeforeRound(round);
      const result = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: { Keys: pending, ConsistentRead: true, ...(keysOnly ? { ProjectionExpression: 'pk, sk' } : {}) },
          },
        }),
      );
      items.push(...((result.Responses?.[this.tableName] ?? []) as LogItem[]));
      pending = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as { pk: string; sk: string }[];
    }
    return { items, unprocessed: pending };
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
          ExpressionAttributeValues: { ':log': LOG_PK_PREFIX, ':first': logSk(1) },
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

function toHead<TState>(event: HubEvent): StreamHead<TState> {
  return { version: event.detail.subject.version, detailType: event.detailType, state: toViewRecord(event).state as TState };
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
