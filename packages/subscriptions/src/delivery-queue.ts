import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '@partnership-hub/store';

/** Where a delivery waits for its next attempt: SQS in AWS, the hub table in the local run. */
export interface DeliveryQueue {
  enqueue(deliveryId: string, dueAt: Date): Promise<void>;
}

/** A queue that is polled rather than pushing: the local run's scheduler takes what is due. */
export interface PolledDeliveryQueue extends DeliveryQueue {
  /**
   * Claims the deliveries due by `now`, each for one taker only. With `leaseUntil`, each one claimed
   * stays queued, due again then, until `release` says its attempt is over (as SQS keeps a message
   * until it is deleted): a taker killed mid-attempt loses nothing.
   */
  takeDue(now: Date, limit?: number, leaseUntil?: Date): Promise<string[]>;
  /** The attempt at a delivery taken with `leaseUntil` is over: it is no longer queued for then. */
  release(deliveryId: string, leaseUntil: Date): Promise<void>;
}

const DUE_PK = 'DUE#deliveries';

/**
 * The local run's durable scheduler: each waiting delivery is an item under one partition,
 * sorted by due time, and a timer takes those that are due. It is in the table, so a restart
 * loses nothing. (One partition is plenty for one machine; AWS uses SQS instead.)
 */
export class TableDeliveryQueue implements PolledDeliveryQueue {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async enqueue(deliveryId: string, dueAt: Date): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: DUE_PK, sk: dueKey(dueAt, deliveryId), deliveryId } }));
    for (const listener of this.listeners) listener();
  }

  /** Called after every enqueue, so a local worker can run at once instead of at its next tick. */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Claims the deliveries due by `now` (each claimed once: the delete is conditional). The lease is
   * written before the delete, so that there is no moment at which a claimed delivery is queued
   * nowhere; a lease written by a taker that then lost the claim only brings a spare attempt, which
   * finds the delivery taken.
   */
  async takeDue(now: Date, limit = 100, leaseUntil?: Date): Promise<string[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk <= :now',
        ExpressionAttributeValues: { ':pk': DUE_PK, ':now': `${now.toISOString()}#~` },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const claims = await Promise.all(
      (page.Items ?? []).map(async (item) => {
        if (leaseUntil)
          await this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk: DUE_PK, sk: dueKey(leaseUntil, item.deliveryId), deliveryId: item.deliveryId },
            }),
          );
        try {
          await this.client.send(
            new DeleteCommand({ TableName: this.tableName, Key: { pk: DUE_PK, sk: item.sk }, ConditionExpression: 'attribute_exists(pk)' }),
          );
          return String(item.deliveryId);
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
          return undefined;
        }
      }),
    );
    return claims.filter((id): id is string => id !== undefined);
  }

  async release(deliveryId: string, leaseUntil: Date): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: DUE_PK, sk: dueKey(leaseUntil, deliveryId) } }));
  }
}

const dueKey = (dueAt: Date, deliveryId: string) => `${dueAt.toISOString()}#${deliveryId}`;
