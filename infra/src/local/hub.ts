import { appendFile, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  allRoutes,
  createApp,
  hashKey,
  type Logger,
  localAssetsDir,
  type RateLimitPolicy,
  wireApi,
  wireRequestLimits,
} from '@partnership-hub/api';
import { createChangeFeedAppender, wireChangeFeed } from '@partnership-hub/change-feed';
import { type DeadLetter, DynamoDbDeliveryJournal, EmbeddedDynamoDb, ensureTable, LocalEventBus } from '@partnership-hub/local-aws';
import { createOutboxRepublisher, wireRepublisher } from '@partnership-hub/outbox-republisher';
import { createProjector, wireProjector } from '@partnership-hub/projector';
import { type SeedArea, southYorkshire } from '@partnership-hub/seed';
import { DynamoDbChangeFeed, hubTableCreateInput } from '@partnership-hub/store';
import { wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { consumerRules, DEFAULT_BUS_NAME, DEFAULT_TABLE_NAME } from '../topology.ts';
import { type DevCredentials, readCredentials, resolveAdminKey, writeCredentials } from './credentials.ts';
import { createLocalNotifications, type LocalNotificationsControls, type LocalNotificationsOptions } from './notifications.ts';
import { loadSeedArea } from './seed-loader.ts';
import { resolveSessionSecret } from './session-secret.ts';

export interface LocalHubOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  adminKey?: string | undefined;
  /** Signs the pages' session cookies; otherwise one is generated on first start and kept in the data folder. */
  sessionSecret?: string | undefined;
  /** Load South Yorkshire's published material into an empty hub. */
  seed?: SeedArea | false;
  /** How often the outbox republisher runs (default 5 s), and how old an unpublished event must be before it is sent again (default 5 s). */
  outbox?: { everyMs?: number; minAgeMs?: number };
  logger?: Logger;
  progress?: (message: string) => void;
  /**
   * How long a client may take to send a request's headers, and the whole request (default 10 s
   * and 60 s): a request that never finishes is cut off instead of holding a connection for
   * Node's default five minutes.
   */
  timeouts?: { headersMs?: number; requestMs?: number };
  /** Change notifications: retry schedule, loopback webhooks (local development), an injected resolver, timers. */
  notifications?: LocalNotificationsOptions;
  /** Limits on subscribing and signing in other than the defaults (functions/api/src/rate-limits.ts). */
  rateLimits?: Partial<RateLimitPolicy>;
}

export interface LocalHub {
  url: string;
  adminKey: string;
  credentialsFile: string;
  credentials: DevCredentials;
  bus: LocalEventBus;
  /** The embedded DynamoDB server, for tools that read the store directly (the benchmark's baseline). */
  dynamoDbEndpoint: string;
  /** Runs the outbox republisher once, now (tests use it instead of waiting for the timer). */
  republishNow: () => Promise<{ found: number; republished: number; failed: number }>;
  /** The local delivery scheduler and email outbox. */
  notifications: LocalNotificationsControls;
  stop: () => Promise<void>;
}

const REGION = 'eu-west-2';
// The embedded servers accept any credentials; the SDK insists on having some.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const quietLogger: Logger = {
  info: () => {},
  warn: (message, extra) => console.warn(message, extra),
  error: (message, extra) => console.error(message, extra),
};

/**
 * The whole hub on one machine: a DynamoDB-API server persisting under the data folder, a
 * local EventBridge endpoint routing by the stack's own rule patterns to the same consumer
 * handlers Lambda runs, and the API on @hono/node-server. Only endpoints differ from AWS.
 */
export async function startLocalHub(options: LocalHubOptions): Promise<LocalHub> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const progress = options.progress ?? (() => {});
  const logger = options.logger ?? quietLogger;

  const database = new EmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
  const { endpoint: dynamoEndpoint } = await database.start();
  const dynamoDb = { endpoint: dynamoEndpoint, region: REGION, credentials: LOCAL_CREDENTIALS };
  const tableClient = new DynamoDBClient(dynamoDb);
  await ensureTable(tableClient, hubTableCreateInput(DEFAULT_TABLE_NAME));

  const project = createProjector(wireProjector({ tableName: DEFAULT_TABLE_NAME, dynamoDb }));
  const appendToChangeFeed = createChangeFeedAppender(wireChangeFeed({ tableName: DEFAULT_TABLE_NAME, dynamoDb }));
  const notifications = createLocalNotifications({
    dataDir,
    tableName: DEFAULT_TABLE_NAME,
    dynamoDb,
    logger,
    options: options.notifications,
  });
  const deadLetters = join(dataDir, 'dead-letters.jsonl');
  const bus = new LocalEventBus({
    busName: DEFAULT_BUS_NAME,
    region: REGION,
    rules: [
      { name: 'projector', pattern: consumerRules.projector.pattern, target: async (event) => void (await project(event)) },
      { name: 'changeFeed', pattern: consumerRules.changeFeed.pattern, target: async (event) => void (await appendToChangeFeed(event)) },
      notifications.busRule,
    ],
    // Like EventBridge, the bus keeps what it accepted until delivered, so a crash loses none of it.
    journal: new DynamoDbDeliveryJournal(tableClient, DEFAULT_TABLE_NAME, DEFAULT_BUS_NAME),
    // Like a rule target's DLQ: nothing is lost, and the file says what failed and why.
    deadLetter: async (failure: DeadLetter) => {
      logger.error('a delivery failed every retry and was dead-lettered', { rule: failure.rule, file: deadLetters });
      await appendFile(deadLetters, `${JSON.stringify({ ...failure, error: String(failure.error) })}\n`);
    },
  });
  const { endpoint: busEndpoint } = await bus.start();
  const eventBridge = { endpoint: busEndpoint, region: REGION, credentials: LOCAL_CREDENTIALS };

  const saved = await readCredentials(dataDir);
  const admin = resolveAdminKey(options.adminKey, saved);
  const app = createApp(
    wireApi(
      {
        tableName: DEFAULT_TABLE_NAME,
        busName: DEFAULT_BUS_NAME,
        adminKeyHash: hashKey(admin.key),
        dynamoDb,
        eventBridge,
        logger,
        sessionSecret: await resolveSessionSecret(dataDir, options.sessionSecret),
        assetsDir: localAssetsDir(),
        subscriptions: notifications.apiConfig,
        rateLimits: options.rateLimits,
        // Callers without a key are counted by the socket's peer; requests made in this process (the seed) have none.
        clientAddress: (c) => (c.env?.incoming ? getConnInfo(c).remote.address : undefined),
      },
      wireSubscriptionServices,
      { requestLimits: wireRequestLimits, changeFeed: (documents, tableName) => new DynamoDbChangeFeed(documents, tableName) },
    ),
    // The local run serves every route group from one app; in AWS each Lambda serves some.
    allRoutes,
  );
  notifications.registerLocalPages(app, hashKey(admin.key));

  let credentials: DevCredentials = saved ?? { note: '', adminKey: null, organisations: [] };
  if (options.seed) {
    const area = options.seed;
    const existing = await app.request(`/v1/areas/${area.id}`);
    // The keys are written down only once the seed is done: an area without every one of them was
    // left part-seeded by a start that stopped (or its keys were lost), so the seed completes it.
    const saved = new Map(
      credentials.organisations.filter((entry) => entry.areaId === area.id).map((entry) => [entry.organisationId, entry.key]),
    );
    const complete = area.organisations.every((organisation) => saved.has(organisation.id));
    if (existing.status === 404 || !complete) {
      if (existing.status !== 404)
        progress(`${area.name} was not fully seeded by an earlier start: adding what is missing, changing nothing that is there`);
      const keys = await loadSeedArea(
        (path, init) => app.request(path, init),
        admin.key,
        area,
        progress,
        existing.status === 404 ? undefined : { keys: saved },
      );
      credentials = {
        ...credentials,
        organisations: [
          ...credentials.organisations.filter((entry) => entry.areaId !== area.id),
          ...area.organisations.map((organisation) => ({
            areaId: area.id,
            organisationId: organisation.id,
            name: organisation.name,
            key: keys.get(organisation.id)!,
          })),
        ],
      };
    }
  }
  credentials = { ...credentials, adminKey: options.adminKey ? null : admin.key };
  await writeCredentials(dataDir, credentials);

  const republish = createOutboxRepublisher({
    ...wireRepublisher({ tableName: DEFAULT_TABLE_NAME, busName: DEFAULT_BUS_NAME, dynamoDb, eventBridge }),
    minAgeMs: options.outbox?.minAgeMs ?? 5_000,
  });
  const timer = setInterval(() => {
    republish().catch((error) => logger.warn('outbox republisher run failed; it will run again', { error: String(error) }));
  }, options.outbox?.everyMs ?? 5_000);
  timer.unref();

  const server: ServerType = await new Promise((ready) => {
    const headersTimeout = options.timeouts?.headersMs ?? 10_000;
    const requestTimeout = options.timeouts?.requestMs ?? 60_000;
    const started = serve(
      {
        fetch: app.fetch,
        port: options.port,
        hostname: options.host ?? '127.0.0.1',
        serverOptions: {
          headersTimeout,
          requestTimeout,
          // Node checks those timeouts on this interval (30 s by default, longer than the timeouts themselves).
          connectionsCheckingInterval: Math.min(1_000, headersTimeout, requestTimeout),
        },
      },
      () => ready(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  notifications.start(url);

  return {
    url,
    adminKey: admin.key,
    credentialsFile: join(dataDir, 'dev-credentials.json'),
    credentials,
    bus,
    dynamoDbEndpoint: dynamoEndpoint,
    republishNow: republish,
    notifications: notifications.controls,
    stop: async () => {
      clearInterval(timer);
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await notifications.stop();
      await bus.stop();
      tableClient.destroy();
      await database.stop();
    },
  };
}

export { southYorkshire };
