import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '@partnership-hub/store';

/** Where a delivery waits for its next attempt: SQS in AWS, the hub table in the local run. */
export interface DeliveryQueue {
  enqueue(deliveryId: string, dueAt: Date): Promise<void>;
}

/** A queue that is polled rather than pushing: the local run's scheduler takes what is due. */
export interface PolledDeliveryQueue extends DeliveryQueue {
  /** Claims the deliveries due by `now`, each for one taker only. */
  takeDue(now: Date, limit?: number): Promise<string[]>;
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
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: DUE_PK, sk: `${dueAt.toISOString()}#${deliveryId}`, deliveryId } }),
    );
    for (const listener of this.listeners) listener();
  }

  /** Called after every enqueue, so a local worker can run at once instead of at its next tick. */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Claims the deliveries due by `now` (each claimed once: the delete is conditional). */
  async takeDue(now: Date, limit = 100): Promise<string[]> {
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
}
