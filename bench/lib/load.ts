/**
 * Load drivers for the benchmark. Every loop here is bounded both in count and in time and
 * stops by itself; every request has its own timeout; all traffic goes to 127.0.0.1 only.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LatencySummary, round, summarise, Tally } from './stats.ts';

export { sleep };

/** Per-request timeout unless a caller says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Throws unless the URL is plain HTTP to 127.0.0.1: the bench never sends traffic anywhere else. */
function assertLoopback(url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1') {
    throw new Error(`The bench only sends requests to http://127.0.0.1, not to ${parsed.protocol}//${parsed.host}`);
  }
}

export interface RequestSpec {
  url: string;
  init?: RequestInit;
}

export interface Exchange {
  /** 0 when no response arrived (network error or timeout). */
  status: number;
  /** The body as text; empty unless `readText` (otherwise the body is consumed as bytes). */
  text: string;
  bytes: number;
  /** From just before fetch() to the last byte of the body. */
  latencyMs: number;
  /** The response's ETag header, if it has one (for a conditional GET after it). */
  etag?: string;
  /** Set when there is no usable response: 'timeout' or 'network:<name>'. */
  failure?: string;
}

/** One request to 127.0.0.1 with a timeout; never rejects (failures are answered in `failure`). */
export async function exchange(spec: RequestSpec, { timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS, readText = false } = {}): Promise<Exchange> {
  assertLoopback(spec.url);
  const started = performance.now();
  try {
    const response = await fetch(spec.url, { ...spec.init, signal: AbortSignal.timeout(timeoutMs) });
    let text = '';
    let bytes: number;
    if (readText) {
      text = await response.text();
      bytes = Buffer.byteLength(text);
    } else {
      bytes = (await response.arrayBuffer()).byteLength;
    }
    const etag = response.headers.get('etag') ?? undefined;
    return { status: response.status, text, bytes, latencyMs: performance.now() - started, ...(etag ? { etag } : {}) };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name ?? 'Error';
    const failure = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : `network:${name}`;
    return { status: 0, text: '', bytes: 0, latencyMs: performance.now() - started, failure };
  }
}

/** 2xx, or 304: the answer a conditional GET wants (only those send If-None-Match). */
const isSuccess = (status: number) => (status >= 200 && status < 300) || status === 304;

/** How an exchange counts: undefined = success, otherwise the error kind to tally. */
export function errorKindOf(result: Exchange, check?: (result: Exchange) => string | undefined): string | undefined {
  if (result.failure) return result.failure;
  if (!isSuccess(result.status)) return `status:${result.status}`;
  return check?.(result);
}

export interface ClosedLoopOptions {
  /** Requests in flight at once: each of N workers sends its next request when its last one completes. */
  concurrency: number;
  /** Bound on count: no more than this many requests are sent. */
  maxRequests: number;
  /** Bound on time: no request is sent after this long (those in flight finish, each within its timeout). */
  durationMs: number;
  /** The n-th request (0-based, in the order sent). */
  request: (n: number) => RequestSpec;
  /** Flags a 2xx response that is still wrong (answers the error kind). */
  check?: (result: Exchange) => string | undefined;
  /** Read bodies as text (for `check`); otherwise they are consumed as bytes, which costs the client less. */
  readText?: boolean;
  timeoutMs?: number;
}

export interface ClosedLoopResult {
  concurrency: number;
  /** Requests sent (all of them completed: the driver waits for every one). */
  requests: number;
  succeeded: number;
  errors: number;
  errorKinds: Record<string, number>;
  elapsedMs: number;
  /** Successful requests per second of elapsed time. */
  requestsPerSecond: number;
  /** Which bound ended the run. */
  stoppedBy: 'count' | 'time';
  meanResponseBytes: number | null;
  /** Latency of successful requests. */
  latency: LatencySummary;
  /** This process's load meanwhile (the driver, and whatever else runs in it). */
  process: ProcessLoad;
}

interface ProcessLoad {
  /** Share of the time the event loop was busy (0..1): near 1, whatever runs on it is CPU-bound. */
  eventLoopUtilisation: number;
  /** User + system CPU time over elapsed time, all threads (100 = one core). */
  cpuPercent: number;
}

interface LoadSnapshot {
  elu: ReturnType<typeof performance.eventLoopUtilization>;
  cpu: NodeJS.CpuUsage;
  at: number;
}

interface LoadSpent {
  activeMs: number;
  idleMs: number;
  cpuMs: number;
  elapsedMs: number;
}

const loadSnapshot = (): LoadSnapshot => ({ elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), at: performance.now() });

function loadSince(snapshot: LoadSnapshot): LoadSpent {
  const elu = performance.eventLoopUtilization(snapshot.elu);
  const cpu = process.cpuUsage(snapshot.cpu);
  return { activeMs: elu.active, idleMs: elu.idle, cpuMs: (cpu.user + cpu.system) / 1000, elapsedMs: performance.now() - snapshot.at };
}

function processLoadOf(spent: LoadSpent[]): ProcessLoad {
  const sum = (field: keyof LoadSpent) => spent.reduce((total, entry) => total + entry[field], 0);
  const busy = sum('activeMs') + sum('idleMs');
  const elapsed = sum('elapsedMs');
  return {
    eventLoopUtilisation: busy > 0 ? round(sum('activeMs') / busy, 3) : 0,
    cpuPercent: elapsed > 0 ? round((sum('cpuMs') / elapsed) * 100, 1) : 0,
  };
}

/** Starts measuring this process's load; the returned function answers it since then. */
function measureProcessLoad(): () => ProcessLoad {
  const snapshot = loadSnapshot();
  return () => processLoadOf([loadSince(snapshot)]);
}

/** One stretch of closed-loop load, unsummarised, so that stretches can be combined. */
interface Slice {
  concurrency: number;
  issued: number;
  hitCountBound: boolean;
  latencies: number[];
  errorKinds: Tally;
  bytes: number;
  elapsedMs: number;
  load: LoadSpent;
}

/** Runs N workers until `maxRequests` are sent or `durationMs` has passed; request indexes start at `firstIndex`. */
async function runSlice(options: ClosedLoopOptions, firstIndex = 0): Promise<Slice> {
  const { concurrency, maxRequests, durationMs, request, check } = options;
  if (!(concurrency >= 1 && maxRequests >= 1 && durationMs > 0))
    throw new RangeError('concurrency, maxRequests and durationMs must be positive');
  const latencies: number[] = [];
  const errorKinds = new Tally();
  let issued = 0;
  let bytes = 0;
  const snapshot = loadSnapshot();
  const deadline = snapshot.at + durationMs;

  const worker = async () => {
    while (issued < maxRequests && performance.now() < deadline) {
      const n = firstIndex + issued++;
      const result = await exchange(request(n), {
        timeoutMs: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        readText: options.readText ?? false,
      });
      const kind = errorKindOf(result, check);
      if (kind === undefined) {
        latencies.push(result.latencyMs);
        bytes += result.bytes;
      } else {
        errorKinds.add(kind);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const load = loadSince(snapshot);
  return { concurrency, issued, hitCountBound: issued >= maxRequests, latencies, errorKinds, bytes, elapsedMs: load.elapsedMs, load };
}

function summariseSlices(slices: Slice[]): ClosedLoopResult {
  const latencies = slices.flatMap((slice) => slice.latencies);
  const errorKinds = new Tally();
  for (const slice of slices) errorKinds.addAll(slice.errorKinds);
  const elapsedMs = slices.reduce((total, slice) => total + slice.elapsedMs, 0);
  const bytes = slices.reduce((total, slice) => total + slice.bytes, 0);
  return {
    concurrency: slices[0]?.concurrency ?? 0,
    requests: slices.reduce((total, slice) => total + slice.issued, 0),
    succeeded: latencies.length,
    errors: errorKinds.total,
    errorKinds: errorKinds.toJSON(),
    elapsedMs: round(elapsedMs),
    requestsPerSecond: elapsedMs > 0 ? round((latencies.length / elapsedMs) * 1000, 1) : 0,
    stoppedBy: slices.some((slice) => slice.hitCountBound) ? 'count' : 'time',
    meanResponseBytes: latencies.length === 0 ? null : Math.round(bytes / latencies.length),
    latency: summarise(latencies),
    process: processLoadOf(slices.map((slice) => slice.load)),
  };
}

/** A closed-loop load run: N concurrent workers, bounded by count and by time. */
export async function closedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  return summariseSlices([await runSlice(options)]);
}

/**
 * Two closed-loop runs compared fairly on a machine whose background load drifts: each run's
 * time and count are cut into `slices` equal stretches, run alternately in the order
 * A B B A A B B A ... so that neither side systematically gets the quieter moments.
 * Throughput is successful requests over the summed time of that side's stretches.
 */
export async function interleaved(
  a: ClosedLoopOptions,
  b: ClosedLoopOptions,
  slices: number,
): Promise<[ClosedLoopResult, ClosedLoopResult]> {
  if (!(Number.isInteger(slices) && slices >= 1)) throw new RangeError('slices must be a positive integer');
  const sides = [a, b].map((options) => ({ options, slices: [] as Slice[], issued: 0 }));
  for (let index = 0; index < 2 * slices; index++) {
    // 0 1 1 0 0 1 1 0 ...: pairs alternate which side goes first.
    const side = sides[Math.floor((index + 1) / 2) % 2 === 0 ? 0 : 1]!;
    const remaining = side.options.maxRequests - side.issued;
    if (remaining <= 0) continue;
    const slice = await runSlice(
      {
        ...side.options,
        durationMs: side.options.durationMs / slices,
        maxRequests: Math.min(remaining, Math.ceil(side.options.maxRequests / slices)),
      },
      side.issued,
    );
    side.issued += slice.issued;
    side.slices.push(slice);
  }
  return [summariseSlices(sides[0]!.slices), summariseSlices(sides[1]!.slices)];
}

export interface PacedOptions<T> {
  /** Tasks started per second, on a fixed schedule (open loop: a slow task does not delay the next). */
  ratePerSecond: number;
  /** Bound on count. */
  maxTasks: number;
  /** Bound on time: no task is started after this long. */
  durationMs: number;
  /** Each task must settle by itself within a bounded time; a rejection is recorded, never thrown. */
  task: (n: number) => Promise<T>;
  /** How long to wait, after the last start, for tasks still running (they are abandoned after). */
  drainTimeoutMs: number;
}

export interface PacedResult<T> {
  started: number;
  /** Settled tasks' results; rejections as { error }. */
  results: ({ value: T } | { error: string })[];
  /** Tasks still running when the drain timeout ended the wait. */
  abandoned: number;
  achievedRatePerSecond: number;
  /** How late each task started against its schedule (event-loop delay shows here). */
  scheduleLag: LatencySummary;
  elapsedMs: number;
  /** This process's load from the first start to the end of the wait. */
  process: ProcessLoad;
}

/** Starts tasks at a fixed rate, bounded by count and by time, then waits (bounded) for them. */
export async function paced<T>(options: PacedOptions<T>): Promise<PacedResult<T>> {
  const { ratePerSecond, maxTasks, durationMs, task, drainTimeoutMs } = options;
  if (!(ratePerSecond > 0 && maxTasks >= 1 && durationMs > 0))
    throw new RangeError('ratePerSecond, maxTasks and durationMs must be positive');
  const intervalMs = 1000 / ratePerSecond;
  const results: ({ value: T } | { error: string })[] = [];
  const running = new Set<Promise<void>>();
  const lags: number[] = [];
  const startTimes: number[] = [];
  const load = measureProcessLoad();
  const started = performance.now();

  for (let n = 0; n < maxTasks; n++) {
    const due = started + n * intervalMs;
    if (due - started >= durationMs) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const now = performance.now();
    lags.push(Math.max(0, now - due));
    startTimes.push(now);
    const settled: Promise<void> = task(n).then(
      (value) => void results.push({ value }),
      (error: unknown) => void results.push({ error: String(error) }),
    );
    const tracked = settled.finally(() => running.delete(tracked));
    running.add(tracked);
  }

  const drainDeadline = performance.now() + drainTimeoutMs;
  while (running.size > 0 && performance.now() < drainDeadline) {
    const timer = sleep(Math.max(1, drainDeadline - performance.now()), 'timeout' as const, { ref: false });
    await Promise.race([Promise.all([...running]), timer]);
  }

  const span = startTimes.length > 1 ? startTimes[startTimes.length - 1]! - startTimes[0]! : 0;
  return {
    started: startTimes.length,
    results,
    abandoned: running.size,
    achievedRatePerSecond: span > 0 ? round(((startTimes.length - 1) / span) * 1000, 2) : 0,
    scheduleLag: summarise(lags),
    elapsedMs: round(performance.now() - started),
    process: load(),
  };
}

/** Waits for a promise for at most `timeoutMs`; answers whether it settled in time (a rejection is rethrown). */
export async function within(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const controller = new AbortController();
  const timedOut = sleep(timeoutMs, false, { signal: controller.signal }).catch(() => false);
  try {
    return await Promise.race([promise.then(() => true), timedOut.then(() => false)]);
  } finally {
    controller.abort();
  }
}
