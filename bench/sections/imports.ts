/**
 * Bulk import bench: a 2,000-row work programme CSV sent over HTTP to the embedded hub, as a
 * council's system sends it.
 *
 * - Dry run (`?dryRun=true`), on an empty organisation and on one that already holds the file
 *   (most rows unchanged, some revised, some new): target ≤ 1 s each. Beside it, the floor of
 *   sending the same body over HTTP to a bare Hono server on the same machine.
 * - Commit (the same file without dryRun) into the organisation while it holds nothing, so every
 *   row is an append: target within 2× of 2,000 raw conditional PutItems of log-sized items
 *   through the same store (the hub's dynalite), at the same concurrency as the import's appends,
 *   measured in the same run just before and just after the commit (the mean of the two). The
 *   commit is timed twice, into two empty bodies: first with the log relay held, baseline runs
 *   included, so that the consumers do not share the event loop with the appends (as on AWS, where
 *   they run in functions of their own); then as the local run does it, the consumers working on
 *   the first appends while the rest are made.
 *
 * Beside each wall time, `cpuMs`: the CPU time this one process (driver, hub, dynalite and the
 * consumers alike) spent meanwhile, which other work on a shared machine sways less.
 *
 * The bench waits (bounded) for the bus to go idle between phases, so the consumers of one phase's
 * events (projector, change feed, notifier) do not weigh on the next. All traffic is to
 * 127.0.0.1; every loop is bounded in count and time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ServerType, serve } from '@hono/node-server';
import { type LocalHub, startLocalHub } from '@partnership-hub/infra/local';
import { DEFAULT_TABLE_NAME } from '@partnership-hub/infra/topology';
import { createDocumentClient } from '@partnership-hub/store';
import { Hono } from 'hono';
import { exchange, within } from '../lib/load.ts';
import { round, summarise } from '../lib/stats.ts';

const ADMIN = 'bench-imports-admin';
const ROWS = 2_000;
/** Rows of the second file that change, and that are new (the rest are unchanged). */
const CHANGED = 150;
const ADDED = 150;
const DRY_RUNS = 5;
/** The raw baseline's writes in flight at once: the import's own bound on concurrent appends. */
const BASELINE_CONCURRENCY = 8;
const IDLE_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 180_000;
const DRY_RUN_TARGET_MS = 1_000;
const COMMIT_TARGET_RATIO = 2;

const THEMES = ['domestic-abuse', 'anti-social-behaviour', 'burglary', 'serious-violence', 'road-safety', 'hate-crime', 'mental-health'];
const KINDS = ['report', 'scrutiny-review', 'task-and-finish', 'performance-update', 'meeting'];
const HEADER = 'id,title,themes,kind,date,quarter,status,description,priorities,visibility';

const log = (message: string) => process.stderr.write(`[bench:imports] ${message}\n`);

/** One CSV row: every column filled, about the size of a real council export's row. */
function row(n: number, revision = 0): string {
  const month = (n % 12) + 1;
  const date = `2027-${String(month).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
  const quarter = `2027-Q${Math.ceil(month / 3)}`;
  const themes = [THEMES[n % THEMES.length], THEMES[(n + 3) % THEMES.length]].join(';');
  const title = `Scrutiny of item ${n}${revision ? ` (revised ${revision})` : ''}: ${THEMES[n % THEMES.length]!.replaceAll('-', ' ')} in the area`;
  const description = `"Members will receive a report on progress against the partnership plan, with figures for the last quarter, the actions agreed, and the risks, item ${n}."`;
  const visibility = n % 5 === 0 ? 'partners' : 'public';
  return [
    `wp-${String(n).padStart(5, '0')}`,
    title,
    themes,
    KINDS[n % KINDS.length],
    date,
    quarter,
    'planned',
    description,
    '',
    visibility,
  ].join(',');
}

const csvOf = (rows: string[]) => [HEADER, ...rows].join('\n');

export async function imports(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'partnership-hub-bench-imports-'));
  const hub = await startLocalHub({ dataDir, port: 0, adminKey: ADMIN, seed: false });
  const floor = await startBodyFloorServer();
  const documents = createDocumentClient(hub.dynamoDb);
  try {
    const first = csvOf(Array.from({ length: ROWS }, (_, n) => row(n)));
    // The second file: the first's rows, some revised, the last ADDED replaced by new ids (2,000 rows still).
    const second = csvOf(
      Array.from({ length: ROWS }, (_, n) =>
        n >= ROWS - ADDED ? row(ROWS + n) : n % Math.floor(ROWS / CHANGED) === 0 ? row(n, 1) : row(n),
      ),
    );
    const expectedSecond = countOutcomes(second, first);
    log(`files: ${Buffer.byteLength(first)} and ${Buffer.byteLength(second)} bytes, ${ROWS} rows each`);

    const body = await createBody(hub, 'bench-imports');
    const importUrl = (dryRun: boolean, into = body) =>
      `${hub.url}/v1/areas/${into.areaId}/organisations/${into.organisationId}/work-programme/import${dryRun ? '?dryRun=true' : ''}`;
    const send = async (csv: string, dryRun: boolean, into = body) => {
      const cpu = process.cpuUsage();
      const answer = await exchange(
        {
          url: importUrl(dryRun, into),
          init: { method: 'POST', headers: { authorization: `Bearer ${into.key}`, 'content-type': 'text/csv' }, body: csv },
        },
        { readText: true, timeoutMs: REQUEST_TIMEOUT_MS },
      );
      if (answer.status !== 200) throw new Error(`the import answered ${answer.status || answer.failure}: ${answer.text.slice(0, 300)}`);
      return { ms: answer.latencyMs, cpuMs: cpuMsSince(cpu), result: JSON.parse(answer.text) as ImportAnswer };
    };
    const floorRun = async (csv: string) => {
      const answer = await exchange(
        { url: floor.url, init: { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv } },
        { timeoutMs: REQUEST_TIMEOUT_MS },
      );
      if (answer.status !== 200) throw new Error(`the body floor server answered ${answer.status || answer.failure}`);
      return answer.latencyMs;
    };

    // 1. Dry run of the first file on the organisation while it holds nothing (every row would be created).
    await send(first, true); // warm-up: route, schemas and store client
    await floorRun(first);
    const dryEmpty: number[] = [];
    const dryEmptyCpu: number[] = [];
    const floorTimes: number[] = [];
    for (let run = 0; run < DRY_RUNS; run++) {
      const { ms, cpuMs, result } = await send(first, true);
      expectCounts(result, { created: ROWS, revised: 0, unchanged: 0 }, 'dry run on an empty organisation');
      dryEmpty.push(ms);
      dryEmptyCpu.push(cpuMs);
      floorTimes.push(await floorRun(first));
    }
    log(`dry run, empty organisation: median ${median(dryEmpty)} ms (body floor ${median(floorTimes)} ms)`);

    // 2. The commit into a second empty body with the log relay held (LocalHub.holdRelay), between
    // two runs of the raw baseline held alike: the appends alone, as on AWS where the relay and the
    // consumers run in functions of their own rather than on this event loop. Then the relay is
    // released and the catch-up timed.
    const quiet = await createBody(hub, 'bench-imports-held');
    const release = hub.holdRelay();
    const heldBaselineTimes: number[] = [];
    let held: Awaited<ReturnType<typeof send>>;
    try {
      heldBaselineTimes.push(await rawConditionalPuts(documents, 'BENCH#imports#held-before#', first));
      held = await send(first, false, quiet);
      heldBaselineTimes.push(await rawConditionalPuts(documents, 'BENCH#imports#held-after#', first));
    } finally {
      release();
    }
    expectCounts(held.result, { created: ROWS, revised: 0, unchanged: 0 }, 'commit with the relay held');
    const heldDrainStarted = performance.now();
    const heldDrained = await within(hub.idle(), IDLE_TIMEOUT_MS);
    const heldCaughtUpMs = heldDrained ? round(performance.now() - heldDrainStarted) : null;
    log(
      `commit with the relay held: ${round(held.ms)} ms; raw PutItems ${heldBaselineTimes.join(' and ')} ms; consumers caught up ${heldCaughtUpMs} ms after release`,
    );

    // 3. The commit of the first file as the local run does it (the consumers working meanwhile), between two runs of the raw baseline.
    const baselineTimes = [await rawConditionalPuts(documents, 'BENCH#imports#before#', first)];
    const busBefore = hub.bus.stats();
    const commit = await send(first, false);
    expectCounts(commit.result, { created: ROWS, revised: 0, unchanged: 0 }, 'commit');
    const drainStarted = performance.now();
    const drained = await within(hub.idle(), IDLE_TIMEOUT_MS);
    const consumersCaughtUpMs = drained ? round(performance.now() - drainStarted) : null;
    const busAfter = hub.bus.stats();
    baselineTimes.push(await rawConditionalPuts(documents, 'BENCH#imports#after#', first));
    log(
      `commit: ${round(commit.ms)} ms; raw PutItems ${baselineTimes.join(' and ')} ms; consumers caught up ${consumersCaughtUpMs} ms later`,
    );

    // 4. Dry run of the second file on the organisation that holds the first.
    const dryExisting: number[] = [];
    const dryExistingCpu: number[] = [];
    for (let run = 0; run < DRY_RUNS; run++) {
      const { ms, cpuMs, result } = await send(second, true);
      expectCounts(result, expectedSecond, 'dry run on an organisation holding the first file');
      dryExisting.push(ms);
      dryExistingCpu.push(cpuMs);
    }
    log(`dry run, organisation holding the file: median ${median(dryExisting)} ms`);

    // 5. The second file's commit, once (informational: only the changed and new rows append).
    const mixed = await send(second, false);
    expectCounts(mixed.result, expectedSecond, 'commit of the second file');
    await within(hub.idle(), IDLE_TIMEOUT_MS);

    const baselineMean = round((baselineTimes[0]! + baselineTimes[1]!) / 2);
    const ratio = baselineMean > 0 ? round(commit.ms / baselineMean, 3) : null;
    const heldBaselineMean = round((heldBaselineTimes[0]! + heldBaselineTimes[1]!) / 2);
    const heldRatio = heldBaselineMean > 0 ? round(held.ms / heldBaselineMean, 3) : null;
    return {
      file: { rows: ROWS, bytes: Buffer.byteLength(first), kind: 'work-programme CSV, every column filled' },
      dryRunEmptyOrganisation: {
        route: 'POST /v1/areas/{a}/organisations/{o}/work-programme/import?dryRun=true (text/csv): every row would be created',
        runs: DRY_RUNS,
        medianMs: median(dryEmpty),
        latency: summarise(dryEmpty),
        medianCpuMs: median(dryEmptyCpu),
        baseline: {
          route: 'POST of the same body to a bare Hono app on @hono/node-server that reads it as text and answers its length',
          medianMs: median(floorTimes),
          latency: summarise(floorTimes),
        },
        target: `median of ${DRY_RUNS} <= ${DRY_RUN_TARGET_MS} ms`,
        met: median(dryEmpty) <= DRY_RUN_TARGET_MS,
      },
      dryRunHoldingTheFile: {
        route: `the same route, a second file on the organisation holding the first: ${expectedSecond.unchanged} unchanged, ${expectedSecond.revised} revised, ${expectedSecond.created} new`,
        runs: DRY_RUNS,
        medianMs: median(dryExisting),
        latency: summarise(dryExisting),
        medianCpuMs: median(dryExistingCpu),
        target: `median of ${DRY_RUNS} <= ${DRY_RUN_TARGET_MS} ms`,
        met: median(dryExisting) <= DRY_RUN_TARGET_MS,
      },
      commit: {
        route:
          'POST /v1/areas/{a}/organisations/{o}/work-programme/import (text/csv) into the organisation holding nothing: 2,000 appends, then publishing them',
        ms: round(commit.ms),
        cpuMs: commit.cpuMs,
        consumersCaughtUpAfterResponseMs: consumersCaughtUpMs,
        busDuringCommitAndCatchUp: {
          accepted: busAfter.accepted - busBefore.accepted,
          delivered: busAfter.delivered - busBefore.delivered,
          failedDeliveries: busAfter.failedDeliveries - busBefore.failedDeliveries,
        },
        baseline: {
          route: `${ROWS} conditional PutCommands (attribute_not_exists(pk)) of log-sized items through the document client on the same dynalite, ${BASELINE_CONCURRENCY} at a time, just before and just after the commit`,
          runsMs: baselineTimes,
          // A run made while the consumers still worked measures them too, not the store alone.
          consumersIdleAtEachRun: [heldDrained, drained],
          meanMs: baselineMean,
        },
        ratioToBaseline: ratio,
        target: `<= ${COMMIT_TARGET_RATIO}x baseline`,
        met: ratio !== null && ratio <= COMMIT_TARGET_RATIO,
      },
      commitWithTheRelayHeld: {
        route:
          'the same commit into a second body holding nothing, with the log relay held until it answered (its events waited in the outbox): the appends alone, the consumers idle',
        ms: round(held.ms),
        cpuMs: held.cpuMs,
        consumersCaughtUpAfterReleaseMs: heldCaughtUpMs,
        consumersCaughtUpBoundMs: IDLE_TIMEOUT_MS,
        baseline: {
          route: `the same ${ROWS} raw conditional PutCommands, just before and just after this commit, the relay held alike`,
          runsMs: heldBaselineTimes,
          meanMs: heldBaselineMean,
        },
        ratioToBaseline: heldRatio,
        target: `<= ${COMMIT_TARGET_RATIO}x baseline`,
        met: heldRatio !== null && heldRatio <= COMMIT_TARGET_RATIO,
      },
      commitOfTheSecondFile: {
        route: `the second file committed: ${expectedSecond.revised + expectedSecond.created} appends, ${expectedSecond.unchanged} unchanged`,
        ms: round(mixed.ms),
      },
    };
  } finally {
    documents.destroy();
    await floor.stop();
    await hub.stop();
    if (!process.env.KEEP_BENCH_DATA) await rm(dataDir, { recursive: true, force: true });
  }
}

interface ImportAnswer {
  created: number;
  revised: number;
  unchanged: number;
  items: unknown[];
}

type Counts = Pick<ImportAnswer, 'created' | 'revised' | 'unchanged'>;

function expectCounts(result: ImportAnswer, expected: Counts, what: string): void {
  if (result.created !== expected.created || result.revised !== expected.revised || result.unchanged !== expected.unchanged)
    throw new Error(
      `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify({ created: result.created, revised: result.revised, unchanged: result.unchanged })}`,
    );
}

/** What importing `next` over `previous` should answer, counted from the files' lines (ids are the first cell). */
function countOutcomes(next: string, previous: string): Counts {
  const before = new Map(previous.split('\n').map((line) => [line.split(',')[0], line]));
  const counts = { created: 0, revised: 0, unchanged: 0 };
  for (const line of next.split('\n').slice(1)) {
    const earlier = before.get(line.split(',')[0]);
    if (earlier === undefined) counts.created++;
    else if (earlier === line) counts.unchanged++;
    else counts.revised++;
  }
  return counts;
}

async function createBody(hub: LocalHub, areaId: string) {
  const organisationId = `${areaId}-scrutiny`;
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await exchange(
      {
        url: `${hub.url}${path}`,
        init: {
          method,
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        },
      },
      { readText: true },
    );
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    return answer.text;
  };
  await call('PUT', `/v1/areas/${areaId}`, { name: `Bench imports ${areaId}` });
  await call('PUT', `/v1/areas/${areaId}/organisations/${organisationId}`, {
    name: 'Bench scrutiny committee',
    kind: 'scrutiny-committee',
  });
  const key = (JSON.parse(await call('POST', `/v1/areas/${areaId}/organisations/${organisationId}/api-keys`)) as { key: string }).key;
  return { areaId, organisationId, key };
}

/**
 * The commit's baseline: one conditional PutItem per row, of an item shaped and sized like an
 * event log item (the row as JSON in `detail`, outbox keys), BASELINE_CONCURRENCY at a time.
 */
async function rawConditionalPuts(documents: ReturnType<typeof createDocumentClient>, prefix: string, csv: string): Promise<number> {
  const lines = csv.split('\n').slice(1);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: BASELINE_CONCURRENCY }, async () => {
      while (next < lines.length) {
        const index = next++;
        const line = lines[index]!;
        const occurredAt = new Date().toISOString();
        await documents.send(
          new PutCommand({
            TableName: DEFAULT_TABLE_NAME,
            Item: {
              pk: `${prefix}${index}`,
              sk: 'V#0000000001',
              detailType: 'WorkProgrammeItemScheduled',
              detail: JSON.stringify({ line, occurredAt, subject: { type: 'work-programme-item', id: index, version: 1 } }),
              eventId: `${prefix}${index}`,
              occurredAt,
              outboxPk: 'bench',
              outboxSk: `${occurredAt}#${prefix}${index}`,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      }
    }),
  );
  return round(performance.now() - started);
}

/** The dry run's floor: the same body over HTTP to a bare Hono app that reads it and answers its length. */
async function startBodyFloorServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new Hono();
  app.post('/body', async (c) => c.json({ length: (await c.req.text()).length }));
  const server: ServerType = await new Promise((ready) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/body`,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** This process's CPU time (user + system, all threads) since `since`: less swayed than wall time by other work on the machine. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const spent = process.cpuUsage(since);
  return round((spent.user + spent.system) / 1000);
}

function median(samples: readonly number[]): number {
  return summarise(samples).p50Ms ?? Number.NaN;
}
