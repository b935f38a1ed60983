import { DeleteCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { priorityPublished } from '@partnership-hub/testing';
import { useEmbeddedTables } from '@partnership-hub/testing/embedded-tables';
import { describe, expect, it } from 'vitest';
import {
  DynamoDbApiKeyStore,
  DynamoDbChangeFeed,
  DynamoDbClientSecretStore,
  DynamoDbConnectorStore,
  DynamoDbEventLog,
  DynamoDbIdentityProviderStore,
  DynamoDbMembershipStore,
  DynamoDbPersonIdentityStore,
  DynamoDbSessionStore,
  DynamoDbSignInLinkStore,
  DynamoDbViewStore,
  dynamoDbRateLimiter,
  feedPk,
  hubTable,
} from '../../src/index.ts';
import { describeApiKeyStoreContract } from '../contract/api-keys.contract.ts';
import { describeChangeFeedContract } from '../contract/change-feed.contract.ts';
import { describeConnectorStoreContract } from '../contract/connectors.contract.ts';
import { describeEventLogContract } from '../contract/event-log.contract.ts';
import {
  describeClientSecretStoreContract,
  describeIdentityProviderStoreContract,
  describePersonIdentityStoreContract,
} from '../contract/identity-providers.contract.ts';
import {
  describeMembershipStoreContract,
  describeSessionStoreContract,
  describeSignInLinkStoreContract,
} from '../contract/people.contract.ts';
import { describeRateLimiterContract, movableClock } from '../contract/rate-limits.contract.ts';
import { describeViewStoreContract } from '../contract/view-store.contract.ts';

/**
 * The DynamoDB adapters against a real DynamoDB API (dynalite): the contracts every store keeps,
 * then what only a store of separate conditional writes can get wrong. Each test has a table of
 * its own. Dynalite keeps the tables in memory: on disk (LevelDB) the change feed's race takes far longer.
 */
const embedded = useEmbeddedTables('hub');
const freshTable = () => embedded.freshTable();

describeEventLogContract('DynamoDbEventLog', async () => new DynamoDbEventLog(embedded.documents, await freshTable()));
describeViewStoreContract('DynamoDbViewStore', async () => new DynamoDbViewStore(embedded.documents, await freshTable()));
describeApiKeyStoreContract('DynamoDbApiKeyStore', async () => new DynamoDbApiKeyStore(embedded.documents, await freshTable()));
describeConnectorStoreContract('DynamoDbConnectorStore', async () => new DynamoDbConnectorStore(embedded.documents, await freshTable()));
describeMembershipStoreContract('DynamoDbMembershipStore', async () => new DynamoDbMembershipStore(embedded.documents, await freshTable()));
describeSessionStoreContract('DynamoDbSessionStore', async () => new DynamoDbSessionStore(embedded.documents, await freshTable()));
describeSignInLinkStoreContract('DynamoDbSignInLinkStore', async () => new DynamoDbSignInLinkStore(embedded.documents, await freshTable()));
describeIdentityProviderStoreContract(
  'DynamoDbIdentityProviderStore',
  async () => new DynamoDbIdentityProviderStore(embedded.documents, await freshTable()),
);
describePersonIdentityStoreContract(
  'DynamoDbPersonIdentityStore',
  async () => new DynamoDbPersonIdentityStore(embedded.documents, await freshTable()),
);
describeClientSecretStoreContract(
  'DynamoDbClientSecretStore',
  async () => new DynamoDbClientSecretStore(embedded.documents, await freshTable()),
);
describeRateLimiterContract('dynamoDbRateLimiter', async () => {
  const table = await freshTable();
  return (options) => dynamoDbRateLimiter(embedded.documents, table, options);
});
// The contract's race of 45 appenders for one area's slots shares a machine with the rest of the
// suite (and dynalite shares this process): more patience than in Lambda keeps the test about the
// order, not about the machine's speed.
describeChangeFeedContract(
  'DynamoDbChangeFeed',
  async () => new DynamoDbChangeFeed(embedded.documents, await freshTable(), { appendPatienceMs: 25_000 }),
);

describe('DynamoDbChangeFeed, after an append was cut short between its claim and its slot', () => {
  const AREA = 'feed-area';
  const published = (id: string, eventId: string) => priorityPublished({ areaId: AREA, id, eventId });
  /** What a first attempt that died after claiming a slot leaves behind. */
  const claim = (table: string, eventId: string, sequence: number) =>
    embedded.documents.send(new PutCommand({ TableName: table, Item: { pk: feedPk(AREA), sk: `event#${eventId}`, sequence } }));

  it('finishes the append on redelivery: the claim is there, the slot is not', async () => {
    const table = await freshTable();
    const feed = new DynamoDbChangeFeed(embedded.documents, table);
    const event = published('p1', 'event-crashed');
    await claim(table, event.detail.eventId, 1);

    const redelivered = await feed.append(event, 'full');

    expect(redelivered).toEqual({ sequence: 1, appended: true });
    expect((await feed.read(AREA, 0, 10)).entries.map((entry) => entry.event.detail.eventId)).toEqual(['event-crashed']);
  });

  it('moves a stale claim when another event took that slot meanwhile, so the event is in the feed once and after it', async () => {
    const table = await freshTable();
    const feed = new DynamoDbChangeFeed(embedded.documents, table);
    const crashed = published('p1', 'event-a');
    const other = published('p2', 'event-b');
    await claim(table, crashed.detail.eventId, 1);
    await feed.append(other, 'full'); // takes slot 1

    const redelivered = await feed.append(crashed, 'full');

    expect(redelivered).toEqual({ sequence: 2, appended: true });
    expect((await feed.read(AREA, 0, 10)).entries.map((entry) => [entry.sequence, entry.event.detail.eventId])).toEqual([
      [1, 'event-b'],
      [2, 'event-a'],
    ]);
  });
});

describe('dynamoDbRateLimiter, in the hub table', () => {
  it('keeps one counter item per limit and key, under a hash of the key, ending with its window by TTL', async () => {
    const table = await freshTable();
    const time = movableClock('2026-03-01T09:00:00.000Z');
    const limiter = dynamoDbRateLimiter(embedded.documents, table, {
      name: 'confirmation-emails',
      limit: { points: 5, durationSeconds: 3600 },
      clock: time.clock,
    });

    await limiter.consume('email:someone@example.org');
    await limiter.consume('email:someone@example.org');

    const items = (await embedded.documents.send(new ScanCommand({ TableName: table }))).Items ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({
      pk: expect.stringMatching(/^LIMIT#confirmation-emails#[0-9a-f]{64}$/),
      sk: 'LIMIT',
      points: 2,
      [hubTable.timeToLiveAttribute]: Date.parse('2026-03-01T10:00:00.000Z') / 1000,
    });
    expect(JSON.stringify(items)).not.toContain('someone');
  });
});

describe('DynamoDbChangeFeed, after some of its items were lost', () => {
  const AREA = 'feed-area';
  const published = (id: string, eventId: string) => priorityPublished({ areaId: AREA, id, eventId });
  const lose = (table: string, sk: string) =>
    embedded.documents.send(new DeleteCommand({ TableName: table, Key: { pk: feedPk(AREA), sk } }));

  it('answers the claim of an event whose entry is gone', async () => {
    const table = await freshTable();
    const feed = new DynamoDbChangeFeed(embedded.documents, table);
    await feed.append(published('p1', 'event-1'), 'full');
    await feed.append(published('p2', 'event-2'), 'full');
    await lose(table, 'seq#0000000001');

    expect(await feed.claims(AREA)).toEqual(
      new Map([
        ['event-1', 1],
        ['event-2', 2],
      ]),
    );
  });

  it('puts an entry whose claim is kept back at its place on redelivery', async () => {
    const table = await freshTable();
    const feed = new DynamoDbChangeFeed(embedded.documents, table);
    for (const index of [1, 2, 3]) await feed.append(published(`p${index}`, `event-${index}`), 'full');
    await lose(table, 'seq#0000000002');

    expect(await feed.append(published('p2', 'event-2'), 'full')).toEqual({ sequence: 2, appended: true });
    expect((await feed.read(AREA, 0, 10)).entries.map((entry) => entry.event.detail.eventId)).toEqual(['event-1', 'event-2', 'event-3']);
  });

  it('restores the lost claim of an entry that is there, so that a redelivery adds nothing', async () => {
    const table = await freshTable();
    const feed = new DynamoDbChangeFeed(embedded.documents, table);
    await feed.append(published('p1', 'event-1'), 'full');
    await feed.append(published('p2', 'event-2'), 'full');
    await lose(table, 'event#event-1');

    expect(await feed.restoreClaim(AREA, 'event-1', 1)).toBe(true);

    expect(await feed.append(published('p1', 'event-1'), 'full')).toEqual({ sequence: 1, appended: false });
    expect(await feed.lastSequence(AREA)).toBe(2);
    expect((await feed.byEventId(AREA, 'event-1'))?.sequence).toBe(1);
  });
});
