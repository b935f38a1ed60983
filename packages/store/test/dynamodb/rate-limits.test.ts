import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, dynamoDbRateLimiter } from '../../src/index.ts';

/** How the DynamoDB counters talk to DynamoDB, and how they meet its faults; what any limiter does is in ../contract. */
const TABLE = 'partnership-hub';
const ddb = mockClient(DynamoDBDocumentClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  ddb.restore();
});
const NOW = Date.parse('2026-03-01T09:00:00.000Z');
const limiter = dynamoDbRateLimiter(
  createDocumentClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  TABLE,
  { name: 'confirmation-emails', limit: { points: 5, durationSeconds: 3600 }, clock: () => new Date(NOW) },
);
const failedCondition = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const updates = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
});

describe('dynamoDbRateLimiter', () => {
  it('adds to an open window only while it is open, and starts one only where there is none or it has ended', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(failedCondition())
      .resolvesOnce({ Attributes: { points: 1, expiresAt: NOW / 1000 + 3600 } });

    expect(await limiter.consume('email:someone@example.org')).toEqual({ allowed: true });

    const [add, start] = updates();
    expect(add).toMatchObject({
      TableName: TABLE,
      Key: { pk: expect.stringMatching(/^LIMIT#confirmation-emails#[0-9a-f]{64}$/), sk: 'LIMIT' },
      UpdateExpression: 'ADD points :points',
      ConditionExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':points': 1, ':now': NOW / 1000 },
    });
    expect(start).toMatchObject({
      Key: add?.Key,
      UpdateExpression: 'SET points = :points, expiresAt = :expiresAt',
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':points': 1, ':expiresAt': NOW / 1000 + 3600, ':now': NOW / 1000 },
    });
  });

  it('says every write it makes expects something, refunds included', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { points: 1, expiresAt: NOW / 1000 + 3600 } });

    await limiter.consume('email:someone@example.org');
    await limiter.refund('email:someone@example.org');

    expect(updates()).toHaveLength(2);
    for (const update of updates()) expect(update.ConditionExpression).toEqual(expect.any(String));
    expect(updates()[1]).toMatchObject({
      ConditionExpression: 'expiresAt > :now AND points >= :returned',
      ExpressionAttributeValues: { ':points': -1, ':returned': 1 },
    });
  });

  it('tries again when another request changed the window between its two writes, and gives up after three tries', async () => {
    ddb.on(UpdateCommand).rejects(failedCondition());

    await expect(limiter.consume('email:someone@example.org')).rejects.toThrow(/Could not count confirmation-emails/);
    expect(updates()).toHaveLength(6);
  });

  it('passes on a failure of the store rather than answer "allowed" or "refused"', async () => {
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    await expect(limiter.consume('email:someone@example.org')).rejects.toThrow('ProvisionedThroughputExceededException');
  });
});
