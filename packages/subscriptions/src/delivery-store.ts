import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, queryAll } from '@partnership-hub/store';
import type { Delivery } from './model.ts';
import type { DeliveryStore, DigestEntry, WaitingDigest } from './stores.ts';

const deliveryKey = (id: string) => ({ pk: `DELIVERY#${id}`, sk: 'DELIVERY' });
const DIGESTS_PENDING = 'DIGESTS#pending';
const digestPk = (subscriptionId: string) => `DIGEST#${subscriptionId}`;
/** Deliveries are kept a while after their last attempt, for owners and operators to look at, then expire (table TTL). */
const KEEP_SECONDS = 35 * 24 * 3600;

/**
 * Deliveries and daily-digest entries in the hub table:
 *
 *   pk                      sk                        what
 *   DELIVERY#{id}           DELIVERY                  one message to one subscription, with its attempts
 *   DIGEST#{subscription}   {occurredAt}#{eventId}    a change waiting for tomorrow's digest
 *   DIGESTS#pending         {subscription}            which subscriptions have a digest waiting
 */
export class DynamoDbDeliveryStore implements DeliveryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Stores a new delivery; answers false if one with this id exists (a duplicate event). */
  async create(delivery: Delivery): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: this.item(delivery), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<Delivery | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: deliveryKey(id), ConsistentRead: true }));
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, expiresAt: _e, ...delivery } = result.Item;
    return delivery as Delivery;
  }

  /** Records an attempt, provided no other worker recorded one since `attemptsBefore` (at-least-once queues deliver twice). */
  async save(delivery: Delivery, attemptsBefore: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(delivery),
          ConditionExpression: 'attempts = :before',
          ExpressionAttributeValues: { ':before': attemptsBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Adds a change to tomorrow's digest; the same event added twice (a redelivery) is there once. */
  async addDigestEntry(subscriptionId: string, entry: DigestEntry): Promise<void> {
    await this.putIfAbsent({
      pk: digestPk(subscriptionId),
      sk: `${entry.occurredAt}#${entry.eventId}`,
      ...entry,
      expiresAt: this.expiry(),
    });
    await this.putIfAbsent({ pk: DIGESTS_PENDING, sk: subscriptionId });
  }

  /**
   * Takes the digests waiting: each subscription's marker is removed BEFORE its entries are read,
   * so an entry added meanwhile puts the marker back and is sent with the next digest, not lost.
   */
  async takeDigests(): Promise<WaitingDigest[]> {
    const markers = await queryAll(this.client, this.tableName, DIGESTS_PENDING);
    const digests: WaitingDigest[] = [];
    for (const marker of markers) {
      const subscriptionId = String(marker.sk);
      await this.deleteIfPresent({ pk: DIGESTS_PENDING, sk: subscriptionId });
      const items = await queryAll(this.client, this.tableName, digestPk(subscriptionId));
      for (const item of items) await this.deleteIfPresent({ pk: item.pk, sk: item.sk });
      const entries = items.map(({ occurredAt, eventId, data }) => ({ occurredAt, eventId, data }) as DigestEntry);
      if (entries.length > 0) digests.push({ subscriptionId, entries });
    }
    return digests;
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<void> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error; // already there: the write was done before
    }
  }

  private async deleteIfPresent(key: Record<string, unknown>): Promise<void> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error; // already gone: another taker had it
    }
  }

  private item(delivery: Delivery) {
    return { ...deliveryKey(delivery.id), ...delivery, expiresAt: this.expiry() };
  }

  private expiry(): number {
    return Math.floor(this.clock().getTime() / 1000) + KEEP_SECONDS;
  }
}
