/**
 * The browser pages: server render time of the area overview (the joint priorities matrix),
 * through the app's own request path (`app.request`, so no HTTP or socket cost, but the real
 * store reads against the embedded DynamoDB), for the seeded South Yorkshire area and for a
 * generated area of 40 bodies covering all 24 themes (shown 12 bodies across at a time, as a
 * reader gets it, and all 40 on one page, as a clerk prints it); and the size of the HTML sent.
 * The pages' targets: p99 ≤ 50 ms for the seeded area, HTML ≤ 100 KB; no client-side framework; the
 * requests tracker of the generated area (500 requests) renders within 2× its overview's median time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { allRoutes, BODIES_PER_PAGE, createApp, pageCount, wireApi } from '@partnership-hub/api';
import { THEMES } from '@partnership-hub/events';
import { type LocalHub, startLocalHub } from '@partnership-hub/infra/local';
import { DEFAULT_TABLE_NAME } from '@partnership-hub/infra/topology';
import { southYorkshire } from '@partnership-hub/seed';
import { GENERATED, generateArea } from '../lib/generated-area.ts';
import { within } from '../lib/load.ts';
import { round, summarise } from '../lib/stats.ts';

const TARGET = { seededP99Ms: 50, maxHtmlBytes: 100 * 1024, trackerMaxRatio: 2 } as const;
const RUN = { warmup: 20, requests: 300, maxDurationMs: 15_000 } as const;
const IDLE_TIMEOUT_MS = 60_000;

const log = (message: string) => process.stderr.write(`[bench:pages] ${message}\n`);
const quiet = {
  info: () => {},
  warn: () => {},
  error: (message: string, extra: Record<string, unknown>) => log(`${message} ${JSON.stringify(extra)}`),
};

export async function pages(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hub-bench-pages-'));
  let hub: LocalHub | undefined;
  try {
    log('starting the local hub with South Yorkshire...');
    hub = await startLocalHub({ dataDir, port: 0, seed: southYorkshire, logger: quiet });
    log(`generating ${GENERATED.areaId}: ${GENERATED.bodies} bodies...`);
    await generateArea(hub);
    if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error(`the areas were not projected within ${IDLE_TIMEOUT_MS} ms`);

    // The same app the hub serves, wired to the hub's store (reads only).
    const app = createApp(
      wireApi({
        tableName: DEFAULT_TABLE_NAME,
        adminKeyHash: '0'.repeat(64),
        dynamoDb: hub.dynamoDb,
        logger: quiet,
      }),
      allRoutes,
    );
    const seeded = await measure(app, `/areas/${southYorkshire.id}`);
    const generated = await measure(app, `/areas/${GENERATED.areaId}`);
    // Not a target: the wide table a clerk asks for to print every body at once.
    const generatedAll = await measure(app, `/areas/${GENERATED.areaId}?page=all`);
    // The tracker of the same area, with its 500 requests, beside the overview of this same run.
    const tracker = await measure(app, `/areas/${GENERATED.areaId}/tracker`);
    const trackerRatio =
      tracker.renderMs.p50Ms !== null && generated.renderMs.p50Ms ? round(tracker.renderMs.p50Ms / generated.renderMs.p50Ms, 2) : null;
    return {
      method: `app.request of GET /areas/{areaId} (Accept: text/html), ${RUN.requests} sequential requests after ${RUN.warmup} warm-up, store reads against the embedded DynamoDB included`,
      seededArea: { areaId: southYorkshire.id, bodies: southYorkshire.organisations.length, ...seeded },
      generatedArea: {
        areaId: GENERATED.areaId,
        bodies: GENERATED.bodies,
        themes: THEMES.length,
        bodiesAcross: BODIES_PER_PAGE,
        pagesOfBodies: pageCount(GENERATED.bodies),
        ...generated,
      },
      generatedAreaAllBodiesOnOnePage: { path: `/areas/${GENERATED.areaId}?page=all`, ...generatedAll },
      tracker: {
        path: `/areas/${GENERATED.areaId}/tracker`,
        requests: GENERATED.requests,
        ...tracker,
        /** The tracker's median render time over the generated area's overview's, measured in this same run. */
        p50RatioToOverview: trackerRatio,
      },
      targets: {
        seededP99Ms: TARGET.seededP99Ms,
        maxHtmlBytes: TARGET.maxHtmlBytes,
        seededP99Met: seeded.renderMs.p99Ms !== null && seeded.renderMs.p99Ms <= TARGET.seededP99Ms,
        seededHtmlMet: seeded.htmlBytes <= TARGET.maxHtmlBytes,
        generatedHtmlMet: generated.htmlBytes <= TARGET.maxHtmlBytes,
        trackerMaxRatioToOverview: TARGET.trackerMaxRatio,
        trackerRatioMet: trackerRatio !== null && trackerRatio <= TARGET.trackerMaxRatio,
      },
      clientScripts: seeded.scriptTags + generated.scriptTags,
    };
  } finally {
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measure(app: ReturnType<typeof createApp>, path: string) {
  const get = async () => {
    const response = await app.request(path, { headers: { accept: 'text/html' } });
    const html = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return html;
  };
  for (let index = 0; index < RUN.warmup; index += 1) await get();
  const samples: number[] = [];
  const deadline = performance.now() + RUN.maxDurationMs;
  let html = '';
  while (samples.length < RUN.requests && performance.now() < deadline) {
    const started = performance.now();
    html = await get();
    samples.push(performance.now() - started);
  }
  const bytes = Buffer.byteLength(html);
  return {
    renderMs: summarise(samples),
    htmlBytes: bytes,
    htmlKiB: round(bytes / 1024, 1),
    /** What a browser downloads: the pages are sent gzipped to clients that accept it. */
    htmlGzipBytes: gzipSync(html).length,
    matrixCells: (html.match(/<td/g) ?? []).length,
    scriptTags: (html.match(/<script/gi) ?? []).length,
  };
}
