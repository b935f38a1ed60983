import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DeliveryJournal,
  DynamoDbDeliveryJournal,
  EmbeddedDynamoDb,
  type EventBridgeEvent,
  ensureTable,
  type JournalEntry,
  LocalEventBus,
  type LocalRule,
} from '../src/index.ts';

const BUS = 'hub-bus';
const TABLE = 'journal-test';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A journal on a real dynalite table in a temporary folder. */
async function startJournal(): Promise<DynamoDbDeliveryJournal> {
  const path = await mkdtemp(join(tmpdir(), 'local-aws-journal-'));
  const database = new EmbeddedDynamoDb({ path });
  const { endpoint } = await database.start();
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: CREDENTIALS });
  await ensureTable(client, {
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });
  cleanups.push(async () => {
    client.destroy();
    await database.stop();
    await rm(path, { recursive: true, force: true });
  });
  const journal = new DynamoDbDeliveryJournal(client, TABLE, BUS);
  journals.set(journal, client);
  return journal;
}

/** The client each journal of startJournal was given: a fresh journal on it is what the next process would have. */
const journals = new Map<DynamoDbDeliveryJournal, DynamoDBClient>();
const reopened = (journal: DynamoDbDeliveryJournal) => new DynamoDbDeliveryJournal(journals.get(journal)!, TABLE, BUS);

/** The journal's items as stored. */
async function storedItems(journal: DynamoDbDeliveryJournal) {
  const page = await journals.get(journal)!.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `LOCALBUS#${BUS}` } },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

const busEvent = (id: string): EventBridgeEvent => ({
  version: '0',
  id,
  'detail-type': 'PriorityPublished',
  source: 'partnership-hub',
  account: '000000000000',
  time: '2026-11-30T09:00:00Z',
  region: 'eu-west-2',
  resources: [],
  detail: { n: 1 },
});
const rulesOf = (entries: JournalEntry[]) => entries.map((entry) => `${entry.rule} ${entry.event.id}`).sort();

async function startBus(journal: DeliveryJournal, rules: LocalRule[]) {
  const bus = new LocalEventBus({
    busName: BUS,
    rules,
    journal,
    retry: { attempts: 2, baseDelayMs: 5 },
    stopTimeoutMs: 50,
    matcher: () => true,
    deadLetter: () => {},
  });
  const { endpoint } = await bus.start();
  const client = new EventBridgeClient({ endpoint, region: 'eu-west-2', credentials: CREDENTIALS, maxAttempts: 1 });
  cleanups.push(async () => {
    client.destroy();
    await bus.stop();
  });
  return { bus, client };
}

const put = (client: EventBridgeClient, n: number) =>
  client.send(
    new PutEventsCommand({
      Entries: [{ Source: 'partnership-hub', DetailType: 'PriorityPublished', Detail: JSON.stringify({ n }), EventBusName: BUS }],
    }),
  );

function recording(name: string, behaviour: 'deliver' | 'hang' | 'fail' = 'deliver') {
  const received: EventBridgeEvent[] = [];
  const rule: LocalRule = {
    name,
    pattern: {},
    target: async (event) => {
      received.push(event);
      if (behaviour === 'hang') await new Promise(() => {});
      if (behaviour === 'fail') throw new Error(`${name} failed`);
    },
  };
  return { rule, received };
}

describe('DynamoDbDeliveryJournal', () => {
  it('keeps recorded entries until each is completed, and completing twice is harmless', async () => {
    const journal = await startJournal();
    const first: JournalEntry = { rule: 'projector', event: busEvent('e-1') };
    const second: JournalEntry = { rule: 'changeFeed', event: busEvent('e-1') };

    await journal.record([first, second]);
    await journal.record([first]);
    await journal.complete(first);
    await journal.complete(first);

    expect(await journal.pending()).toEqual([second]);
  });

  it('keeps one item an event, for all its rules, and forgets it when the last delivery finishes', async () => {
    const journal = await startJournal();
    const event = busEvent('e-2');
    await journal.record(['projector', 'changeFeed', 'notifications'].map((rule) => ({ rule, event })));
    expect(await storedItems(journal)).toHaveLength(1);

    await journal.complete({ rule: 'projector', event });
    await journal.complete({ rule: 'notifications', event });
    // This process knows two have finished; the item is only written when stop() flushes.
    expect(rulesOf(await journal.pending())).toEqual(['changeFeed e-2']);
    expect(await storedItems(journal)).toHaveLength(1);

    await journal.complete({ rule: 'changeFeed', event });
    expect(await storedItems(journal)).toEqual([]);
    expect(await journal.pending()).toEqual([]);
  });

  it('after a kill, takes up the event again for every rule (at least once); after a flush, only for those left', async () => {
    const journal = await startJournal();
    const killed = busEvent('e-3');
    const stopped = busEvent('e-4');
    await journal.record(['projector', 'changeFeed'].map((rule) => ({ rule, event: killed })));
    await journal.record(['projector', 'changeFeed'].map((rule) => ({ rule, event: stopped })));
    await journal.complete({ rule: 'projector', event: killed });
    await journal.complete({ rule: 'projector', event: stopped });

    // A process killed now wrote nothing more: the next one delivers both events to both rules.
    expect(rulesOf(await reopened(journal).pending())).toEqual(['changeFeed e-3', 'changeFeed e-4', 'projector e-3', 'projector e-4']);

    await journal.flush();
    const next = reopened(journal);
    const pending = await next.pending();
    expect(rulesOf(pending)).toEqual(['changeFeed e-3', 'changeFeed e-4']);
    for (const entry of pending) await next.complete(entry);
    expect(await storedItems(journal)).toEqual([]);
  });

  it('takes up and forgets the deliveries an older journal kept an item each', async () => {
    const journal = await startJournal();
    const event = busEvent('e-5');
    const client = journals.get(journal)!;
    for (const rule of ['projector', 'changeFeed']) {
      await client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: `LOCALBUS#${BUS}` }, sk: { S: `${rule}#${event.id}` }, rule: { S: rule }, event: { S: JSON.stringify(event) } },
        }),
      );
    }

    const pending = await journal.pending();
    expect(rulesOf(pending)).toEqual(['changeFeed e-5', 'projector e-5']);
    await journal.complete(pending[0]!);
    expect(await storedItems(journal)).toHaveLength(1);
    await journal.complete(pending[1]!);
    expect(await storedItems(journal)).toEqual([]);
  });
});

describe('LocalEventBus with a journal', () => {
  it('forgets a delivery once its target has run', async () => {
    const journal = await startJournal();
    const projector = recording('projector');
    const { bus, client } = await startBus(journal, [projector.rule]);

    await put(client, 1);
    await bus.idle();

    expect(projector.received).toHaveLength(1);
    expect(await journal.pending()).toEqual([]);
  });

  it('forgets a delivery once it has been dead-lettered', async () => {
    const journal = await startJournal();
    const broken = recording('broken', 'fail');
    const { bus, client } = await startBus(journal, [broken.rule]);

    await put(client, 1);
    await bus.idle();

    expect(broken.received).toHaveLength(2);
    expect(await journal.pending()).toEqual([]);
  });

  it('delivers on the next start what a stopped bus accepted but never finished, and only that', async () => {
    const journal = await startJournal();
    const hung = recording('projector', 'hang');
    const quick = recording('changeFeed');
    const first = await startBus(journal, [hung.rule, quick.rule]);
    const accepted = await put(first.client, 7);
    // The quick delivery finished (and left the journal) before the stop; on a busy machine that can take a while.
    await expect.poll(async () => (await journal.pending()).map((entry) => entry.rule)).toEqual(['projector']);
    await first.bus.stop(); // gives up on the hung target after 50 ms, as a crash would

    const projector = recording('projector');
    const changeFeed = recording('changeFeed');
    const second = await startBus(journal, [projector.rule, changeFeed.rule]);
    await second.bus.idle();

    expect(quick.received).toHaveLength(1);
    expect(changeFeed.received).toEqual([]);
    expect(projector.received.map((event) => [event.id, event.detail])).toEqual([[accepted.Entries?.[0]?.EventId, { n: 7 }]]);
    expect(await journal.pending()).toEqual([]);
  });

  it('counts the deliveries it took up again at start, and how many of those have finished', async () => {
    const journal = await startJournal();
    const hung = recording('projector', 'hang');
    const first = await startBus(journal, [hung.rule]);
    await put(first.client, 1);
    await put(first.client, 2);
    await first.bus.stop();
    expect(first.bus.recovery()).toEqual({ started: 0, finished: 0 });

    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const projector: LocalRule = { name: 'projector', pattern: {}, target: () => held };
    const second = await startBus(journal, [projector]);

    expect(second.bus.recovery()).toEqual({ started: 2, finished: 0 });
    await put(second.client, 3); // a new delivery: not part of the catch-up
    expect(second.bus.inFlight()).toBe(3);
    release();
    await second.bus.idle();
    expect(second.bus.recovery()).toEqual({ started: 2, finished: 2 });
    expect(second.bus.inFlight()).toBe(0);
  });

  it('answers PutEvents with an error, acknowledging nothing, when the journal cannot record', async () => {
    const projector = recording('projector');
    const failing: DeliveryJournal = {
      record: async () => {
        throw new Error('disk full');
      },
      complete: async () => {},
      pending: async () => [],
    };
    const { bus, client } = await startBus(failing, [projector.rule]);

    await expect(put(client, 1)).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    await bus.idle();

    expect(projector.received).toEqual([]);
  });
});
