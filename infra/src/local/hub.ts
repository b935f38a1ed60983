import { appendFile, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, hashKey, wireApi, type Logger } from '@partnership-hub/api';
import { EmbeddedDynamoDb, ensureTable, LocalEventBus, type DeadLetter } from '@partnership-hub/local-aws';
import { createOutboxRepublisher, wireRepublisher } from '@partnership-hub/outbox-republisher';
import { createProjector, wireProjector } from '@partnership-hub/projector';
import { southYorkshire, type SeedArea } from '@partnership-hub/seed';
import { hubTableCreateInput } from '@partnership-hub/store';
import { consumerRules, DEFAULT_BUS_NAME, DEFAULT_TABLE_NAME } from '../topology.ts';
import { readCredentials, resolveAdminKey, writeCredentials, type DevCredentials } from './credentials.ts';
import { loadSeedArea } from './seed-loader.ts';

export interface LocalHubOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  adminKey?: string | undefined;
  /** Load South Yorkshire's published material into an empty hub. */
  seed?: SeedArea | false;
  /** How often the outbox republisher runs (default 5 s), and how old an unpublished event must be before it is sent again (default 5 s). */
  outbox?: { everyMs?: number; minAgeMs?: number };
  logger?: Logger;
  progress?: (message: string) => void;
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
  stop: () => Promise<void>;
}

const REGION = 'eu-west-2';
// The embedded servers accept any credentials; the SDK insists on having some.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const quietLogger: Logger = { info: () => {}, warn: (message, extra) => console.warn(message, extra), error: (message, extra) => console.error(message, extra) };

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
  const setupClient = new DynamoDBClient(dynamoDb);
  await ensureTable(setupClient, hubTableCreateInput(DEFAULT_TABLE_NAME));
  setupClient.destroy();

  const project = createProjector(wireProjector({ tableName: DEFAULT_TABLE_NAME, dynamoDb }));
  const deadLetters = join(dataDir, 'dead-letters.jsonl');
  const bus = new LocalEventBus({
    busName: DEFAULT_BUS_NAME,
    region: REGION,
    rules: [{ name: 'projector', pattern: consumerRules.projector.pattern, target: async (event) => void (await project(event)) }],
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
    wireApi({ tableName: DEFAULT_TABLE_NAME, busName: DEFAULT_BUS_NAME, adminKeyHash: hashKey(admin.key), dynamoDb, eventBridge, logger }),
  );

  let credentials: DevCredentials = saved ?? { note: '', adminKey: null, organisations: [] };
  if (options.seed) {
    const area = options.seed;
    const existing = await app.request(`/v1/areas/${area.id}`);
    if (existing.status === 404) {
      const keys = await loadSeedArea((path, init) => app.request(path, init), admin.key, area, progress);
      credentials = {
        ...credentials,
        organisations: area.organisations.map((organisation) => ({ areaId: area.id, organisationId: organisation.id, name: organisation.name, key: keys.get(organisation.id)! })),
      };
    }
  }
  credentials = { ...credentials, adminKey: options.adminKey ? null : admin.key };
  await writeCredentials(dataDir, credentials);

  const republish = createOutboxRepublisher({ ...wireRepublisher({ tableName: DEFAULT_TABLE_NAME, busName: DEFAULT_BUS_NAME, dynamoDb, eventBridge }), minAgeMs: options.outbox?.minAgeMs ?? 5_000 });
  const timer = setInterval(() => {
    republish().catch((error) => logger.warn('outbox republisher run failed; it will run again', { error: String(error) }));
  }, options.outbox?.everyMs ?? 5_000);
  timer.unref();

  const server: ServerType = await new Promise((ready) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, () => ready(started));
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    adminKey: admin.key,
    credentialsFile: join(dataDir, 'dev-credentials.json'),
    credentials,
    bus,
    dynamoDbEndpoint: dynamoEndpoint,
    republishNow: republish,
    stop: async () => {
      clearInterval(timer);
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await bus.stop();
      await database.stop();
    },
  };
}

export { southYorkshire };
