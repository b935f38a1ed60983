/**
 * The "Hub core" performance section: PUT priority throughput, change-to-visible latency and
 * joint-view read throughput, each beside a baseline taken in the same run against the same
 * HTTP server library and the same store (see lib/raw-store-server.ts).
 *
 * Sections run in this order, so that one does not disturb the next:
 *   1. joint-view read (on the seeded area, the realistic size) and its baseline, alternating;
 *   2. change-to-visible at a paced 20 writes/s, read on the priority itself; then a shorter
 *      run at the same rate followed in the joint view instead;
 *   3. the raw PutItem baseline, then PUT priority throughput (a flood of new priorities: it
 *      grows the area, so it goes after the seeded area's figures), then the wait for the
 *      projector to catch up;
 *   4. change-to-joint-view in generated areas of 100 and 2,000 items (lib/joint-view-by-size.ts).
 * Between phases the bench waits for the hub to be idle (LocalHub.idle: the relay has sent every
 * appended event and the bus has delivered it), so that no phase inherits a backlog.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashKey } from '@partnership-hub/api';
import { type LocalHub, startLocalHub } from '@partnership-hub/infra/local';
import { DEFAULT_TABLE_NAME } from '@partnership-hub/infra/topology';
import { southYorkshire } from '@partnership-hub/seed';
import { keyPk } from '@partnership-hub/store';
import { measureJointViewBySize } from './lib/joint-view-by-size.ts';
import {
  type ClosedLoopOptions,
  type ClosedLoopResult,
  closedLoop,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type Exchange,
  errorKindOf,
  exchange,
  interleaved,
  paced,
  sleep,
  within,
} from './lib/load.ts';
import { type RawStoreServer, startRawStoreServer } from './lib/raw-store-server.ts';
import { round, summarise, Tally } from './lib/stats.ts';

const AREA = southYorkshire.id;
const CONCURRENCY = 8;
/**
 * Each read's warm-up before it is measured. One second was too short for the hub's path: in a probe
 * (the seeded hub, 8 clients, 5 s of the hub then 5 s of the GetItem, in one process), the hub's
 * first 5 s after a 1 s warm-up ran at 434-588 req/s in four runs (863 when measured again), and the
 * GetItem after it, which shares the SDK's code, at 582-843; after a 5 s warm-up the hub ran at
 * 0.79-0.94x the GetItem in four pairs.
 */
const WARMUP = { durationMs: 5_000, maxRequests: 100_000 };
const READ = { durationMs: 5_000, maxRequests: 200_000 };
/** The joint-view read and its baseline alternate in slices, so background load drifting on the machine hits both alike. */
const READ_SLICES = 5;
/** The target for today's joint view: at least 0.8× a raw GetItem of the stored item, served the same way. */
const JOINT_VIEW_READ_TARGET = 0.8;
const WRITE = { durationMs: 10_000, maxRequests: 2_000 };
const WRITE_WARMUP = { durationMs: 1_000, maxRequests: 50 };
/** The held-relay PUTs and their baseline alternate in slices, as the reads do. */
const WRITE_SLICES = 4;
/** A new-priority PUT against the key lookup and one conditional PutItem through a bare server. */
const PUT_TARGET_RATIO = 0.5;
const VISIBLE = { ratePerSecond: 20, durationMs: 10_000, maxWrites: 200, ids: 4, pollEveryMs: 5, giveUpAfterMs: 5_000, targetP99Ms: 50 };
/**
 * The issue's targets at 20 writes/s: the item itself p99 <= 50 ms, the joint view p99 <= 100 ms.
 * The joint view's run is as long as the item's (200 writes): until 2026-12-02 it was 100 writes
 * over 5 s, whose p99 is their second slowest, so one slow moment of the shared machine decided it.
 */
const JOINT_VISIBLE = { durationMs: 10_000, maxWrites: 200, targetP99Ms: 100 };
/** How long a phase may wait for the hub to go idle: generous, since a loaded machine drains the relay and the bus slowly. */
const IDLE_TIMEOUT_MS = 60_000;
const THEME = 'anti-social-behaviour';

const log = (message: string) => process.stderr.write(`[bench:hub-core] ${message}\n`);

export async function hubCore(): Promise<Record<string, unknown>> {
  const run = Date.now().toString(36);
  const dataDir = await mkdtemp(join(tmpdir(), 'hub-bench-'));
  let hub: LocalHub | undefined;
  let raw: RawStoreServer | undefined;
  try {
    log(`starting the local hub in ${dataDir} and loading ${southYorkshire.name}...`);
    const startedAt = performance.now();
    const started = await startLocalHub({ dataDir, port: 0, seed: southYorkshire });
    hub = started;
    const startMs = performance.now() - startedAt;
    const seedProjected = await within(hub.idle(), IDLE_TIMEOUT_MS);
    if (!seedProjected) throw new Error(`the seed was not projected within ${IDLE_TIMEOUT_MS} ms`);

    // A community safety partnership's key: its priorities show in the joint view without
    // changing which themes are in the police and crime plan (only the PCC's do that).
    const csp = southYorkshire.organisations.find((organisation) => organisation.kind === 'csp');
    const credential = hub.credentials.organisations.find((entry) => entry.areaId === AREA && entry.organisationId === csp?.id);
    if (!credential) throw new Error(`no key for a community safety partnership of ${AREA} in the hub's credentials`);
    const organisationId = credential.organisationId;
    const writeHeaders = { authorization: `Bearer ${credential.key}`, 'content-type': 'application/json' };

    raw = await startRawStoreServer({
      dynamoDb: hub.dynamoDb,
      tableName: DEFAULT_TABLE_NAME,
      readKey: { pk: `JOINT#${AREA}`, sk: 'view#public' },
      writePkPrefix: `BENCH#${run}#`,
      // The writer's own key item: the baseline looks it up before its PutItem, as the hub's PUT does.
      writeKeyLookup: { pk: keyPk(hashKey(credential.key)), sk: 'KEY' },
    });

    const jointViewUrl = `${hub.url}/v1/areas/${AREA}/joint-priorities`;
    const baselineReadUrl = `${raw.url}${raw.readPath}`;
    const itemUrl = (id: string) => `${started.url}/v1/areas/${AREA}/organisations/${organisationId}/priorities/${id}`;

    // Both reads answer the same document before anything is measured.
    const first = await exchange({ url: jointViewUrl }, { readText: true });
    const firstBaseline = await exchange({ url: baselineReadUrl }, { readText: true });
    if (first.status !== 200 || firstBaseline.status !== 200)
      throw new Error(`joint view ${first.status}, baseline ${firstBaseline.status}: expected 200 from both`);
    if (first.text !== firstBaseline.text) throw new Error('the baseline does not answer the same document as the joint view');
    const seededView = JSON.parse(first.text) as JointViewDocument;
    const setup = {
      area: AREA,
      organisation: organisationId,
      hubStartAndSeedMs: round(startMs),
      jointViewBytes: first.bytes,
      jointViewThemes: seededView.themes.length,
      jointViewPriorities: countPriorities(seededView),
      note: "The load driver, the API, the local bus, the relay and the consumers all run in this one Node process, on one event loop (the embedded DynamoDB, dynalite, answers from a worker thread of its own): see each figure's process.eventLoopUtilisation",
    };
    log(`hub up in ${Math.round(startMs)} ms; joint view ${first.bytes} bytes, ${setup.jointViewPriorities} priority entries`);

    const jointViewRead = await measureJointViewRead(jointViewUrl, baselineReadUrl, first.bytes);
    await settle(hub, 'the joint-view read');
    const changeToVisible = await measureChangeToVisible({ hub, run, itemUrl, jointViewUrl, organisationId, writeHeaders });
    const putPriority = await measurePutPriority({ hub, raw, run, itemUrl, jointViewUrl, writeHeaders });
    await settle(hub, 'the PUT throughput run');
    const changeToJointViewBySize = await measureJointViewBySize(hub, run);

    const bus = hub.bus.stats();
    return {
      setup,
      putPriority,
      changeToVisible,
      changeToJointViewBySize,
      jointViewRead,
      bus: {
        ...bus,
        note: 'LocalEventBus.stats() at the end of the section: accepted entries, successful projector deliveries, failed attempts, dead-lettered',
      },
    };
  } finally {
    log('stopping...');
    await raw?.stop().catch((error: unknown) => log(`the baseline server did not stop cleanly: ${String(error)}`));
    await hub?.stop().catch((error: unknown) => log(`the hub did not stop cleanly: ${String(error)}`));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Waits (bounded) until the relay has sent everything appended and the bus has delivered it, so
 * that a phase starts with no backlog left by the one before: its figures are then its own.
 */
async function settle(hub: LocalHub, after: string): Promise<void> {
  const started = performance.now();
  if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error(`the hub was not idle ${IDLE_TIMEOUT_MS} ms after ${after}`);
  log(`idle ${Math.round(performance.now() - started)} ms after ${after}`);
}

// ---------------------------------------------------------------------------------------------
// Joint-view read against a raw GetItem of the same item

async function measureJointViewRead(jointViewUrl: string, baselineUrl: string, expectedBytes: number) {
  const sameSize = (result: Exchange) => (result.bytes === expectedBytes ? undefined : 'unexpected-body-size');
  const hubLoad = { concurrency: CONCURRENCY, ...READ, request: () => ({ url: jointViewUrl }), check: sameSize };
  const baselineLoad = { concurrency: CONCURRENCY, ...READ, request: () => ({ url: baselineUrl }), check: sameSize };
  log(
    `joint-view read and its baseline: warm-up ${WARMUP.durationMs} ms each, then ${READ.durationMs} ms each at concurrency ${CONCURRENCY}, in ${READ_SLICES} alternating slices`,
  );
  await closedLoop({ ...hubLoad, ...WARMUP });
  await closedLoop({ ...baselineLoad, ...WARMUP });
  const [hubRun, baselineRun] = await interleaved(hubLoad, baselineLoad, READ_SLICES);
  const ratio = baselineRun.requestsPerSecond > 0 ? round(hubRun.requestsPerSecond / baselineRun.requestsPerSecond, 3) : null;
  const met = ratio !== null && ratio >= JOINT_VIEW_READ_TARGET && hubRun.errors === 0 && baselineRun.errors === 0;
  log(`joint-view read ${hubRun.requestsPerSecond} req/s vs baseline ${baselineRun.requestsPerSecond} req/s: ratio ${ratio}`);
  return {
    route: 'GET /v1/areas/{area}/joint-priorities (anonymous: the public view)',
    ...figures(hubRun),
    baseline: {
      route:
        'GET on a bare Hono app on @hono/node-server: one GetCommand of the same item (JOINT#{area} / view#public) in the same table, its stored body sent as is',
      ...figures(baselineRun),
    },
    method: `closed loop, concurrency ${CONCURRENCY}, after a ${WARMUP.durationMs} ms warm-up of each; the two alternate in ${READ_SLICES} slices of ${READ.durationMs / READ_SLICES} ms each (A B B A ...)`,
    ratioToBaseline: ratio,
    target: `>= ${JOINT_VIEW_READ_TARGET}`,
    met,
  };
}

// ---------------------------------------------------------------------------------------------
// Change-to-visible: paced revisions, each followed until a read shows its version

interface WriteContext {
  hub: LocalHub;
  run: string;
  itemUrl: (id: string) => string;
  jointViewUrl: string;
  writeHeaders: Record<string, string>;
}

interface VisibilitySample {
  /** Send of the PUT to the end of the first read answering its version. */
  visibleMs?: number;
  /** Send of the PUT to its response. */
  putMs?: number;
  /** PUT response to visible. */
  afterResponseMs?: number;
  polls: number;
  error?: string;
}

async function measureChangeToVisible(context: WriteContext & { organisationId: string }) {
  const { hub, run, itemUrl, jointViewUrl, organisationId, writeHeaders } = context;
  const ids = Array.from({ length: VISIBLE.ids }, (_, k) => `bench-${run}-visible-${k}`);
  const priority = (title: string) => JSON.stringify({ title, themes: [THEME], visibility: 'public' });

  // Create the priorities first, so every measured write is a revision of an existing one.
  for (const id of ids) {
    const created = await exchange({
      url: itemUrl(id),
      init: { method: 'PUT', headers: writeHeaders, body: priority(`Bench priority ${id}`) },
    });
    if (created.status !== 201) throw new Error(`creating ${id} answered ${created.status}`);
  }
  if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error('the bench priorities were not projected in time');

  /** Paced revisions; each is followed by `follow` until visible. Answers the samples and the run's figures. */
  const revise = async (
    label: string,
    durationMs: number,
    maxWrites: number,
    follow: (id: string, version: number, sentAt: number) => Promise<Followed>,
  ) => {
    const busBefore = hub.bus.stats();
    const errorKinds = new Tally();
    const result = await paced<VisibilitySample>({
      ratePerSecond: VISIBLE.ratePerSecond,
      maxTasks: maxWrites,
      durationMs,
      drainTimeoutMs: VISIBLE.giveUpAfterMs + 2 * DEFAULT_REQUEST_TIMEOUT_MS,
      task: async (n) => {
        const id = ids[n % ids.length]!;
        const sentAt = performance.now();
        const put = await exchange(
          { url: itemUrl(id), init: { method: 'PUT', headers: writeHeaders, body: priority(`Bench priority ${id}, ${label} ${n}`) } },
          { readText: true },
        );
        const putMs = performance.now() - sentAt;
        const putError = errorKindOf(put, (ok) => (ok.status === 200 ? undefined : `put-status:${ok.status}`));
        if (putError) {
          errorKinds.add(`put:${putError}`);
          return { error: putError, polls: 0 };
        }
        const version = Number((JSON.parse(put.text) as { version: unknown }).version);
        const followed = await follow(id, version, sentAt);
        for (const [kind, count] of Object.entries(followed.errorKinds)) errorKinds.add(kind, count);
        if (followed.visibleAt === undefined) {
          errorKinds.add('not-visible-in-time');
          return { error: 'not-visible-in-time', putMs, polls: followed.polls };
        }
        const visibleMs = followed.visibleAt - sentAt;
        return { visibleMs, putMs, afterResponseMs: visibleMs - putMs, polls: followed.polls };
      },
    });
    for (const entry of result.results) if ('error' in entry) errorKinds.add(`task:${entry.error}`);
    const busAfter = hub.bus.stats();
    const samples = result.results.flatMap((entry) => ('value' in entry ? [entry.value] : []));
    const visible = samples.filter((sample) => sample.visibleMs !== undefined);
    return {
      result,
      samples,
      visible,
      errorKinds,
      latency: summarise(visible.map((sample) => sample.visibleMs!)),
      bus: {
        accepted: busAfter.accepted - busBefore.accepted,
        delivered: busAfter.delivered - busBefore.delivered,
        failedDeliveries: busAfter.failedDeliveries - busBefore.failedDeliveries,
        deadLettered: busAfter.deadLettered - busBefore.deadLettered,
      },
    };
  };

  // 1. The measure: the priority's own read.
  log(
    `change-to-visible: ${VISIBLE.ratePerSecond} writes/s for ${VISIBLE.durationMs} ms over ${ids.length} priorities, each read until it shows`,
  );
  const itemWatcher = new VersionWatcher(itemVersions(itemUrl));
  const itemWatching = itemWatcher.run(VISIBLE.durationMs + VISIBLE.giveUpAfterMs + 2 * DEFAULT_REQUEST_TIMEOUT_MS);
  const item = await revise('revision', VISIBLE.durationMs, VISIBLE.maxWrites, (id, version, sentAt) =>
    itemWatcher.follow(id, version, sentAt),
  );
  itemWatcher.stop();
  await itemWatching;
  const notVisible = item.result.started - item.visible.length;
  const rateMet = item.result.achievedRatePerSecond >= VISIBLE.ratePerSecond * 0.95;
  const met =
    item.latency.p99Ms !== null && item.latency.p99Ms <= VISIBLE.targetP99Ms && notVisible === 0 && item.errorKinds.total === 0 && rateMet;
  log(`change-to-visible p50 ${item.latency.p50Ms} ms, p99 ${item.latency.p99Ms} ms at ${item.result.achievedRatePerSecond} writes/s`);

  // 2. The same writes followed until the area's joint view lists them (a second run, after the
  // first has drained, so that its big reads do not weigh on the measure above).
  if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error('the projector did not catch up after the change-to-visible run');
  log(`change-to-joint-view: ${VISIBLE.ratePerSecond} writes/s for ${JOINT_VISIBLE.durationMs} ms, followed in the joint view`);
  const watcher = new VersionWatcher(jointViewVersions(jointViewUrl, organisationId));
  const watching = watcher.run(JOINT_VISIBLE.durationMs + VISIBLE.giveUpAfterMs + 2 * DEFAULT_REQUEST_TIMEOUT_MS);
  const joint = await revise('joint revision', JOINT_VISIBLE.durationMs, JOINT_VISIBLE.maxWrites, (id, version, sentAt) =>
    watcher.follow(id, version, sentAt),
  );
  watcher.stop();
  await watching;
  log(`change-to-joint-view p50 ${joint.latency.p50Ms} ms, p99 ${joint.latency.p99Ms} ms`);

  return {
    method: `PUT a revision of one of ${ids.length} public priorities (paced, open loop); one reader, one request at a time, GETs (anonymous, conditional: If-None-Match with the last answer's ETag) each priority a write is waiting on, round after round ~${VISIBLE.pollEveryMs} ms apart, until it answers the version the PUT returned; latency is from sending the PUT to the end of that round (until 2026-12-02 each read was unconditional and parsed; until 2026-11-30 each write had a reader of its own polling every ${VISIBLE.pollEveryMs} ms, and once visibility slowed those readers slowed the hub they waited on)`,
    targetRateWritesPerSecond: VISIBLE.ratePerSecond,
    achievedRateWritesPerSecond: item.result.achievedRatePerSecond,
    writes: item.result.started,
    visible: item.visible.length,
    notVisibleWithinMs: { [VISIBLE.giveUpAfterMs]: notVisible },
    errors: item.errorKinds.total,
    errorKinds: item.errorKinds.toJSON(),
    p50Ms: item.latency.p50Ms,
    p90Ms: item.latency.p90Ms,
    p99Ms: item.latency.p99Ms,
    maxMs: item.latency.maxMs,
    meanMs: item.latency.meanMs,
    target: `p99 <= ${VISIBLE.targetP99Ms} ms at ${VISIBLE.ratePerSecond} writes/s`,
    met,
    breakdown: {
      putResponse: pick(summarise(item.samples.flatMap((sample) => (sample.putMs === undefined ? [] : [sample.putMs])))),
      responseToVisible: pick(summarise(item.visible.map((sample) => sample.afterResponseMs!))),
      readsPerWriteP50: summarise(item.visible.map((sample) => sample.polls)).p50Ms,
      readRounds: itemWatcher.reads,
      readRoundsUnchanged: itemWatcher.unchanged,
      schedulerLag: pick(item.result.scheduleLag),
      process: item.result.process,
    },
    busDuringRun: item.bus,
    inJointView: {
      method: `a second run of ${JOINT_VISIBLE.durationMs} ms at the same rate; one reader GETs the joint view (anonymous, conditional: If-None-Match with the last answer's ETag, so an unchanged view is answered 304) one request at a time, ~every ${VISIBLE.pollEveryMs} ms, and parses each new one: latency is from sending the PUT to the end of the first joint-view read listing its version`,
      achievedRateWritesPerSecond: joint.result.achievedRatePerSecond,
      writes: joint.result.started,
      visible: joint.visible.length,
      errors: joint.errorKinds.total,
      errorKinds: joint.errorKinds.toJSON(),
      p50Ms: joint.latency.p50Ms,
      p90Ms: joint.latency.p90Ms,
      p99Ms: joint.latency.p99Ms,
      maxMs: joint.latency.maxMs,
      putResponse: pick(summarise(joint.samples.flatMap((sample) => (sample.putMs === undefined ? [] : [sample.putMs])))),
      responseToVisible: pick(summarise(joint.visible.map((sample) => sample.afterResponseMs!))),
      target: `p99 <= ${JOINT_VISIBLE.targetP99Ms} ms at ${VISIBLE.ratePerSecond} writes/s`,
      met:
        joint.latency.p99Ms !== null &&
        joint.latency.p99Ms <= JOINT_VISIBLE.targetP99Ms &&
        joint.visible.length === joint.result.started &&
        joint.errorKinds.total === 0 &&
        joint.result.achievedRatePerSecond >= VISIBLE.ratePerSecond * 0.95,
      jointViewReads: watcher.reads,
      jointViewReadsUnchanged: watcher.unchanged,
      jointViewBytes: watcher.bytes,
      process: joint.result.process,
      busDuringRun: joint.bus,
    },
  };
}

interface Followed {
  /** performance.now() at the end of the first read showing the version; undefined if none did in time. */
  visibleAt?: number;
  polls: number;
  errorKinds: Record<string, number>;
}

/**
 * A conditional GET, as a client that polls for changes makes one: If-None-Match with the ETag of
 * the last answer, so that an unchanged resource is answered 304 and nothing is sent or parsed
 * again. Answers the parsed body of the newest 200 (the one remembered, on a 304).
 */
function conditionalReader<T>(url: string, parse: (text: string) => T) {
  let last: { etag: string; value: T; bytes: number } | undefined;
  return async (): Promise<{ value: T; bytes: number } | { error: string }> => {
    const read = await exchange(
      { url, ...(last ? { init: { headers: { 'if-none-match': last.etag } } } : {}) },
      { readText: true, timeoutMs: VISIBLE.giveUpAfterMs },
    );
    const error = errorKindOf(read);
    if (error) return { error };
    if (read.status === 304 && last) return { value: last.value, bytes: 0 };
    const value = parse(read.text);
    last = read.etag ? { etag: read.etag, value, bytes: read.bytes } : undefined;
    return { value, bytes: read.bytes };
  };
}

/**
 * Reads each waited-for priority once, one after another (each a conditional GET of its own),
 * answering the versions they show.
 */
function itemVersions(itemUrl: (id: string) => string) {
  const readers = new Map<string, ReturnType<typeof conditionalReader<number>>>();
  return async (waitingIds: ReadonlySet<string>) => {
    const versions = new Map<string, number>();
    let bytes = 0;
    for (const id of waitingIds) {
      let reader = readers.get(id);
      if (!reader) {
        reader = conditionalReader(itemUrl(id), (text) => Number((JSON.parse(text) as { version: unknown }).version));
        readers.set(id, reader);
      }
      const read = await reader();
      if ('error' in read) return read;
      bytes += read.bytes;
      versions.set(id, read.value);
    }
    return { versions, bytes };
  };
}

/** Reads the joint view once (a conditional GET), answering the versions it lists of the organisation's priorities. */
function jointViewVersions(url: string, organisationId: string) {
  const reader = conditionalReader(url, (text) => {
    const versions = new Map<string, number>();
    for (const theme of (JSON.parse(text) as JointViewDocument).themes) {
      for (const organisation of theme.organisations) {
        if (organisation.organisationId !== organisationId) continue;
        for (const priority of organisation.priorities) versions.set(priority.id, priority.version);
      }
    }
    return versions;
  });
  return async () => {
    const read = await reader();
    return 'error' in read ? read : { versions: read.value, bytes: read.bytes };
  };
}

interface JointViewDocument {
  themes: { organisations: { organisationId: string; priorities: { id: string; version: number }[] }[] }[];
}

function countPriorities(view: JointViewDocument): number {
  return view.themes.reduce(
    (sum, theme) => sum + theme.organisations.reduce((inner, organisation) => inner + organisation.priorities.length, 0),
    0,
  );
}

/**
 * One reader, one request at a time, shared by every write being followed: each read settles every
 * write whose version it shows. Bounded by time and count. A reader per write, polling every few
 * milliseconds, put dozens of readers on the hub's one event loop as soon as visibility slowed, and
 * their reads then slowed the writes they were waiting for: the figure measured the pollers.
 */
class VersionWatcher {
  private readonly waiting = new Set<{
    id: string;
    version: number;
    giveUpAt: number;
    settle: (followed: Followed) => void;
    reads: number;
  }>();
  private readonly errors = new Tally();
  private stopped = false;
  reads = 0;
  /** Reads answered 304 (every resource read unchanged since the reader's last 200). */
  unchanged = 0;
  bytes = 0;

  /** `read` answers the versions it saw by id, given the ids still waiting (or an error kind). */
  constructor(
    private readonly read: (
      waitingIds: ReadonlySet<string>,
    ) => Promise<{ versions: Map<string, number>; bytes: number } | { error: string }>,
  ) {}

  /** Settles when a read shows `version` of `id` (or later), or unseen after the give-up time. */
  follow(id: string, version: number, sentAt: number): Promise<Followed> {
    if (this.stopped) return Promise.resolve({ polls: 0, errorKinds: { 'watcher-stopped': 1 } });
    return new Promise((settle) => this.waiting.add({ id, version, giveUpAt: sentAt + VISIBLE.giveUpAfterMs, settle, reads: 0 }));
  }

  /** Stops once asked to and nothing is waiting, or at the time bound, whichever is first. */
  stop(): void {
    this.stopped = true;
  }

  async run(maxDurationMs: number): Promise<void> {
    const deadline = performance.now() + maxDurationMs;
    const maxReads = Math.ceil(maxDurationMs / VISIBLE.pollEveryMs);
    while (performance.now() < deadline && this.reads < maxReads && !(this.stopped && this.waiting.size === 0)) {
      if (this.waiting.size > 0) await this.readOnce();
      await sleep(VISIBLE.pollEveryMs);
    }
    // Whatever is still waiting is settled as not seen: no follower is left hanging.
    for (const waiter of this.waiting) waiter.settle({ polls: waiter.reads, errorKinds: this.errors.toJSON() });
    this.waiting.clear();
  }

  private async readOnce(): Promise<void> {
    this.reads++;
    const read = await this.read(new Set([...this.waiting].map((waiter) => waiter.id)));
    const readAt = performance.now();
    let versions = new Map<string, number>();
    if ('error' in read) {
      this.errors.add(`read:${read.error}`);
    } else {
      // A read answered 304 throughout sent no body: the size kept is the last body's.
      if (read.bytes > 0) this.bytes = read.bytes;
      else this.unchanged++;
      versions = read.versions;
    }
    for (const waiter of this.waiting) {
      waiter.reads++;
      if ((versions.get(waiter.id) ?? 0) >= waiter.version) {
        this.waiting.delete(waiter);
        waiter.settle({ visibleAt: readAt, polls: waiter.reads, errorKinds: {} });
      } else if (readAt >= waiter.giveUpAt) {
        this.waiting.delete(waiter);
        waiter.settle({ polls: waiter.reads, errorKinds: {} });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PUT priority throughput against a raw conditional PutItem

async function measurePutPriority(context: Omit<WriteContext, 'organisationId'> & { raw: RawStoreServer }) {
  const { hub, raw, run, itemUrl, jointViewUrl, writeHeaders } = context;
  const body = (n: number) => JSON.stringify({ title: `Bench priority ${n}`, themes: [THEME], visibility: 'public' });
  const created = (result: Exchange) => (result.status === 201 ? undefined : `not-created:${result.status}`);
  if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error('the projector did not catch up before the PUT throughput run');

  log(`raw PutItem baseline: warm-up, then up to ${WRITE.maxRequests} requests or ${WRITE.durationMs} ms at concurrency ${CONCURRENCY}`);
  const rawRequest = (prefix: string) => (n: number) => ({
    url: `${raw.url}${raw.writePath(`${prefix}-${n}`)}`,
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: body(n) },
  });
  await closedLoop({ concurrency: CONCURRENCY, ...WRITE_WARMUP, request: rawRequest('warm'), check: created });
  const baselineRun = await closedLoop({ concurrency: CONCURRENCY, ...WRITE, request: rawRequest('run'), check: created });

  const busBefore = hub.bus.stats();
  log(`PUT priority: warm-up, then up to ${WRITE.maxRequests} new priorities or ${WRITE.durationMs} ms at concurrency ${CONCURRENCY}`);
  const hubRequest = (prefix: string) => (n: number) => ({
    url: itemUrl(`bench-${run}-${prefix}-${n}`),
    init: { method: 'PUT', headers: writeHeaders, body: body(n) },
  });
  const warm = await closedLoop({ concurrency: CONCURRENCY, ...WRITE_WARMUP, request: hubRequest('warm'), check: created });
  const hubRun = await closedLoop({ concurrency: CONCURRENCY, ...WRITE, request: hubRequest('put'), check: created });
  const busAtEnd = hub.bus.stats();

  // Every PUT published an event whose projection rebuilds the area's joint view: wait (bounded)
  // for the projector to catch up, and report how far behind it was.
  log('waiting for the projector to catch up with the PUTs...');
  const drainStarted = performance.now();
  const drained = await within(hub.idle(), IDLE_TIMEOUT_MS);
  const drainMs = performance.now() - drainStarted;
  const busAfter = hub.bus.stats();
  const after = await exchange({ url: jointViewUrl }, { readText: true });
  const priorityEntries = after.status === 200 ? countPriorities(JSON.parse(after.text) as JointViewDocument) : null;

  const ratio = baselineRun.requestsPerSecond > 0 ? round(hubRun.requestsPerSecond / baselineRun.requestsPerSecond, 3) : null;
  log(
    `PUT priority ${hubRun.requestsPerSecond} req/s vs raw PutItem ${baselineRun.requestsPerSecond} req/s; projector ${drained ? `caught up ${Math.round(drainMs)} ms after the last PUT` : `still behind after ${IDLE_TIMEOUT_MS} ms`}`,
  );
  const requestPathAlone = await measurePutRequestPathAlone(hub, hubRequest, rawRequest, created);
  return {
    route: 'PUT /v1/areas/{area}/organisations/{org}/priorities/{id}: a new public priority per request (201)',
    ...figures(hubRun),
    baseline: {
      route:
        "PUT on a bare Hono app on @hono/node-server: the writer's key item read (GetCommand), then one conditional PutCommand (attribute_not_exists(pk)) of a fresh BENCH# item holding the same body",
      ...figures(baselineRun),
    },
    ratioToBaseline: ratio,
    requestPathAlone,
    warmUpWrites: warm.requests,
    projector: {
      deliveredDuringPuts: busAtEnd.delivered - busBefore.delivered,
      acceptedDuringPuts: busAtEnd.accepted - busBefore.accepted,
      caughtUp: drained,
      catchUpAfterLastPutMs: round(drainMs),
      catchUpBoundMs: IDLE_TIMEOUT_MS,
      failedDeliveries: busAfter.failedDeliveries - busBefore.failedDeliveries,
      deadLettered: busAfter.deadLettered - busBefore.deadLettered,
      jointViewBytesAfter: after.bytes,
      jointViewPriorityEntriesAfter: priorityEntries,
    },
  };
}

/**
 * The fair comparison. The baseline above runs while the hub is idle, but the hub's PUTs share
 * this one event loop (and the one dynalite) with the log relay, the bus and three consumers,
 * which make about twenty table calls of their own per PUT (against its three): on AWS those run in
 * functions of their own. So the PUTs are timed again with the relay held (each appended event
 * waits in the outbox; LocalHub.holdRelay), in slices alternating with the same baseline, both with
 * the consumers idle; then the relay is released and the catch-up timed. Nothing is skipped: every
 * PUT does its whole request, and every event is delivered afterwards.
 */
async function measurePutRequestPathAlone(
  hub: LocalHub,
  hubRequest: (prefix: string) => ClosedLoopOptions['request'],
  rawRequest: (prefix: string) => ClosedLoopOptions['request'],
  created: ClosedLoopOptions['check'],
) {
  log(`PUT priority with the relay held, alternating with the raw PutItem baseline in ${WRITE_SLICES} slices each`);
  const release = hub.holdRelay();
  let runs: [ClosedLoopResult, ClosedLoopResult];
  try {
    runs = await interleaved(
      { concurrency: CONCURRENCY, ...WRITE, request: hubRequest('alone'), check: created },
      { concurrency: CONCURRENCY, ...WRITE, request: rawRequest('alone'), check: created },
      WRITE_SLICES,
    );
  } finally {
    release();
  }
  const [hubRun, baselineRun] = runs;
  const drainStarted = performance.now();
  const drained = await within(hub.idle(), IDLE_TIMEOUT_MS);
  const drainMs = performance.now() - drainStarted;
  const ratio = baselineRun.requestsPerSecond > 0 ? round(hubRun.requestsPerSecond / baselineRun.requestsPerSecond, 3) : null;
  log(`PUT priority, relay held: ${hubRun.requestsPerSecond} req/s vs raw PutItem ${baselineRun.requestsPerSecond} req/s: ratio ${ratio}`);
  return {
    method: `the same PUTs and the same baseline, ${WRITE_SLICES} alternating slices each, while the log relay was held (appended events waited in the outbox, the consumers were idle); then the relay was released`,
    ...figures(hubRun),
    baseline: figures(baselineRun),
    ratioToBaseline: ratio,
    target: `>= ${PUT_TARGET_RATIO}x baseline`,
    met: ratio !== null && ratio >= PUT_TARGET_RATIO && hubRun.errors === 0,
    consumersCaughtUp: drained,
    catchUpAfterReleaseMs: round(drainMs),
  };
}

// ---------------------------------------------------------------------------------------------

function figures(result: ClosedLoopResult) {
  return {
    concurrency: result.concurrency,
    requests: result.requests,
    succeeded: result.succeeded,
    errors: result.errors,
    errorKinds: result.errorKinds,
    elapsedMs: result.elapsedMs,
    stoppedBy: result.stoppedBy,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.latency.p50Ms,
    p90Ms: result.latency.p90Ms,
    p99Ms: result.latency.p99Ms,
    maxMs: result.latency.maxMs,
    responseBytes: result.meanResponseBytes,
    process: result.process,
  };
}

function pick(summary: ReturnType<typeof summarise>) {
  return { p50Ms: summary.p50Ms, p99Ms: summary.p99Ms, maxMs: summary.maxMs };
}
