import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DeliveryJournal, EventBridgeEvent, JournalEntry } from './eventbridge.ts';

/**
 * The local bus's journal in a DynamoDB table (the local run's own, on dynalite), so accepted
 * deliveries outlive the process exactly as the hub's data does.
 *
 *   pk                     sk                       what
 *   LOCALBUS#{bus name}    event#{bus event id}     one accepted event (as JSON) and the rules whose deliveries of it are unfinished
 *   LOCALBUS#{bus name}    {rule}#{bus event id}    one unfinished delivery, as the journal kept them before 2026-12-01: still taken up, never written
 *
 * One item per event, not per delivery: every event goes to three rules in the hub, and an item
 * per delivery made six table calls of each event (a put and a delete each), a fifth of all the
 * local run's table calls. The rules finished are kept in memory, and the item goes when the last
 * is; stop() writes down which are left (flush), so the next start delivers only those. A process
 * that is killed cannot: the next start delivers the event again to every rule it was recorded
 * for, finished or not. That is EventBridge's own promise (at least once), and every consumer in
 * the hub is idempotent.
 */
export class DynamoDbDeliveryJournal implements DeliveryJournal {
  /** For each event this journal recorded or took up again: the rules it was kept for, and those not finished yet. */
  private readonly events = new Map<string, { kept: number; unfinished: Set<string> }>();
  /** The sort keys of per-delivery items (the older layout) this journal took up again. */
  private readonly perDelivery = new Set<string>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly busName: string,
  ) {}

  async record(entries: readonly JournalEntry[]): Promise<void> {
    const byEvent = new Map<string, { event: EventBridgeEvent; rules: Set<string> }>();
    for (const { rule, event } of entries) {
      const recorded = byEvent.get(event.id) ?? { event, rules: new Set<string>() };
      recorded.rules.add(rule);
      byEvent.set(event.id, recorded);
    }
    await Promise.all(
      [...byEvent.values()].map(async ({ event, rules }) => {
        const key = this.eventKey(event.id);
        try {
          await this.client.send(
            new PutItemCommand({
              TableName: this.tableName,
              Item: { ...key, rules: { SS: [...rules] }, event: { S: JSON.stringify(event) } },
              // Bus event ids are fresh UUIDs: an existing item can only be this same event again.
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          // Recorded already: make sure it is kept for these rules too.
          await this.client.send(
            new UpdateItemCommand({
              TableName: this.tableName,
              Key: key,
              UpdateExpression: 'ADD #rules :rules',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#rules': 'rules' },
              ExpressionAttributeValues: { ':rules': { SS: [...rules] } },
            }),
          );
        }
        const known = this.events.get(event.id);
        if (known) for (const rule of rules) known.unfinished.add(rule);
        else this.events.set(event.id, { kept: rules.size, unfinished: new Set(rules) });
      }),
    );
  }

  async complete(entry: JournalEntry): Promise<void> {
    const perDeliveryKey = `${entry.rule}#${entry.event.id}`;
    if (this.perDelivery.delete(perDeliveryKey)) return this.forget({ pk: { S: this.pk }, sk: { S: perDeliveryKey } });
    const known = this.events.get(entry.event.id);
    // Completed already (a redelivery raced the first), or never recorded here: nothing to forget.
    if (!known?.unfinished.delete(entry.rule) || known.unfinished.size > 0) return;
    this.events.delete(entry.event.id);
    await this.forget(this.eventKey(entry.event.id));
  }

  /** Writes down, for each event some of whose deliveries have finished, the rules still to deliver it to. */
  async flush(): Promise<void> {
    await Promise.all(
      [...this.events.entries()]
        .filter(([, { kept, unfinished }]) => unfinished.size < kept)
        .map(async ([id, known]) => {
          const rules = [...known.unfinished];
          try {
            await this.client.send(
              new UpdateItemCommand({
                TableName: this.tableName,
                Key: this.eventKey(id),
                UpdateExpression: 'SET #rules = :rules',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#rules': 'rules' },
                ExpressionAttributeValues: { ':rules': { SS: rules } },
              }),
            );
            known.kept = rules.length;
          } catch (error) {
            // Its last delivery finished meanwhile and took the item with it.
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }),
    );
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
      for (const item of page.Items ?? []) entries.push(...this.takeUp(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }

  /** The unfinished deliveries one stored item holds, remembered so that their completion finds it. */
  private takeUp(item: Record<string, AttributeValue>): JournalEntry[] {
    const json = item.event?.S;
    if (!json) return [];
    const event = JSON.parse(json) as EventBridgeEvent;
    const perDeliveryRule = item.rule?.S;
    if (perDeliveryRule) {
      this.perDelivery.add(`${perDeliveryRule}#${event.id}`);
      return [{ rule: perDeliveryRule, event }];
    }
    const stored = item.rules?.SS ?? [];
    // What this journal has seen finish since it recorded the event is not delivered again.
    const known = this.events.get(event.id);
    const rules = known ? stored.filter((rule) => known.unfinished.has(rule)) : stored;
    if (!known) this.events.set(event.id, { kept: stored.length, unfinished: new Set(stored) });
    return rules.map((rule) => ({ rule, event }));
  }

  private async forget(key: Record<string, AttributeValue>): Promise<void> {
    try {
      await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' }));
    } catch (error) {
      // Forgotten already (a redelivery raced the first): nothing left to forget.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private get pk(): string {
    return `LOCALBUS#${this.busName}`;
  }

  private eventKey(eventId: string): Record<string, AttributeValue> {
    return { pk: { S: this.pk }, sk: { S: `event#${eventId}` } };
  }
}
