import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HubApp, isAdministratorKey, type Logger } from '@partnership-hub/api';
import { createDeliveryWorker, createDigestRun, createDueRunner, createNotifier, wireNotifications } from '@partnership-hub/notifier';
import { createDocumentClient, type DynamoDbConnection } from '@partnership-hub/store';
import { parseRetryDelays, type Resolve, type SubscriptionsConfig, TableDeliveryQueue } from '@partnership-hub/subscriptions';
import { emlOutbox, listOutbox } from '@partnership-hub/subscriptions/email';
import { consumerRules } from '../topology.ts';

export interface LocalNotificationsOptions {
  /** The retry schedule, as `HUB_WEBHOOK_RETRY_DELAYS` (e.g. `1s,2s,4s`); default: that variable, else the production schedule. */
  retryDelays?: string;
  /** Send webhooks to loopback addresses (local development); default: `HUB_ALLOW_LOOPBACK_WEBHOOKS=1`. */
  allowLoopbackWebhooks?: boolean;
  /** Resolves webhook host names (tests inject one); default: the system's DNS. */
  resolve?: Resolve;
  /** How often the scheduler looks for due deliveries (default 1 s; it also runs at once after every enqueue). */
  pollEveryMs?: number;
  /** How often the digest runs (default: daily). */
  digestEveryMs?: number;
  webhookTimeoutMs?: number;
  /** How soon a verification or confirmation may be sent again (tests shorten it; default a minute). */
  resendIntervalMs?: number;
}

export interface LocalNotificationsControls {
  /** Where the emails are written. */
  outboxDir: string;
  /** Attempts every delivery that is due now (tests use it instead of waiting for the timer). */
  runDueNow: () => Promise<number>;
  /** Runs the daily digest now. */
  runDigestNow: () => Promise<{ digests: number }>;
}

const FROM = 'Partnership Hub <alerts@partnership-hub.localhost>';

/**
 * Notifications in the local run: the notifier on the local bus, the delivery worker fed by a
 * durable scheduler in the table (polled by a timer, so a restart loses nothing), webhooks
 * really sent, and emails written as .eml files under `<dataDir>/outbox/`, listed at
 * GET /local/outbox (served by the local run only, never by the shared app).
 */
export function createLocalNotifications(props: {
  dataDir: string;
  tableName: string;
  dynamoDb: DynamoDbConnection;
  logger: Logger;
  options?: LocalNotificationsOptions | undefined;
}) {
  const options = props.options ?? {};
  const allowLoopbackWebhooks = options.allowLoopbackWebhooks ?? false;
  const outboxDir = join(props.dataDir, 'outbox');
  let baseUrl = 'http://127.0.0.1';
  const queue = new TableDeliveryQueue(createDocumentClient(props.dynamoDb), props.tableName);
  const wired = wireNotifications(
    {
      tableName: props.tableName,
      dynamoDb: props.dynamoDb,
      publicBaseUrl: () => baseUrl,
      retryDelaysMs: parseRetryDelays(options.retryDelays),
      allowLoopbackWebhooks,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
      logger: props.logger,
    },
    queue,
    emlOutbox(outboxDir, FROM),
  );
  const notify = createNotifier(wired.notifier);
  const worker = createDeliveryWorker(wired.worker);
  const runDue = createDueRunner(queue, worker, wired.worker.clock, props.logger);
  const runDigest = createDigestRun(wired.notifier);
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  const kick = () => {
    if (stopped) return;
    inFlight = runDue().catch((error) => props.logger.warn('the delivery scheduler failed; it will run again', { error: String(error) }));
  };

  return {
    busRule: { name: 'notifier', pattern: consumerRules.notifier.pattern, target: async (event: unknown) => void (await notify(event)) },
    apiConfig: {
      queue,
      allowLoopbackWebhooks,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.resendIntervalMs !== undefined ? { resendIntervalMs: options.resendIntervalMs } : {}),
    } satisfies SubscriptionsConfig,
    /** Sign-in links and invitations go to the same outbox as the alerts. */
    sendEmail: emlOutbox(outboxDir, FROM),

    /**
     * GET /local/outbox lists the emails; GET /local/outbox/{file} shows one. Only with the
     * administrator's key: the emails hold confirmation and unsubscribe links, which are as good as
     * the subscriptions they manage.
     */
    registerLocalPages(app: HubApp, adminKeyHash: string): void {
      for (const path of ['/local/outbox', '/local/outbox/*']) {
        app.use(path, async (c, next) => {
          const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
          const problem = (status: 401 | 403, title: string, detail: string) =>
            c.json({ type: 'about:blank', title, status, detail }, status, {
              'content-type': 'application/problem+json',
              ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
            });
          if (!presented) return problem(401, 'Unauthenticated', "The local outbox needs the administrator's key (Authorization: Bearer).");
          if (!isAdministratorKey(presented, adminKeyHash))
            return problem(403, 'Forbidden', "Only the administrator's key opens the local outbox.");
          await next();
        });
      }
      app.get('/local/outbox', async (c) =>
        c.json({
          outbox: outboxDir,
          emails: (await listOutbox(outboxDir)).map((entry) => ({ ...entry, url: `/local/outbox/${entry.file}` })),
        }),
      );
      app.get('/local/outbox/:file', async (c) => {
        const file = c.req.param('file');
        if (!/^[\w.-]+\.eml$/.test(file)) return c.text('Not an outbox file', 404);
        try {
          return c.body(await readFile(join(outboxDir, file), 'utf8'), 200, { 'content-type': 'text/plain; charset=utf-8' });
        } catch {
          return c.text('No such email', 404);
        }
      });
    },

    start(url: string): void {
      baseUrl = url;
      timers.push(setInterval(kick, options.pollEveryMs ?? 1_000));
      timers.push(
        setInterval(
          () => void runDigest().catch((error) => props.logger.warn('the digest run failed', { error: String(error) })),
          options.digestEveryMs ?? 86_400_000,
        ),
      );
      for (const timer of timers) timer.unref();
      queue.onEnqueue(() => setImmediate(kick));
      kick();
    },

    controls: { outboxDir, runDueNow: runDue, runDigestNow: runDigest } satisfies LocalNotificationsControls,

    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await inFlight;
    },
  };
}
