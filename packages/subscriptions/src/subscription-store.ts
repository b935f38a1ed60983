import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, queryAll } from '@partnership-hub/store';
import type { IndexEntry, Subscription } from './model.ts';
import { SubscriptionChangedError, type SubscriptionStore } from './stores.ts';

const subscriptionKey = (id: string) => ({ pk: `SUB#${id}`, sk: 'SUB' });
const ownerPk = (managementTokenHash: string) => `OWNER#${managementTokenHash}`;

/**
 * Subscriptions in the hub table:
 *
 *   pk                         sk            what
 *   SUB#{id}                   SUB           the subscription (the source of truth)
 *   OWNER#{sha256 of token}    SUB#{id}      the subscriptions one management token manages
 *   SUBS#{area}#{key}          SUB#{id}      the index: one entry per key of an ACTIVE subscription (see index-keys.ts)
 *
 * Only active subscriptions are in the index, so a pending or disabled one can never match an
 * event. dynalite has no transactions, so the index is written after the record and removed
 * before it changes; the notifier re-reads each matched subscription, so a stale entry is harmless.
 */
export class DynamoDbSubscriptionStore implements SubscriptionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(subscription: Subscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...subscriptionKey(subscription.id), ...subscription },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    // The owner's link names only this subscription, so one already there (a retried create) is the same link.
    await ignoringConditionFailure(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: ownerPk(subscription.managementTokenHash), sk: `SUB#${subscription.id}`, subscriptionId: subscription.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (subscription.status === 'active') await this.writeIndex(subscription);
  }

  async get(id: string): Promise<Subscription | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: subscriptionKey(id), ConsistentRead: true }));
    return result.Item ? strip<Subscription>(result.Item) : undefined;
  }

  /** Whether any subscription is managed by this token hash. */
  async ownerExists(managementTokenHash: string): Promise<boolean> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': ownerPk(managementTokenHash) },
        Limit: 1,
      }),
    );
    return (page.Items ?? []).length > 0;
  }

  async listByOwner(managementTokenHash: string): Promise<Subscription[]> {
    const ids = (await queryAll(this.client, this.tableName, ownerPk(managementTokenHash))).map((item) => String(item.subscriptionId));
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found.filter((subscription): subscription is Subscription => subscription !== undefined);
  }

  /**
   * Replaces a subscription with its next state, provided nobody changed it since `previous` was
   * read, and moves its index entries to match: present exactly when the new state is active.
   */
  async replace(previous: Subscription, next: Subscription): Promise<void> {
    if (previous.status === 'active') await this.removeIndex(previous);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...subscriptionKey(next.id), ...next },
          ConditionExpression: 'attribute_exists(pk) AND updatedAt = :previous',
          ExpressionAttributeValues: { ':previous': previous.updatedAt },
        }),
      );
    } catch (error) {
      if (previous.status === 'active') await this.writeIndex(previous);
      if (isConditionalCheckFailed(error)) throw new SubscriptionChangedError(`Subscription ${next.id} changed meanwhile.`);
      throw error;
    }
    if (next.status === 'active') await this.writeIndex(next);
  }

  /**
   * Deletes a subscription whatever happened to it since it was read (the owner asked for it to
   * stop), but never blindly: the record goes only in the state it was read in, so a change made
   * meanwhile is read again and its index entries, which may be under other keys, go too.
   */
  async delete(subscription: Subscription): Promise<void> {
    let current: Subscription | undefined = subscription;
    for (let attempt = 0; current && attempt < MAX_DELETE_ATTEMPTS; attempt++) {
      await this.removeIndex(current);
      try {
        await this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: subscriptionKey(current.id),
            ConditionExpression: 'updatedAt = :read',
            ExpressionAttributeValues: { ':read': current.updatedAt },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        current = await this.get(subscription.id);
        continue;
      }
      break;
    }
    if (current && (await this.get(current.id)))
      throw new SubscriptionChangedError(`Subscription ${current.id} kept changing while being deleted.`);
    // The owner's link goes last: a crash before it leaves a link to nothing, which listing skips.
    await ignoringConditionFailure(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: ownerPk(subscription.managementTokenHash), sk: `SUB#${subscription.id}` },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  /** Every index entry under the given partitions (an event's candidates), each subscription once. */
  async candidates(partitions: readonly string[]): Promise<IndexEntry[]> {
    const pages = await Promise.all(partitions.map((partition) => this.readPartition(partition)));
    const byId = new Map<string, IndexEntry>();
    for (const entry of pages.flat()) byId.set(entry.subscriptionId, entry);
    return [...byId.values()];
  }

  private async readPartition(partition: string): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ExclusiveStartKey: startKey,
        }),
      );
      entries.push(...(page.Items ?? []).map(stripIndexEntry));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }

  private async writeIndex(subscription: Subscription): Promise<void> {
    const entry: IndexEntry = {
      subscriptionId: subscription.id,
      areaId: subscription.areaId,
      audience: subscription.audience,
      pattern: subscription.pattern,
    };
    // An entry written for a newer state of the subscription is never replaced by an older one.
    await Promise.all(
      subscription.indexKeys.map((pk) =>
        ignoringConditionFailure(
          this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk, sk: `SUB#${subscription.id}`, ...entry, updatedAt: subscription.updatedAt },
              ConditionExpression: 'attribute_not_exists(pk) OR updatedAt <= :updatedAt',
              ExpressionAttributeValues: { ':updatedAt': subscription.updatedAt },
            }),
          ),
        ),
      ),
    );
  }

  private async removeIndex(subscription: Subscription): Promise<void> {
    await Promise.all(
      subscription.indexKeys.map((pk) =>
        ignoringConditionFailure(
          this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: { pk, sk: `SUB#${subscription.id}` },
              ConditionExpression: 'attribute_exists(pk)',
            }),
          ),
        ),
      ),
    );
  }
}

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, expiresAt: _e, ...rest } = item;
  return rest as T;
}

function stripIndexEntry(item: Record<string, unknown>): IndexEntry {
  const { updatedAt: _u, ...entry } = strip<IndexEntry & { updatedAt?: string }>(item);
  return entry;
}

/** How often a delete reads a subscription that changed under it again before giving up. */
const MAX_DELETE_ATTEMPTS = 5;

/** For writes whose condition only says "already done": an idempotent retry is not an error. */
async function ignoringConditionFailure(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}
