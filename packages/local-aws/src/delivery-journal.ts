import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { DeliveryJournal, EventBridgeEvent, JournalEntry } from './eventbridge.ts';

/**
 * The local bus's journal in a DynamoDB table (the local run's own, on dynalite), so accepted
 * deliveries outlive the process exactly as the hub's data does.
 *
 *   pk                     sk                       what
 *   LOCALBUS#{bus name}    {rule}#{bus event id}    one accepted, unfinished delivery (the event as JSON)
 */
export class DynamoDbDeliveryJournal implements DeliveryJournal {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly busName: string,
  ) {}

  async record(entries: readonly JournalEntry[]): Promise<void> {
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await this.client.send(
            new PutItemCommand({
              TableName: this.tableName,
              Item: { ...this.key(entry), rule: { S: entry.rule }, event: { S: JSON.stringify(entry.event) } },
              // Bus event ids are fresh UUIDs: an existing item can only be this same entry again.
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }),
    );
  }

  async complete(entry: JournalEntry): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: this.key(entry), ConditionExpression: 'attribute_exists(pk)' }),
      );
    } catch (error) {
      // Completed already (a redelivery raced the first): nothing left to forget.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async pending(): Promise<JournalEntry[]> {
    const entries: JournalEntry[] = [];
    let startKey: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: this.pk } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const rule = item.rule?.S;
        const event = item.event?.S;
        if (rule && event) entries.push({ rule, event: JSON.parse(event) as EventBridgeEvent });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }

  private get pk(): string {
    return `LOCALBUS#${this.busName}`;
  }

  private key(entry: JournalEntry) {
    return { pk: { S: this.pk }, sk: { S: `${entry.rule}#${entry.event.id}` } };
  }
}
