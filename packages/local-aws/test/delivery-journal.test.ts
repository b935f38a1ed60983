import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  return new DynamoDbDeliveryJournal(client, TABLE, BUS);
}

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
    const event = (id: string): EventBridgeEvent => ({
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
    const first: JournalEntry = { rule: 'projector', event: event('e-1') };
    const second: JournalEntry = { rule: 'changeFeed', event: event('e-1') };

    await journal.record([first, second]);
    await journal.record([first]);
    await journal.complete(first);
    await journal.complete(first);

    expect(await journal.pending()).toEqual([second]);
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
