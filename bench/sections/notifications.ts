/**
 * Notifications bench: how many webhook deliveries a second the delivery worker makes to a
 * loopback receiver, and how many items the notifier reads per event as the number of
 * subscriptions grows (100 → 1,000 → 10,000, of which 10 match). Reads must stay flat: the index
 * means an event reads its candidates, not every subscriber. All traffic is to 127.0.0.1; every
 * loop is bounded in count and in time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EVENT_SOURCE } from '@partnership-hub/events';
import { EmbeddedDynamoDb, ensureTable, type LocalAwsConnection } from '@partnership-hub/local-aws';
import { createDeliveryWorker, createDueRunner, createNotifier, type Logger } from '@partnership-hub/notifier';
import { hubTableCreateInput } from '@partnership-hub/store';
import {
  compileFilter,
  createWebhookSender,
  type Delivery,
  DynamoDbDeliveryStore,
  DynamoDbSubscriptionStore,
  type FieldsFilter,
  indexKeysFor,
  newSigningSecret,
  type Subscription,
  TableDeliveryQueue,
} from '@partnership-hub/subscriptions';
import { round } from '../lib/stats.ts';

const TABLE = 'bench-notifications';
const AREA = 'bench-area';
const EVENT_ORG = 'bench-csp';
const EVENT_THEME = 'domestic-abuse';
const SIZES = [100, 1_000, 10_000] as const;
const MATCHING = 10;
const EVENTS_PER_SIZE = 20;
const DELIVERIES = 400;
const RAW_SENDS = 2_000;
const TIME_LIMIT_MS = 60_000;

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const TOKEN_HASH = '0'.repeat(64);

/** Counts the items every read returns, by watching the document client's responses. */
function countingClient(connection: LocalAwsConnection) {
  const counter = { items: 0, requests: 0 };
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(connection), {
    marshallOptions: { removeUndefinedValues: true },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const command = context.commandName;
      const output = (result.output ?? {}) as { Count?: number; Item?: unknown };
      if (command === 'QueryCommand') {
        counter.requests++;
        counter.items += output.Count ?? 0;
      } else if (command === 'GetItemCommand' || command === 'GetCommand') {
        counter.requests++;
        counter.items += output.Item ? 1 : 0;
      }
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  return { client, counter };
}

function subscription(id: string, areaId: string, filter: FieldsFilter | { pattern: Record<string, unknown> }, now: string): Subscription {
  const typed = filter as Subscription['filter'];
  return {
    id,
    areaId,
    audience: 'public',
    createdBy: null,
    filter: typed,
    pattern: compileFilter(areaId, typed),
    indexKeys: indexKeysFor(areaId, typed),
    endpoint: { kind: 'webhook', url: 'http://127.0.0.1:9/unused' },
    status: 'active',
    managementTokenHash: TOKEN_HASH,
    signingSecret: newSigningSecret(),
    createdAt: now,
    updatedAt: now,
  };
}

/** Subscriptions that never match the bench event: other bodies, other themes, other areas. */
function nonMatching(index: number, now: string): Subscription {
  const id = `sub_nonmatch${String(index).padStart(7, '0')}`;
  switch (index % 4) {
    case 0:
      return subscription(id, AREA, { organisations: [`other-body-${index % 300}`] }, now);
    case 1:
      return subscription(id, AREA, { themes: ['burglary', 'road-safety'] }, now);
    case 2:
      return subscription(id, AREA, { organisations: [`other-body-${index % 300}`], themes: ['hate-crime'] }, now);
    default:
      return subscription(id, `other-area-${index % 40}`, {}, now);
  }
}

function matching(index: number, now: string): Subscription {
  const id = `sub_matching${String(index).padStart(8, '0')}`;
  if (index < 4) return subscription(id, AREA, {}, now);
  if (index < 7) return subscription(id, AREA, { organisations: [EVENT_ORG] }, now);
  return subscription(id, AREA, { themes: [EVENT_THEME] }, now);
}

/** Writes subscriptions and their index entries straight into the table, 25 items a batch. */
async function load(client: DynamoDBDocumentClient, subscriptions: Subscription[]): Promise<void> {
  const items = subscriptions.flatMap((entry) => [
    { pk: `SUB#${entry.id}`, sk: 'SUB', ...entry },
    ...entry.indexKeys.map((pk) => ({
      pk,
      sk: `SUB#${entry.id}`,
      subscriptionId: entry.id,
      areaId: entry.areaId,
      audience: entry.audience,
      pattern: entry.pattern,
    })),
  ]);
  const batches: (typeof items)[] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        let request: Record<string, any> | undefined = { [TABLE]: batch.map((Item) => ({ PutRequest: { Item } })) };
        for (let tries = 0; request && Object.keys(request).length > 0 && tries < 10; tries++) {
          const answer: { UnprocessedItems?: Record<string, any> } = await client.send(new BatchWriteCommand({ RequestItems: request }));
          request = answer.UnprocessedItems;
        }
      }
    }),
  );
}

function benchEvent(sequence: number) {
  return {
    version: '0',
    id: `bench-${sequence}`,
    'detail-type': 'PriorityRevised',
    source: EVENT_SOURCE,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-2',
    resources: [],
    detail: {
      eventId: `bench-event-${sequence}`,
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      areaId: AREA,
      organisationId: EVENT_ORG,
      subject: { type: 'priority', id: 'p-1', version: sequence + 2 },
      actor: { kind: 'key', organisationId: EVENT_ORG },
      visibility: 'public',
      data: {
        title: 'Tackle domestic abuse',
        themes: [EVENT_THEME],
        outcomes: [],
        indicators: [],
        status: 'active',
        supports: [],
        visibility: 'public',
        changedFields: ['title'],
      },
    },
  };
}

async function receiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, count: () => received, close: () => new Promise((done) => server.close(() => done())) };
}

export async function notifications(): Promise<Record<string, unknown>> {
  const database = new EmbeddedDynamoDb();
  const { connection } = await database.start();
  const setup = new DynamoDBClient(connection);
  await ensureTable(setup, hubTableCreateInput(TABLE));
  setup.destroy();
  const { client, counter } = countingClient(connection);
  const subscriptions = new DynamoDbSubscriptionStore(client, TABLE);
  const deliveries = new DynamoDbDeliveryStore(client, TABLE);
  const queue = new TableDeliveryQueue(client, TABLE);
  const hook = await receiver();
  const started = performance.now();
  try {
    // --- reads per event as subscriptions grow -------------------------------------------
    const now = new Date().toISOString();
    const discard = { enqueue: async () => {} };
    const notify = createNotifier({
      subscriptions,
      deliveries,
      queue: discard,
      publicBaseUrl: () => 'http://127.0.0.1',
      linkable: async () => [],
      // The bench's priorities link to nothing and have no agenda: nothing is hidden from the public, so no earlier version is read.
      previousVersion: async () => undefined,
      keyStatus: async () => 'active',
      names: async () => ({ area: undefined, bodies: new Map() }),
      clock: () => new Date(),
      logger: silent,
    });
    await load(
      client,
      Array.from({ length: MATCHING }, (_, index) => matching(index, now)),
    );
    let loaded = 0;
    let sequence = 0;
    const readsPerEvent: Record<string, unknown>[] = [];
    for (const size of SIZES) {
      const more = size - MATCHING - loaded;
      await load(
        client,
        Array.from({ length: more }, (_, index) => nonMatching(loaded + index, now)),
      );
      loaded += more;
      const before = { ...counter };
      let matched = 0;
      for (let event = 0; event < EVENTS_PER_SIZE; event++) matched += (await notify(benchEvent(sequence++))).matched;
      readsPerEvent.push({
        subscriptions: size,
        matchingPerEvent: matched / EVENTS_PER_SIZE,
        itemsReadPerEvent: round((counter.items - before.items) / EVENTS_PER_SIZE, 1),
        readRequestsPerEvent: round((counter.requests - before.requests) / EVENTS_PER_SIZE, 1),
      });
    }
    const flat = readsPerEvent.every((entry) => entry.itemsReadPerEvent === readsPerEvent[0]!.itemsReadPerEvent);

    // Raw-pattern subscriptions are read for every event of their area: 50 that never match.
    await load(
      client,
      Array.from({ length: 50 }, (_, index) =>
        subscription(`sub_pattern${String(index).padStart(9, '0')}`, AREA, { pattern: { 'detail-type': ['ProtocolAgreed'] } }, now),
      ),
    );
    const beforePatterns = { ...counter };
    for (let event = 0; event < EVENTS_PER_SIZE; event++) await notify(benchEvent(sequence++));
    const withPatterns = round((counter.items - beforePatterns.items) / EVENTS_PER_SIZE, 1);

    // --- deliveries per second to a loopback receiver ------------------------------------
    const target = subscription('sub_deliverybench00', AREA, {}, now);
    target.endpoint = { kind: 'webhook', url: hook.url };
    await subscriptions.create(target);
    const worker = createDeliveryWorker({
      subscriptions,
      deliveries,
      queue,
      sendWebhook: createWebhookSender({ allowLoopback: true }),
      sendEmail: async () => {},
      keyStatus: async () => 'active',
      retryDelaysMs: [1_000],
      links: () => ({ apiBaseUrl: 'http://127.0.0.1' }),
      clock: () => new Date(),
      random: Math.random,
      logger: silent,
    });
    const runDue = createDueRunner(queue, worker, () => new Date(), silent);
    const at = new Date();
    for (let index = 0; index < DELIVERIES; index++) {
      const delivery: Delivery = {
        id: `msg_bench${String(index).padStart(8, '0')}`,
        subscriptionId: target.id,
        purpose: 'change',
        status: 'pending',
        payload: { type: 'priority.revised', timestamp: at.toISOString(), data: { index } },
        attempts: 0,
        createdAt: at.toISOString(),
        nextAttemptAt: at.toISOString(),
      };
      await deliveries.create(delivery);
      await queue.enqueue(delivery.id, at);
    }
    const sendStarted = performance.now();
    while (hook.count() < DELIVERIES && performance.now() - started < TIME_LIMIT_MS) await runDue();
    const seconds = (performance.now() - sendStarted) / 1000;
    const endToEnd = hook.count();

    // The sender alone (check the URL, sign, POST, read the answer), 16 at a time.
    const send = createWebhookSender({ allowLoopback: true });
    const secret = newSigningSecret();
    const before = endToEnd;
    let sent = 0;
    const rawStarted = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < RAW_SENDS && performance.now() - rawStarted < TIME_LIMIT_MS) {
          const index = sent++;
          await send({
            url: hook.url,
            deliveryId: `msg_raw${index}`,
            signingSecret: secret,
            payload: { type: 'priority.revised', timestamp: at.toISOString(), data: { index } },
            at: new Date(),
          });
        }
      }),
    );
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    const rawDelivered = hook.count() - before;

    return {
      readsPerEvent,
      readsStayFlat: {
        met: flat,
        note: 'items read per event (index entries of candidates + the matched subscriptions), counted from the document client responses',
      },
      withFiftyRawPatternSubscriptions: {
        itemsReadPerEvent: withPatterns,
        note: 'raw-pattern subscriptions are candidates for every event of their area',
      },
      deliveries: {
        delivered: endToEnd,
        seconds: round(seconds, 2),
        perSecond: round(endToEnd / seconds, 1),
        note: 'end to end through the local scheduler on dynalite: claim from the table, read delivery and subscription, check the URL, sign, POST to 127.0.0.1, record the attempt',
      },
      signedPosts: {
        delivered: rawDelivered,
        seconds: round(rawSeconds, 2),
        perSecond: round(rawDelivered / rawSeconds, 1),
        concurrency: 16,
        note: 'the webhook sender alone: address check, Standard Webhooks signature, POST on a new connection, answer read',
      },
    };
  } finally {
    await hook.close();
    client.destroy();
    await database.stop();
  }
}
