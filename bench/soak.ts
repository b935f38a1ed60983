/**
 * `npm run soak`: a mixed load at a fixed arrival rate for minutes (not in CI). Eight requests in
 * ten are reads (the joint view, a priority, the change feed, the Atom feed, a page) and two are
 * writes (new priorities, and revisions of them, with the bodies' own keys). Requests are sent on
 * schedule whether or not earlier ones have answered (an open model), so a slow hub shows as
 * latency rather than as a lower rate. At the end: one JSON document on stdout (progress on
 * stderr), with every acknowledged write checked readable.
 *
 *   npm run soak                                  embedded hub in a temporary folder, seeded
 *   npm run soak -- --rate 50 --minutes 2         (the defaults)
 *   npm run soak -- --url http://127.0.0.1:3000 --key <a body's key> --organisation <its id> [--area <id>]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalHub, startLocalHub } from '@partnership-hub/infra/local';
import { southYorkshire } from '@partnership-hub/seed';
import { paced, within } from './lib/load.ts';
import { KINDS, type Kind, SoakTraffic, type Writer } from './lib/soak-traffic.ts';
import { round, summarise, Tally } from './lib/stats.ts';

const USAGE = `Usage: npm run soak -- [--rate <requests/s>] [--minutes <n>] [--url <http://127.0.0.1:port> --key <key> --organisation <id> [--area <id>]]`;
/** After the last arrival: how long requests still running may take, and how long the check of every acknowledged write may look. */
const DRAIN_MS = 30_000;
const VERIFY_WITHIN_MS = 60_000;
const PROGRESS_EVERY_MS = 10_000;

const log = (message: string) => process.stderr.write(`[soak] ${message}\n`);

const options = readOptions();
const memory = () => {
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMiB: round(rss / 2 ** 20, 1), heapUsedMiB: round(heapUsed / 2 ** 20, 1) };
};

let hub: LocalHub | undefined;
let dataDir: string | undefined;
try {
  const target = await targetOf(options);
  const traffic = await SoakTraffic.prepare(target);
  const memoryAtStart = memory();
  const peak = { ...memoryAtStart };
  const latencies = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
  const errors = new Map<Kind, Tally>(KINDS.map((kind) => [kind, new Tally()]));
  let completed = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const loadAtStart = round(loadavg()[0]!, 2);
  const durationMs = options.minutes * 60_000;
  log(
    `${options.rate} requests/s for ${options.minutes} min against ${target.url} (${target.areaId}, ${target.writers.length} writing bodies)`,
  );

  const startedAt = performance.now();
  const wallClockStart = new Date().toISOString();
  /** Every 10 s: how far the run has got, and the memory then, so that a slow drift shows. */
  const timeline: { atS: number; answered: number; errors: number; inFlight: number; rssMiB: number; heapUsedMiB: number }[] = [];
  const ticker = setInterval(() => {
    const now = memory();
    peak.rssMiB = Math.max(peak.rssMiB, now.rssMiB);
    peak.heapUsedMiB = Math.max(peak.heapUsedMiB, now.heapUsedMiB);
    const failed = [...errors.values()].reduce((sum, tally) => sum + tally.total, 0);
    const atS = Math.round((performance.now() - startedAt) / 1000);
    timeline.push({ atS, answered: completed, errors: failed, inFlight, ...now });
    log(`${atS} s: ${completed} answered, ${failed} errors, ${inFlight} in flight, rss ${now.rssMiB} MiB`);
  }, PROGRESS_EVERY_MS);
  ticker.unref();

  const run = await paced({
    ratePerSecond: options.rate,
    maxTasks: Math.ceil(options.rate * (durationMs / 1000)),
    durationMs,
    drainTimeoutMs: DRAIN_MS,
    task: async (n) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const answer = await traffic.send(n).finally(() => inFlight--);
      completed++;
      if (answer.error === undefined) latencies.get(answer.kind)!.push(answer.latencyMs);
      else errors.get(answer.kind)!.add(answer.error);
    },
  });
  clearInterval(ticker);
  const sendingMs = run.elapsedMs;

  log(`checking that the ${traffic.acknowledgedWrites} acknowledged writes can be read back...`);
  const verification = await traffic.verify(VERIFY_WITHIN_MS);
  const memoryAtEnd = memory();
  const byKind = Object.fromEntries(
    KINDS.map((kind) => {
      const summary = summarise(latencies.get(kind)!);
      return [
        kind,
        { ok: summary.count, errors: errors.get(kind)!.toJSON(), p50Ms: summary.p50Ms, p99Ms: summary.p99Ms, maxMs: summary.maxMs },
      ];
    }),
  );
  const allErrors = new Tally();
  for (const tally of errors.values()) allErrors.addAll(tally);
  const succeeded = [...latencies.values()].reduce((sum, list) => sum + list.length, 0);

  const report = {
    startedAt: wallClockStart,
    machine: {
      cpus: cpus().length,
      node: process.version,
      /** Other work on the machine competes with the soak: figures taken under load are slower and noisier. */
      loadAverage1m: { atStart: loadAtStart, atEnd: round(loadavg()[0]!, 2) },
    },
    target: { url: options.url ?? 'embedded hub, temporary data folder, South Yorkshire seeded', area: target.areaId },
    method: `open model: arrivals at a fixed ${options.rate}/s for ${options.minutes} min, each sent on schedule whatever the earlier ones are doing; 8 reads and 2 writes in every 10 arrivals`,
    requestsSent: run.started,
    requestsAnswered: completed,
    maxInFlight,
    stillRunningAfterDrain: run.abandoned,
    throughput: {
      sentPerSecond: run.achievedRatePerSecond,
      succeededPerSecond: round((succeeded / sendingMs) * 1000, 1),
      note: 'succeeded per second over the time from the first send to the last answer',
    },
    scheduleLagMs: {
      p50: run.scheduleLag.p50Ms,
      p99: run.scheduleLag.p99Ms,
      max: run.scheduleLag.maxMs,
      note: options.url
        ? 'how late each request left against its schedule'
        : 'how late each request left against its schedule: the driver shares its process and event loop with the embedded hub',
    },
    latencyByKind: byKind,
    errorsByStatus: allErrors.toJSON(),
    writes: {
      acknowledged: traffic.acknowledgedWrites,
      verifiedReadable: verification.verified,
      notVerified: verification.notVerified,
      verificationMs: verification.tookMs,
      how: 'each acknowledged write is in the change feed at its version with its title, and its priority reads at that version or later',
    },
    memory: {
      atStart: memoryAtStart,
      atEnd: memoryAtEnd,
      peakSampled: peak,
      note: options.url ? 'this load driver only' : 'this process: the load driver and the whole embedded hub',
    },
    timeline,
    ...(hub ? { bus: hub.bus.stats() } : {}),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = allErrors.total === 0 && verification.verified === traffic.acknowledgedWrites ? 0 : 1;
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await hub?.stop().catch((error: unknown) => log(`the hub did not stop cleanly: ${String(error)}`));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  // Everything was stopped; should a stray handle keep the process up, do not hang on it.
  setTimeout(() => process.exit(), 5_000).unref();
}

interface SoakOptions {
  rate: number;
  minutes: number;
  url?: string | undefined;
  key?: string | undefined;
  organisation?: string | undefined;
  area: string;
}

function readOptions(): SoakOptions {
  try {
    const { values } = parseArgs({
      options: {
        rate: { type: 'string', default: '50' },
        minutes: { type: 'string', default: '2' },
        url: { type: 'string' },
        key: { type: 'string' },
        organisation: { type: 'string' },
        area: { type: 'string', default: southYorkshire.id },
      },
      strict: true,
      allowPositionals: false,
    });
    const rate = Number(values.rate);
    const minutes = Number(values.minutes);
    if (!(rate > 0 && rate <= 1_000)) throw new Error('--rate must be between 0 and 1000 requests per second');
    if (!(minutes > 0 && minutes <= 60)) throw new Error('--minutes must be between 0 and 60');
    if (values.url !== undefined && (values.key === undefined || values.organisation === undefined))
      throw new Error('--url needs --key and --organisation (the body the key belongs to)');
    return { rate, minutes, url: values.url, key: values.key, organisation: values.organisation, area: values.area };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
}

/** The hub to load: the one at --url, or an embedded one started and seeded here. */
async function targetOf(options: SoakOptions) {
  const run = Date.now().toString(36);
  if (options.url) {
    const writers: Writer[] = [{ organisationId: options.organisation!, key: options.key! }];
    return { url: options.url.replace(/\/$/, ''), areaId: options.area, writers, run };
  }
  dataDir = await mkdtemp(join(tmpdir(), 'hub-soak-'));
  log(`starting an embedded hub in ${dataDir} and loading ${southYorkshire.name}...`);
  hub = await startLocalHub({ dataDir, port: 0, seed: southYorkshire });
  if (!(await within(hub.idle(), 60_000))) throw new Error('the seed was not projected within 60 s');
  const writers = hub.credentials.organisations
    .filter((entry) => entry.areaId === southYorkshire.id)
    .map((entry) => ({ organisationId: entry.organisationId, key: entry.key }));
  return { url: hub.url, areaId: southYorkshire.id, writers, run };
}
