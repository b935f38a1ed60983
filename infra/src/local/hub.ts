import { appendFile, mkdir } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  allRoutes,
  createApp,
  createConnectorSweep,
  createOverdueCheck,
  hashKey,
  type Logger,
  localAssetsDir,
  type RateLimitPolicy,
  wireApi,
  wireInProcessConnectors,
  wireOpenIdConnect,
  wirePeople,
  wireRequestLimits,
} from '@partnership-hub/api';
import { createChangeFeedAppender, wireChangeFeed } from '@partnership-hub/change-feed';
import {
  type DeadLetter,
  DynamoDbDeliveryJournal,
  EmbeddedDynamoDb,
  ensureTable,
  type LocalAwsConnection,
  LocalEventBus,
  localAwsConnection,
} from '@partnership-hub/local-aws';
import {
  createOutboxRelay,
  type OutboxRelayResult,
  outboxCutOff,
  type SingleFlight,
  singleFlight,
  wakingOnAppend,
  wireRelay,
} from '@partnership-hub/log-relay';
import { createProjector, wireProjector } from '@partnership-hub/projector';
import { type SeedArea, southYorkshire } from '@partnership-hub/seed';
import {
  createDocumentClient,
  DynamoDbChangeFeed,
  DynamoDbClientSecretStore,
  DynamoDbConnectorStore,
  DynamoDbIdentityProviderStore,
  DynamoDbPersonIdentityStore,
  hubTableCreateInput,
} from '@partnership-hub/store';
import { wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { consumerRules, DEFAULT_BUS_NAME, DEFAULT_TABLE_NAME } from '../topology.ts';
import { reportCatchUp } from './catch-up.ts';
import { answerClientErrors } from './client-errors.ts';
import { type DevCredentials, readCredentials, resolveAdminKey, writeCredentials } from './credentials.ts';
import { type DevIdentityProvider, startDevIdentityProvider } from './dev-identity-provider.ts';
import { createLocalNotifications, type LocalNotificationsControls, type LocalNotificationsOptions } from './notifications.ts';
import { seededDomain, seededPeople, seedPeople, withPasswords } from './people.ts';
import { deliveryTurn, PROJECTOR_RULE, RequestsFirst, type Turn } from './requests-first.ts';
import { loadSeedArea, seedEdition, seededBodies } from './seed-loader.ts';
import { resolveSessionSecret } from './session-secret.ts';
import { discardUnreadBody } from './unread-bodies.ts';

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
  /**
   * The log relay: woken after every append, it also looks at the outbox on this interval (default
   * 1 s), a safety net for a wake-up that found the bus down; one run sends at most `maxPerRun`
   * events (default 500), and a full run asks for the next at once.
   */
  relay?: { pollEveryMs?: number; maxPerRun?: number };
  /**
   * Background work (relay runs, the bus's deliveries) waits while requests are answered; while
   * they come with no pause, all of it goes each time the oldest has waited `maxWaitMs` (default 500; requests-first.ts).
   */
  background?: { maxWaitMs?: number };
  logger?: Logger;
  /** Seeding, and the start-up catch-up when it takes more than a few seconds. */
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
  /** How often the overdue check runs (default every minute; it also runs once at start). */
  overdueCheckEveryMs?: number;
  /**
   * Runs the development OpenID Connect provider on loopback, registered for the seeded people's
   * domains (`npm start` does; off by default, so that tests of the emailed link sign the seeded people in by link).
   */
  devIdentityProvider?: boolean;
  /** How often the connectors' schedule is swept for runs that are due (default every minute; also once at start). */
  connectorSweepEveryMs?: number;
}

export interface LocalHub {
  url: string;
  adminKey: string;
  credentialsFile: string;
  credentials: DevCredentials;
  bus: LocalEventBus;
  /**
   * How the hub's own SDK clients reach its embedded DynamoDB (its HTTP `endpoint` among it), for
   * tools that read the store directly: the benchmark's baselines use it to pay what the hub pays.
   */
  dynamoDb: LocalAwsConnection;
  /** Runs the log relay now (after the run under way, if any) and answers what it sent. */
  relayNow: () => Promise<OutboxRelayResult>;
  /** Resolves once the relay has nothing left to run and the bus has delivered all it accepted. */
  idle: () => Promise<void>;
  /**
   * Holds the log relay: appends wait in the outbox (wake-ups and polls do nothing) until the
   * returned release is called, which wakes it. For the bench, to time the request path alone, as
   * on AWS where the relay and the consumers run in functions of their own, not on its event loop.
   */
  holdRelay: () => () => void;
  /** The local delivery scheduler and email outbox. */
  notifications: LocalNotificationsControls;
  /** Runs the overdue check now (after the run under way, if any): tests use it with the clock they gave. */
  overdueCheckNow: () => Promise<{ notices: number }>;
  /** The development identity provider's issuer, when it runs. */
  devIdentityProviderUrl: string | undefined;
  /** Sweeps the connectors' schedule now (after the sweep under way, if any), starting the runs that are due. */
  connectorSweepNow: () => Promise<{ started: number }>;
  stop: () => Promise<void>;
}

/** The id the development identity provider is registered under. */
const DEV_PROVIDER_ID = 'local-development';

const REGION = 'eu-west-2';

/**
 * The most outbox events a start counts for its catch-up report (a larger backlog is reported as
 * this many): counting reads them, and a report needs no more.
 */
const CATCH_UP_COUNT_LIMIT = 10_000;

/**
 * The most events one local relay run sends, unless told. Far more than ever wait in normal use, so
 * a run still carries everything pending; a backlog (after a crash) takes several runs back to
 * back, and stopping the hub waits for one run, not the whole backlog.
 */
const RELAY_RUN_LIMIT = 500;
/** The most events a relay run sends when it goes while requests keep coming (requests-first.ts): one PutEvents call. */
const RELAY_OVERDUE_RUN_LIMIT = 10;

/**
 * While requests are served back to back with no pause, the waiting background work (relay runs,
 * deliveries) goes anyway each time the oldest has waited this long (requests-first.ts), a relay run
 * then sending ten events at most: the views move during a long import or a script's burst, and requests keep most of the machine.
 */
const BACKGROUND_MAX_WAIT_MS = 500;
/**
 * How long requests must have paused before background work goes (requests-first.ts): longer than
 * the gap between one answer and the next request of a client sending back to back, shorter than a
 * person's pause or a polling reader's (the bench's waits 5 ms between reads).
 */
const BACKGROUND_SETTLE_MS = 2;

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

  // The relay and the bus's deliveries wait while requests are being answered (on AWS they run in functions of their own).
  const requestsFirst = new RequestsFirst({
    maxWaitMs: options.background?.maxWaitMs ?? BACKGROUND_MAX_WAIT_MS,
    settleMs: BACKGROUND_SETTLE_MS,
  });
  const database = new EmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
  const { connection: dynamoDb } = await database.start();
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
      { name: PROJECTOR_RULE, pattern: consumerRules.projector.pattern, target: async (event) => void (await project(event)) },
      { name: 'changeFeed', pattern: consumerRules.changeFeed.pattern, target: async (event) => void (await appendToChangeFeed(event)) },
      notifications.busRule,
    ],
    // Like EventBridge, the bus keeps what it accepted until delivered, so a crash loses none of it.
    journal: new DynamoDbDeliveryJournal(tableClient, DEFAULT_TABLE_NAME, DEFAULT_BUS_NAME),
    // Requests first for the change feed and the notifier; the projector, which makes a change show in the views, goes at once.
    turn: deliveryTurn(requestsFirst),
    // Like a rule target's DLQ: nothing is lost, and the file says what failed and why.
    deadLetter: async (failure: DeadLetter) => {
      logger.error('a delivery failed every retry and was dead-lettered', { rule: failure.rule, file: deadLetters });
      await appendFile(deadLetters, `${JSON.stringify({ ...failure, error: String(failure.error) })}\n`);
    },
  });
  const { endpoint: busEndpoint } = await bus.start();
  const eventBridge = localAwsConnection(busEndpoint);

  // The log relay, the one path from the log to the bus: woken after each append (below), it
  // sends everything waiting in the outbox, and takes an event out only once the bus has it.
  const relayAdapters = wireRelay({ tableName: DEFAULT_TABLE_NAME, busName: DEFAULT_BUS_NAME, dynamoDb, eventBridge });
  // Read before the relay first runs: what an earlier process left for this one to deliver.
  const waiting = {
    events: (await relayAdapters.eventLog.unpublished(outboxCutOff(new Date(), 0), CATCH_UP_COUNT_LIMIT)).length,
    deliveries: bus.recovery().started,
  };
  let relayed = 0;
  const relayRunLimit = options.relay?.maxPerRun ?? RELAY_RUN_LIMIT;
  const relayRun = (maxPerRun: number) =>
    createOutboxRelay({
      ...relayAdapters,
      clock: () => new Date(),
      minAgeMs: 0,
      maxPerRun,
      // Ten, as many as one PutEvents call takes: the catch-up's progress moves ten events at a time.
      pageSize: 10,
      onPublished: (count) => {
        relayed += count;
      },
    });
  const relay = startRelay(
    // A run let through while requests keep coming (requests-first.ts) sends one PutEvents' worth, not a backlog.
    {
      quiet: { run: relayRun(relayRunLimit), limit: relayRunLimit },
      overdue: { run: relayRun(RELAY_OVERDUE_RUN_LIMIT), limit: RELAY_OVERDUE_RUN_LIMIT },
    },
    logger,
    () => requestsFirst.turn(),
  );
  const stopCatchUpReports = reportCatchUp(
    { waiting, delivered: () => ({ events: relayed, deliveries: bus.recovery().finished }), consumersBusy: () => bus.inFlight() > 0 },
    progress,
  );
  relay.wake();
  const poll = setInterval(relay.wake, options.relay?.pollEveryMs ?? 1_000);
  poll.unref();

  const saved = await readCredentials(dataDir);
  const admin = resolveAdminKey(options.adminKey, saved);
  const api = wireApi(
    {
      tableName: DEFAULT_TABLE_NAME,
      adminKeyHash: hashKey(admin.key),
      dynamoDb,
      logger,
      sessionSecret: await resolveSessionSecret(dataDir, options.sessionSecret),
      assetsDir: localAssetsDir(),
      subscriptions: notifications.apiConfig,
      rateLimits: options.rateLimits,
      // Callers without a key are counted by the socket's peer; requests made in this process (the seed) have none.
      clientAddress: (c) => (c.env?.incoming ? getConnInfo(c).remote.address : undefined),
    },
    wireSubscriptionServices,
    {
      requestLimits: wireRequestLimits,
      changeFeed: (documents, tableName) => new DynamoDbChangeFeed(documents, tableName),
      people: wirePeople(notifications.sendEmail),
    },
  );
  // On AWS the table's stream tells the relay of each append; here the API's log does.
  const apiDeps = { ...api, eventLog: wakingOnAppend(api.eventLog, relay.wake) };
  // ModernGov connectors run in this process, writing meetings through the hub's own rules.
  const connectors = wireInProcessConnectors(() => appDeps, {
    store: new DynamoDbConnectorStore(createDocumentClient(dynamoDb), DEFAULT_TABLE_NAME),
    allowLoopback: options.notifications?.allowLoopbackWebhooks ?? false,
    logger,
  });
  const documents = createDocumentClient(dynamoDb);
  // OpenID Connect providers; locally their client secrets are kept in the table (on AWS, in Secrets Manager).
  const clientSecrets = new DynamoDbClientSecretStore(documents, DEFAULT_TABLE_NAME);
  const allowLoopback = options.notifications?.allowLoopbackWebhooks ?? false;
  const identityProviders = {
    providers: new DynamoDbIdentityProviderStore(documents, DEFAULT_TABLE_NAME),
    identities: new DynamoDbPersonIdentityStore(documents, DEFAULT_TABLE_NAME),
    clientSecrets,
    allowLoopback,
    flow: wireOpenIdConnect({ clientSecrets, allowLoopback }),
  };
  const appDeps = { ...apiDeps, connectors, identityProviders };
  const app = createApp(
    appDeps,
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
    const complete = seededBodies(area).every((organisation) => saved.has(organisation.id));
    // Which seed the area was last brought in line with: an older one's data folder is brought in
    // line with this one (withdrawn what it no longer says, added what is new); the same one, nothing.
    const edition = seedEdition(area);
    const current = credentials.seeded?.[area.id] === edition;
    if (existing.status === 404 || !complete || !current) {
      if (existing.status !== 404 && !complete)
        progress(`${area.name} was not fully seeded by an earlier start: adding what is missing, changing nothing that is there`);
      else if (existing.status !== 404)
        progress(`${area.name} was seeded by an earlier version of the seed: bringing it in line with this one`);
      const keys = await loadSeedArea(
        (path, init) => app.request(path, init),
        admin.key,
        area,
        (message) => progress(`seeding: ${message}`),
        existing.status === 404 ? undefined : { keys: saved },
      );
      // A start that seeds returns once the seed is on the bus; otherwise serving starts at once,
      // while any catch-up goes on.
      await relay.idle();
      credentials = {
        ...credentials,
        organisations: [
          ...credentials.organisations.filter((entry) => entry.areaId !== area.id),
          ...seededBodies(area).map((organisation) => ({
            areaId: area.id,
            organisationId: organisation.id,
            name: organisation.name,
            key: keys.get(organisation.id)!,
          })),
        ],
        seeded: { ...credentials.seeded, [area.id]: edition },
      };
    }
  }
  if (options.seed && api.people) {
    // Invented people for every seeded body, written straight to the store (no invitations in the outbox).
    const people = withPasswords(seededPeople(options.seed), credentials.people);
    await seedPeople(api.people.memberships, options.seed.id, people, new Date().toISOString(), api.people.newPersonId);
    credentials = { ...credentials, people };
  }
  credentials = { ...credentials, adminKey: options.adminKey ? null : admin.key };
  await writeCredentials(dataDir, credentials);

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
  answerClientErrors(server as Server);
  // Each request counts from its headers until its response closes (sent, or cut off by the timeouts above).
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const ended = requestsFirst.started();
    response.once('close', ended);
    discardUnreadBody(request, response);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  notifications.start(url);
  let devProvider: DevIdentityProvider | undefined;
  if (options.devIdentityProvider && credentials.people) {
    const accounts = credentials.people.flatMap((person) => (person.password ? [{ ...person, password: person.password }] : []));
    devProvider = await startDevIdentityProvider({ accounts: () => accounts, redirectUri: `${url}/sign-in/callback`, hubOrigin: url });
    // Registered straight into the store, as the seeded people are: its issuer is http on loopback, which the API accepts only with loopback allowed.
    const current = await identityProviders.providers.get(DEV_PROVIDER_ID);
    const version = await identityProviders.providers.put(
      {
        id: DEV_PROVIDER_ID,
        name: 'Development identity provider',
        issuer: devProvider.issuer,
        clientId: devProvider.clientId,
        emailDomains: [...new Set(credentials.people.map((person) => seededDomain(person.organisationId)))],
        updatedAt: new Date().toISOString(),
      },
      current?.version,
    );
    await identityProviders.clientSecrets.put(DEV_PROVIDER_ID, devProvider.clientSecret, version);
  } else if (await identityProviders.providers.get(DEV_PROVIDER_ID)) {
    // An earlier start ran it; not running now, the seeded people sign in with emailed links again.
    await identityProviders.providers.delete(DEV_PROVIDER_ID);
    await identityProviders.clientSecrets.delete(DEV_PROVIDER_ID);
  }
  // The overdue check: what it has recorded is in the log, so a timer is as durable as a schedule
  // (a stop loses nothing; the next run picks up what is due). One run at a time.
  const runOverdueCheck = createOverdueCheck(appDeps);
  let overdueRun: Promise<{ notices: number }> = Promise.resolve({ notices: 0 });
  const overdueCheckNow = () => {
    overdueRun = overdueRun.catch(() => ({ notices: 0 })).then(runOverdueCheck);
    return overdueRun;
  };
  const kickOverdueCheck = () =>
    void overdueCheckNow().catch((error) => logger.warn('the overdue check failed; it will run again', { error: String(error) }));
  const overdueTimer = setInterval(kickOverdueCheck, options.overdueCheckEveryMs ?? 60_000);
  overdueTimer.unref();
  kickOverdueCheck();
  // The connectors' schedule: each connector's next run is kept in the table with it, and claimed
  // there conditionally, so this timer is only a prompt (a restart neither loses nor doubles a run).
  const sweepConnectors = createConnectorSweep(appDeps, connectors);
  let connectorSweep: Promise<{ started: number }> = Promise.resolve({ started: 0 });
  const connectorSweepNow = () => {
    connectorSweep = connectorSweep.catch(() => ({ started: 0 })).then(sweepConnectors);
    return connectorSweep;
  };
  const kickConnectorSweep = () =>
    void connectorSweepNow().catch((error) =>
      logger.warn('the connector schedule sweep failed; it will run again', { error: String(error) }),
    );
  const connectorTimer = setInterval(kickConnectorSweep, options.connectorSweepEveryMs ?? 60_000);
  connectorTimer.unref();
  kickConnectorSweep();

  return {
    url,
    adminKey: admin.key,
    credentialsFile: join(dataDir, 'dev-credentials.json'),
    credentials,
    bus,
    dynamoDb,
    relayNow: relay.next,
    holdRelay: relay.hold,
    idle: async () => {
      await relay.idle();
      await bus.idle();
    },
    notifications: notifications.controls,
    overdueCheckNow,
    devIdentityProviderUrl: devProvider?.issuer,
    connectorSweepNow,
    stop: async () => {
      await devProvider?.stop();
      clearInterval(poll);
      clearInterval(overdueTimer);
      clearInterval(connectorTimer);
      await overdueRun.catch(() => {});
      await connectorSweep.catch(() => {});
      stopCatchUpReports();
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      // A connector run under way finishes its writes (each a conditional commit) before the log closes.
      await connectors.idle();
      // The run under way finishes; what it leaves (a backlog, a refusal) waits in the outbox for the next start.
      await relay.stop();
      await notifications.stop();
      await bus.stop();
      tableClient.destroy();
      await database.stop();
    },
  };
}

export { southYorkshire };

/**
 * The relay, one run at a time (a wake-up during a run asks for one more, which carries everything
 * appended meanwhile). A full run asks for the next at once, until the backlog is sent. A run the
 * bus refused, or that failed, leaves its events in the outbox for the next wake-up or poll; it is
 * reported once, not on every poll while the bus stays down. Each run waits for its turn behind the
 * requests being answered, and runs the smaller run when let through while they keep coming.
 */
function startRelay(
  runs: Record<Turn, { run: () => Promise<OutboxRelayResult>; limit: number }>,
  logger: Logger,
  turn: () => Promise<Turn>,
): SingleFlight<OutboxRelayResult> & { stop(): Promise<void>; hold(): () => void } {
  let failing = false;
  let stopped = false;
  let holds = 0;
  const relay = singleFlight(async () => {
    try {
      const { run, limit } = runs[await turn()];
      const result = await run();
      if (result.failed > 0 && !failing)
        logger.warn('the bus refused events; they stay in the outbox and the relay sends them again', { ...result });
      failing = result.failed > 0;
      if (result.failed === 0 && result.found >= limit && !stopped && holds === 0) relay.wake();
      return result;
    } catch (error) {
      if (!failing)
        logger.warn('a log relay run failed; its events stay in the outbox and the next run sends them', { error: String(error) });
      failing = true;
      throw error;
    }
  });
  return {
    ...relay,
    wake: () => {
      if (holds === 0) relay.wake();
    },
    hold: () => {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0 && !stopped) relay.wake();
      };
    },
    stop: async () => {
      stopped = true;
      await relay.idle();
    },
  };
}
