import { createHash } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { limitPk, limitSk } from '../keys.ts';
import { asRateLimiter, CounterStore, type CounterStoreOptions, type RateLimitCounter, type RateLimiter } from '../rate-limits.ts';
import { conditionally, isConditionalCheckFailed } from './conditions.ts';

/** How often a count is tried when another request ends or starts the same window in between. */
const ATTEMPTS = 3;

/**
 * The counters in the hub table, one item per limit and key: `LIMIT#{limit}#{sha256 of key}`, so
 * the table never holds the address or client it counts, and no other family's keys start so
 * (table.ts). The item carries `points` and `expiresAt`, the end of its window and the table's
 * TTL attribute, so DynamoDB deletes counters once they are over; until it does, every condition
 * reads `expiresAt` and treats an ended window as none.
 *
 * Every write is conditional: adding to a counter holds only while its window is open, starting
 * a window only when there is none or it has ended, so two instances counting at once never lose
 * a count or start two windows.
 */
export class DynamoDbRateLimitCounters extends CounterStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: CounterStoreOptions,
  ) {
    super(options);
  }

  protected async change(rlKey: string, points: number, msDuration: number): Promise<RateLimitCounter> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const now = this.clock().getTime();
      // Into the open window (a refund: only down to zero)...
      const added = await this.update(
        rlKey,
        now,
        'ADD points :points',
        points < 0 ? 'expiresAt > :now AND points >= :returned' : 'expiresAt > :now',
        {
          ':points': points,
          ...(points < 0 ? { ':returned': -points } : {}),
        },
      );
      if (added) return added;
      // ...or, for a count, a new window where there is none or it has ended. A refund never opens one.
      if (points < 0) return { points: 0, expiresAt: Math.floor(now / 1000), readAt: now };
      const started = await this.update(
        rlKey,
        now,
        'SET points = :points, expiresAt = :expiresAt',
        'attribute_not_exists(pk) OR expiresAt <= :now',
        {
          ':points': points,
          ':expiresAt': this.windowEnd(now, msDuration),
        },
      );
      if (started) return started;
    }
    throw new Error(`Could not count ${this.keyPrefix}: its window kept changing under ${ATTEMPTS} tries`);
  }

  protected async replace(rlKey: string, points: number, msDuration: number): Promise<RateLimitCounter> {
    const now = this.clock().getTime();
    // Only ever a counter: an item of another family under this key would be left alone.
    const replaced = await this.update(
      rlKey,
      now,
      'SET points = :points, expiresAt = :expiresAt',
      'attribute_not_exists(pk) OR attribute_exists(expiresAt)',
      {
        ':points': points,
        ':expiresAt': this.windowEnd(now, msDuration),
      },
    );
    if (!replaced) throw new Error(`${this.keyPrefix}: the item under this key is not a counter`);
    return replaced;
  }

  protected async read(rlKey: string): Promise<RateLimitCounter | null> {
    const now = this.clock().getTime();
    const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.key(rlKey), ConsistentRead: true }));
    if (!result.Item || Number(result.Item.expiresAt) * 1000 <= now) return null;
    return counterOf(result.Item, now);
  }

  protected async remove(rlKey: string): Promise<boolean> {
    return conditionally(
      this.documents.send(
        new DeleteCommand({ TableName: this.tableName, Key: this.key(rlKey), ConditionExpression: 'attribute_exists(expiresAt)' }),
      ),
    );
  }

  /** One conditional write to the counter: what it became, or undefined if the condition did not hold. */
  private async update(
    rlKey: string,
    now: number,
    expression: string,
    condition: string,
    values: Record<string, number>,
  ): Promise<RateLimitCounter | undefined> {
    try {
      const result = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(rlKey),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: condition.includes(':now') ? { ...values, ':now': now / 1000 } : values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return counterOf(result.Attributes, now);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  private key(rlKey: string): { pk: string; sk: string } {
    return { pk: limitPk(this.keyPrefix, hashedKey(this.parseKey(rlKey))), sk: limitSk };
  }
}

/**
 * What a limit counts under (an email address, a client's address or key) is stored only as its
 * SHA-256: the counters are for counting, and the table keeps no list of who asked.
 */
function hashedKey(key: string): string {
  return createHash('sha256').update(`rate-limit:${key}`, 'utf8').digest('hex');
}

function counterOf(item: Record<string, unknown> | undefined, readAt: number): RateLimitCounter {
  return { points: Number(item?.points), expiresAt: Number(item?.expiresAt), readAt };
}

/** A limit counted in the hub table: what the API's wiring builds, one per limit. */
export function dynamoDbRateLimiter(documents: DynamoDBDocumentClient, tableName: string, options: CounterStoreOptions): RateLimiter {
  return asRateLimiter(new DynamoDbRateLimitCounters(documents, tableName, options));
}
