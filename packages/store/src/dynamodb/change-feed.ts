import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type HubEvent, parseHubEvent } from '@partnership-hub/events';
import type { ChangeFeed, FeedEntry, PublicView } from '../change-feed.ts';
import { conditionally } from './conditions.ts';

interface SlotItem {
  pk: string;
  sk: string;
  sequence: number;
  eventId: string;
  detailType: string;
  detail: string;
  publicView: PublicView;
  linksChanged?: string[];
}

export const feedPk = (areaId: string) => `FEED#${areaId}`;
export const feedSlotSk = (sequence: number) => `seq#${String(sequence).padStart(10, '0')}`;
const MARKER_PREFIX = 'event#';
const markerSk = (eventId: string) => `${MARKER_PREFIX}${eventId}`;
const SLOT_PREFIX = 'seq#';

/**
 * How long an append keeps trying for a slot before giving up (the delivery is then retried), unless
 * told otherwise. Appenders of one area race for one slot at a time; those that lose wait a short
 * random time before the next try, so a burst of events does not turn into a stampede on the same slot.
 */
const APPEND_PATIENCE_MS = 10_000;
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** Math.min(attempt, 6))));

/**
 * Each area's change feed on DynamoDB, in the area's partition:
 *
 *   pk            sk                    what
 *   FEED#{area}   seq#{10 digits}       one slot: the event at that place in the area's order
 *   FEED#{area}   event#{eventId}       the claim: which slot the event has (or is taking)
 *
 * A slot is taken by a conditional put of the next number (attribute_not_exists): two appenders
 * racing for the same number cannot both win, and the loser re-reads the last slot and tries the
 * next one. Slot N+1 is only ever tried by an appender that read slot N, so the slots that exist
 * are always 1..M: a consistent reader never sees N+1 before N.
 *
 * Exactly once per event: before taking a slot, the appender claims it in the event's marker
 * (`event#{id}` -> sequence, written with attribute_not_exists). A redelivery finds the claim and
 * only finishes the job: if the claimed slot holds the event, there is nothing to do; if it is
 * empty (the first attempt crashed between claim and slot), it writes it; if another event took
 * that number meanwhile, it moves the claim (conditionally, from the number it saw) to the next
 * free slot. A slot is written only at the number the claim holds, and a claim moves only away
 * from a number another event holds, so an event can never sit in two slots: duplicates are
 * avoided rather than dropped on read. The one window left: a crash after the claim and before
 * the slot leaves the event out of the feed until its redelivery (Lambda's retries, then the
 * dead-letter queue's redrive) completes it.
 */
export class DynamoDbChangeFeed implements ChangeFeed {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: { appendPatienceMs?: number } = {},
  ) {}

  /**
   * Appends an event to its area's feed once, however often it is delivered. Answers the
   * sequence number it has, and whether this call added it.
   */
  async append(
    event: HubEvent,
    publicView: PublicView,
    linksChanged?: readonly string[],
  ): Promise<{ sequence: number; appended: boolean }> {
    const { areaId, eventId } = event.detail;
    let claimed = await this.claimOf(areaId, eventId);
    if (claimed === undefined) {
      const next = (await this.lastSequence(areaId)) + 1;
      if (await this.putClaim(areaId, eventId, next)) claimed = next;
      else claimed = (await this.claimOf(areaId, eventId))!;
    }
    const patience = this.options.appendPatienceMs ?? APPEND_PATIENCE_MS;
    const giveUpAt = Date.now() + patience;
    for (let attempt = 0; Date.now() < giveUpAt; attempt++) {
      const holder = await this.slotHolder(areaId, claimed);
      if (holder === eventId) return { sequence: claimed, appended: false };
      if (holder === undefined) {
        if (await this.putSlot(event, claimed, publicView, linksChanged)) return { sequence: claimed, appended: true };
        await backOff(attempt);
        continue; // someone took it a moment ago: see who
      }
      // Another event holds the claimed number: move the claim to the next free slot.
      const next = (await this.lastSequence(areaId)) + 1;
      if (!(await this.moveClaim(areaId, eventId, claimed, next))) {
        claimed = (await this.claimOf(areaId, eventId))!;
        continue;
      }
      claimed = next;
    }
    throw new Error(`Could not find a slot in ${areaId}'s change feed for ${eventId} within ${patience} ms; the delivery will be retried`);
  }

  /** The highest sequence number of an area's feed (0 when empty). */
  async lastSequence(areaId: string): Promise<number> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': feedPk(areaId), ':prefix': SLOT_PREFIX },
        ProjectionExpression: '#sequence',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Number(result.Items?.[0]?.sequence ?? 0);
  }

  /**
   * Entries after `after`, in order, read consistently. `accept` filters (e.g. the public view);
   * `examined` is the last sequence number looked at, accepted or not, so a reader's cursor moves
   * past entries it may not see. Reads on until `limit` entries are accepted or the feed ends.
   */
  async read(
    areaId: string,
    after: number,
    limit: number,
    accept: (entry: FeedEntry) => boolean = () => true,
  ): Promise<{ entries: FeedEntry[]; examined: number }> {
    const entries: FeedEntry[] = [];
    let examined = after;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': feedPk(areaId), ':from': feedSlotSk(after + 1), ':to': `${SLOT_PREFIX}~` },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          // Read a little more than asked: some entries may be filtered out.
          Limit: Math.min(1000, limit + 10),
        }),
      );
      for (const item of (page.Items ?? []) as SlotItem[]) {
        const entry = toEntry(item);
        examined = entry.sequence;
        if (accept(entry)) entries.push(entry);
        if (entries.length >= limit) return { entries, examined };
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { entries, examined };
  }

  /** One entry by its event id, or undefined when it is not (yet) in the feed. */
  async byEventId(areaId: string, eventId: string): Promise<FeedEntry | undefined> {
    const sequence = await this.claimOf(areaId, eventId);
    if (sequence === undefined) return undefined;
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: feedPk(areaId), sk: feedSlotSk(sequence) }, ConsistentRead: true }),
    );
    const item = result.Item as SlotItem | undefined;
    return item && item.eventId === eventId ? toEntry(item) : undefined;
  }

  /** Every claim of an area's feed: one Query of the markers in the area's partition, page after page. */
  async claims(areaId: string): Promise<Map<string, number>> {
    const claims = new Map<string, number>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': feedPk(areaId), ':prefix': MARKER_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) claims.set(String(item.sk).slice(MARKER_PREFIX.length), Number(item.sequence));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return claims;
  }

  /**
   * Writes the lost claim of an entry that is in the feed. The slot is read first and the claim
   * written only where none is (attribute_not_exists); without transactions the two cannot be one
   * write, which is why this is for a feed no appender is writing to.
   */
  async restoreClaim(areaId: string, eventId: string, sequence: number): Promise<boolean> {
    if ((await this.slotHolder(areaId, sequence)) !== eventId) return false;
    return this.putClaim(areaId, eventId, sequence);
  }

  private async claimOf(areaId: string, eventId: string): Promise<number | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: feedPk(areaId), sk: markerSk(eventId) }, ConsistentRead: true }),
    );
    return result.Item ? Number(result.Item.sequence) : undefined;
  }

  private async slotHolder(areaId: string, sequence: number): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: feedPk(areaId), sk: feedSlotSk(sequence) },
        ProjectionExpression: 'eventId',
        ConsistentRead: true,
      }),
    );
    return result.Item ? String(result.Item.eventId) : undefined;
  }

  private async putClaim(areaId: string, eventId: string, sequence: number): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: feedPk(areaId), sk: markerSk(eventId), sequence },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  private async moveClaim(areaId: string, eventId: string, from: number, to: number): Promise<boolean> {
    return conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: feedPk(areaId), sk: markerSk(eventId) },
          UpdateExpression: 'SET #sequence = :to',
          ConditionExpression: '#sequence = :from',
          ExpressionAttributeNames: { '#sequence': 'sequence' },
          ExpressionAttributeValues: { ':from': from, ':to': to },
        }),
      ),
    );
  }

  private async putSlot(event: HubEvent, sequence: number, publicView: PublicView, linksChanged?: readonly string[]): Promise<boolean> {
    const item: SlotItem = {
      pk: feedPk(event.detail.areaId),
      sk: feedSlotSk(sequence),
      sequence,
      eventId: event.detail.eventId,
      detailType: event.detailType,
      detail: JSON.stringify(event.detail),
      publicView,
      ...(linksChanged ? { linksChanged: [...linksChanged] } : {}),
    };
    return conditionally(
      this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
  }
}

function toEntry(item: SlotItem): FeedEntry {
  return {
    sequence: Number(item.sequence),
    event: parseHubEvent(item.detailType, JSON.parse(item.detail)),
    publicView: item.publicView,
    ...(item.linksChanged ? { linksChanged: [...item.linksChanged] } : {}),
  };
}
