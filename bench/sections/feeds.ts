/**
 * Feeds bench: how many changes a second a follower streams from the change feed (page after page
 * with its cursor, once the writes are in), how long a change takes from its PUT to the feed, and
 * the 304 rate when 100 clients poll an unchanged feed with If-None-Match. All traffic is to
 * 127.0.0.1; every loop is bounded in count and in time.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type LocalHub, startLocalHub } from '@partnership-hub/infra/local';
import { DEFAULT_TABLE_NAME } from '@partnership-hub/infra/topology';
import { type ClosedLoopResult, closedLoop, type Exchange, exchange, interleaved, sleep } from '../lib/load.ts';
import { startRawStoreServer } from '../lib/raw-store-server.ts';
import { round, summarise } from '../lib/stats.ts';

const AREA = 'bench-feeds';
const ORG = 'bench-csp';
const ADMIN = 'bench-feeds-admin';
const CHANGES = Number(process.env.BENCH_FEED_CHANGES ?? 200);
const WRITERS = 8;
const POLLERS = 100;
const POLLS_PER_CLIENT = 10;
/** Each phase stops by itself after this long, so the section stays well inside the bench's watchdog. */
const PHASE_LIMIT_MS = 20_000;
const phaseDeadline = () => Date.now() + PHASE_LIMIT_MS;

interface Page {
  changes: unknown[];
  cursor: string;
}

export async function feeds(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'partnership-hub-bench-feeds-'));
  const hub = await startLocalHub({ dataDir, port: 0, adminKey: ADMIN, seed: false });
  try {
    const json = (method: string, path: string, key: string, body?: unknown) =>
      exchange(
        {
          url: `${hub.url}${path}`,
          init: {
            method,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            ...(body ? { body: JSON.stringify(body) } : {}),
          },
        },
        { readText: true },
      );
    await json('PUT', `/v1/areas/${AREA}`, ADMIN, { name: 'Bench Feeds' });
    await json('PUT', `/v1/areas/${AREA}/organisations/${ORG}`, ADMIN, { name: 'Bench CSP', kind: 'csp' });
    const key = JSON.parse((await json('POST', `/v1/areas/${AREA}/organisations/${ORG}/api-keys`, ADMIN)).text).key as string;

    // Writes: CHANGES publications and revisions of 100 priorities, by WRITERS clients at once.
    let next = 0;
    const lag: number[] = [];
    let deadline = phaseDeadline();
    const writeStarted = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < CHANGES && Date.now() < deadline) {
          const index = next++;
          await json('PUT', `/v1/areas/${AREA}/organisations/${ORG}/priorities/p${index % 100}`, key, {
            title: `Priority ${index}`,
            themes: ['burglary'],
            status: 'active',
            visibility: 'public',
          });
        }
      }),
    );
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    const written = Math.min(next, CHANGES);
    process.stderr.write(`[bench] feeds: ${written} changes written in ${writeSeconds.toFixed(1)} s\n`);
    // Let the consumers catch up (bounded: a stuck delivery must not hang the bench).
    await Promise.race([hub.idle(), sleep(PHASE_LIMIT_MS)]);
    process.stderr.write(`[bench] feeds: consumers caught up\n`);

    // Change-to-feed lag: one write, then poll the tail until it shows (sampled 20 times).
    deadline = phaseDeadline();
    let tail = await followToEnd(hub.url, undefined, 1000, deadline);
    for (let sample = 0; sample < 20 && Date.now() < deadline; sample++) {
      const started = performance.now();
      await json('PUT', `/v1/areas/${AREA}/organisations/${ORG}/priorities/lag-${sample}`, key, {
        title: `Lag ${sample}`,
        themes: ['burglary'],
        status: 'active',
        visibility: 'public',
      });
      for (;;) {
        const page = await getPage(hub.url, tail.cursor, 100);
        if (page.changes.length > 0) {
          lag.push(performance.now() - started);
          tail = { cursor: page.cursor, count: 0, seconds: 0 };
          break;
        }
        if (Date.now() > deadline) break;
        await sleep(2);
      }
    }

    // Throughput: a follower streams the whole feed from the start, page by page.
    const streams: Record<string, unknown> = {};
    for (const limit of [100, 500]) {
      deadline = phaseDeadline();
      const followed = await followToEnd(hub.url, undefined, limit, deadline);
      streams[`limit${limit}`] = {
        changes: followed.count,
        seconds: round(followed.seconds, 3),
        changesPerSecond: Math.round(followed.count / followed.seconds),
      };
    }

    // 304s: 100 clients each fetch the Atom feed once, then poll it with If-None-Match (once the
    // lag samples are projected: until then the feed's revision still moves on).
    await Promise.race([hub.idle(), sleep(PHASE_LIMIT_MS)]);
    const feedUrl = `${hub.url}/v1/areas/${AREA}/feed.atom`;
    const etag = (await fetch(feedUrl)).headers.get('etag') ?? '';
    const statuses: number[] = [];
    const pollLatency: number[] = [];
    deadline = phaseDeadline();
    const pollStarted = performance.now();
    await Promise.all(
      Array.from({ length: POLLERS }, async () => {
        const first = await exchange({ url: feedUrl });
        const tag = etag;
        for (let poll = 0; poll < POLLS_PER_CLIENT && Date.now() < deadline && first.status !== 0; poll++) {
          const answer = await exchange({ url: feedUrl, init: { headers: { 'if-none-match': tag } } });
          statuses.push(answer.status);
          pollLatency.push(answer.latencyMs);
        }
      }),
    );
    const pollSeconds = (performance.now() - pollStarted) / 1000;
    const notModified = statuses.filter((status) => status === 304).length;

    await Promise.race([hub.idle(), sleep(PHASE_LIMIT_MS)]);
    const conditionalGets = await measureConditionalGets(hub);

    return {
      writes: { changes: written, writers: WRITERS, seconds: round(writeSeconds, 3), changesPerSecond: Math.round(written / writeSeconds) },
      changeToFeedLagMs: summarise(lag),
      followerThroughput: streams,
      unchangedFeedPolled: {
        clients: POLLERS,
        polls: statuses.length,
        notModified,
        notModifiedRate: statuses.length ? round(notModified / statuses.length, 4) : null,
        requestsPerSecond: Math.round((statuses.length + POLLERS) / pollSeconds),
        pollLatency: summarise(pollLatency),
      },
      conditionalGets,
    };
  } finally {
    await hub.stop();
    if (!process.env.KEEP_BENCH_DATA) await rm(dataDir, { recursive: true, force: true });
  }
}

/** How long each side of a 304-against-GetItem comparison runs, in alternating slices (BENCH_POLL_MS to shorten a trial run). */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 5_000);
const POLL_SLICES = 4;

/**
 * 304s at POLLERS clients in a closed loop, each beside a raw GetItem of the stored joint view
 * through a bare Hono server on the same table, at the same concurrency and in alternating
 * slices: the Atom feed (its 304 answered from the area's revision and the tag the instance last gave
 * the feed at it) and today's joint view (its revision and date).
 */
async function measureConditionalGets(hub: LocalHub) {
  const raw = await startRawStoreServer({
    dynamoDb: hub.dynamoDb,
    tableName: DEFAULT_TABLE_NAME,
    readKey: { pk: `JOINT#${AREA}`, sk: 'view#public' },
    writePkPrefix: 'BENCH#feeds#',
  });
  try {
    const figures = async (label: string, url: string, headers: Record<string, string>) => {
      const etag = (await fetch(url, { headers })).headers.get('etag');
      if (!etag) throw new Error(`${label} answered no ETag`);
      const notModified = (answer: Exchange) => (answer.status === 304 ? undefined : `status:${answer.status}`);
      const load = { concurrency: POLLERS, durationMs: POLL_MS, maxRequests: 200_000 };
      const conditional = {
        ...load,
        request: () => ({ url, init: { headers: { ...headers, 'if-none-match': etag } } }),
        check: notModified,
      };
      const baseline = { ...load, request: () => ({ url: `${raw.url}${raw.readPath}` }) };
      await closedLoop({ ...conditional, durationMs: 500 });
      await closedLoop({ ...baseline, durationMs: 500 });
      const [hubRun, baselineRun] = await interleaved(conditional, baseline, POLL_SLICES);
      const ratio = baselineRun.requestsPerSecond > 0 ? round(hubRun.requestsPerSecond / baselineRun.requestsPerSecond, 3) : null;
      process.stderr.write(
        `[bench] feeds: ${label} 304 ${hubRun.requestsPerSecond} req/s vs GetItem ${baselineRun.requestsPerSecond} req/s\n`,
      );
      const of = (run: ClosedLoopResult) => ({
        requests: run.requests,
        errors: run.errors,
        errorKinds: run.errorKinds,
        requestsPerSecond: run.requestsPerSecond,
        p50Ms: run.latency.p50Ms,
        p99Ms: run.latency.p99Ms,
      });
      return {
        route: `${label}, If-None-Match with its ETag`,
        ...of(hubRun),
        baseline: of(baselineRun),
        ratioToBaseline: ratio,
        target: '>= 0.8',
        met: ratio !== null && ratio >= 0.8 && hubRun.errors === 0,
      };
    };
    return {
      method: `closed loop, ${POLLERS} clients, ${POLL_MS} ms each side in ${POLL_SLICES} alternating slices; baseline: GET on a bare Hono app, one GetItem of JOINT#{area} / view#public, its stored body sent as is`,
      atomFeed: await figures('GET /v1/areas/{area}/feed.atom', `${hub.url}/v1/areas/${AREA}/feed.atom`, {}),
      jointView: await figures('GET /v1/areas/{area}/joint-priorities', `${hub.url}/v1/areas/${AREA}/joint-priorities`, {
        'accept-encoding': 'gzip',
      }),
    };
  } finally {
    await raw.stop();
  }
}

async function getPage(url: string, cursor: string | undefined, limit: number): Promise<Page> {
  const answer = await exchange(
    { url: `${url}/v1/areas/${AREA}/changes?limit=${limit}${cursor ? `&after=${cursor}` : ''}` },
    { readText: true },
  );
  if (answer.status !== 200) throw new Error(`the change feed answered ${answer.status}${answer.failure ? ` (${answer.failure})` : ''}`);
  return JSON.parse(answer.text) as Page;
}

async function followToEnd(
  url: string,
  after: string | undefined,
  limit: number,
  deadline: number,
): Promise<{ cursor: string | undefined; count: number; seconds: number }> {
  const started = performance.now();
  let cursor = after;
  let count = 0;
  while (Date.now() < deadline) {
    const page = await getPage(url, cursor, limit);
    cursor = page.cursor;
    if (page.changes.length === 0) break;
    count += page.changes.length;
  }
  return { cursor, count, seconds: (performance.now() - started) / 1000 };
}
