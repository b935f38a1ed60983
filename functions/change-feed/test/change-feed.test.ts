import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CommandContext,
  type Decision,
  decideContentPut,
  decideContentWithdrawal,
  noPrecondition,
  priorityKind,
} from '@partnership-hub/domain';
import { EVENT_SOURCE, type HubEvent, type PriorityState } from '@partnership-hub/events';
import { EmbeddedDynamoDb, ensureTable } from '@partnership-hub/local-aws';
import { ChangeFeed, createDocumentClient, EventLog, feedPk, hubTableCreateInput } from '@partnership-hub/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChangeFeedAppender, publicViewOf } from '../src/change-feed.ts';

/**
 * The change feed against the embedded DynamoDB: a gap-free order however many appenders race,
 * each event exactly once however often it is delivered, and the public view of partners changes.
 */
const TABLE = 'change-feed-test';
const AREA = 'feed-area';
const CSP = 'feed-csp';
let database: EmbeddedDynamoDb;
let documents: DynamoDBDocumentClient;
let feed: ChangeFeed;
let eventLog: EventLog;
let areaCounter = 0;
let area = AREA;

const priority = (overrides: Partial<PriorityState> = {}): PriorityState => ({
  title: 'Reduce burglary',
  themes: ['burglary'],
  outcomes: [],
  indicators: [],
  status: 'active',
  supports: [],
  visibility: 'public',
  ...overrides,
});
const context = (eventId: string): CommandContext => ({
  eventId,
  occurredAt: '2026-05-01T10:00:00.000Z',
  actor: { kind: 'organisation', organisationId: CSP },
});
const eventOf = (decision: Decision): HubEvent => {
  if (decision.outcome === 'unchanged') throw new Error('expected an event');
  return decision.event;
};
const published = (id: string, eventId: string, overrides: Partial<PriorityState> = {}) =>
  eventOf(
    decideContentPut(
      priorityKind,
      undefined,
      priority(overrides),
      noPrecondition,
      { areaId: area, organisationId: CSP, id },
      context(eventId),
    ),
  );
const revised = (id: string, eventId: string, before: Partial<PriorityState>, after: Partial<PriorityState>) =>
  eventOf(
    decideContentPut(
      priorityKind,
      { version: 1, detailType: 'PriorityPublished', state: priority(before) },
      priority(after),
      noPrecondition,
      { areaId: area, organisationId: CSP, id },
      context(eventId),
    ),
  );
const delivery = (event: HubEvent) => ({
  version: '0',
  id: `delivery-${event.detail.eventId}`,
  'detail-type': event.detailType,
  source: EVENT_SOURCE,
  account: '000000000000',
  time: event.detail.occurredAt,
  region: 'eu-west-2',
  resources: [],
  detail: event.detail,
});

beforeAll(async () => {
  database = new EmbeddedDynamoDb({});
  const { endpoint } = await database.start();
  const connection = { endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const setup = new DynamoDBClient(connection);
  await ensureTable(setup, hubTableCreateInput(TABLE));
  setup.destroy();
  documents = createDocumentClient(connection);
  feed = new ChangeFeed(documents, TABLE);
  eventLog = new EventLog(documents, TABLE);
});

afterAll(async () => {
  await database?.stop();
});

beforeEach(() => {
  // A fresh area per test: each has its own feed.
  area = `${AREA}-${++areaCounter}`;
});

describe('ChangeFeed.append', () => {
  it("numbers an area's events 1, 2, 3... with no gap and each once, however many appenders race and however often each is delivered", async () => {
    const events = Array.from({ length: 15 }, (_, index) => published(`p${index}`, `event-${String(index).padStart(3, '0')}`));
    // Every event delivered three times, all at once.
    const results = await Promise.all(events.flatMap((event) => [1, 2, 3].map(() => feed.append(event, 'full'))));

    const { entries } = await feed.read(area, 0, 1000);
    expect(entries.map((entry) => entry.sequence)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    expect(new Set(entries.map((entry) => entry.event.detail.eventId))).toEqual(new Set(events.map((event) => event.detail.eventId)));
    expect(results.filter((result) => result.appended)).toHaveLength(15);
    expect(await feed.lastSequence(area)).toBe(15);
  });

  it('finishes an append a crash left half done: the claim is there, the slot is not', async () => {
    const event = published('p1', 'event-crashed');
    // The first attempt claimed slot 1 and died before writing it.
    await documents.send(
      new PutCommand({ TableName: TABLE, Item: { pk: feedPk(area), sk: `event#${event.detail.eventId}`, sequence: 1 } }),
    );

    const redelivered = await feed.append(event, 'full');

    expect(redelivered).toEqual({ sequence: 1, appended: true });
    expect((await feed.read(area, 0, 10)).entries.map((entry) => entry.event.detail.eventId)).toEqual(['event-crashed']);
  });

  it('moves a stale claim when another event took that slot meanwhile, so the event is in the feed once and after it', async () => {
    const crashed = published('p1', 'event-a');
    const other = published('p2', 'event-b');
    await documents.send(
      new PutCommand({ TableName: TABLE, Item: { pk: feedPk(area), sk: `event#${crashed.detail.eventId}`, sequence: 1 } }),
    );
    await feed.append(other, 'full'); // takes slot 1

    const redelivered = await feed.append(crashed, 'full');

    expect(redelivered).toEqual({ sequence: 2, appended: true });
    expect((await feed.read(area, 0, 10)).entries.map((entry) => [entry.sequence, entry.event.detail.eventId])).toEqual([
      [1, 'event-b'],
      [2, 'event-a'],
    ]);
  });
});

describe('ChangeFeed.read', () => {
  it('reads from after a sequence number, filters, and says how far it looked', async () => {
    for (const [index, visibility] of (['public', 'partners', 'partners', 'public'] as const).entries()) {
      await feed.append(published(`p${index}`, `event-${index}`, { visibility }), visibility === 'public' ? 'full' : 'hidden');
    }
    const publicOnly = await feed.read(area, 1, 10, (entry) => entry.publicView !== 'hidden');
    expect(publicOnly.entries.map((entry) => entry.sequence)).toEqual([4]);
    expect(publicOnly.examined).toBe(4);
    const limited = await feed.read(area, 0, 2);
    expect(limited.entries.map((entry) => entry.sequence)).toEqual([1, 2]);
    expect(limited.examined).toBe(2);
    expect(await feed.read(area, 4, 10)).toEqual({ entries: [], examined: 4 });
  });

  it('finds an entry by its event id', async () => {
    await feed.append(published('p1', 'event-x'), 'full');
    expect((await feed.byEventId(area, 'event-x'))?.sequence).toBe(1);
    expect(await feed.byEventId(area, 'event-missing')).toBeUndefined();
  });
});

describe('the appender', () => {
  it('marks a public change full, a partners change hidden, and narrowing a public subject restricted (read from the log)', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const first = published('p1', 'event-1');
    const narrowed = revised('p1', 'event-2', {}, { visibility: 'partners' });
    await eventLog.append(first);
    await eventLog.append(narrowed);
    const hidden = published('p2', 'event-3', { visibility: 'partners' });

    await append(delivery(narrowed)); // delivered out of order: the log still says what came before
    await append(delivery(first));
    await append(delivery(hidden));
    await append(delivery(first)); // a duplicate delivery

    const { entries } = await feed.read(area, 0, 10);
    expect(entries.map((entry) => [entry.event.detail.eventId, entry.publicView])).toEqual([
      ['event-2', 'restricted'],
      ['event-1', 'full'],
      ['event-3', 'hidden'],
    ]);
  });

  it('refuses a delivery that is not a hub event, so it is retried and dead-lettered', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    await expect(append({ source: 'someone-else', detail: {} })).rejects.toThrow();
  });
});

describe('publicViewOf', () => {
  const withdrawn = () =>
    eventOf(
      decideContentWithdrawal(
        priorityKind,
        { version: 1, detailType: 'PriorityPublished', state: priority() },
        noPrecondition,
        { areaId: area, organisationId: CSP, id: 'p1' },
        context('w'),
      ),
    );
  it('hides a partners change after a withdrawal: the public already saw the subject leave', () => {
    const again = eventOf(
      decideContentPut(
        priorityKind,
        { version: 2, detailType: 'PriorityWithdrawn', state: priority() },
        priority({ visibility: 'partners' }),
        noPrecondition,
        { areaId: area, organisationId: CSP, id: 'p1' },
        context('again'),
      ),
    );
    expect(publicViewOf(again, withdrawn())).toBe('hidden');
    expect(publicViewOf(withdrawn(), undefined)).toBe('full');
  });
});
