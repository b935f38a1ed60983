/**
 * The browser pages: server render time of the area overview (the joint priorities matrix),
 * through the app's own request path (`app.request`, so no HTTP or socket cost, but the real
 * store reads against the embedded DynamoDB), for the seeded South Yorkshire area and for a
 * generated area of 40 bodies covering all 24 themes; and the size of the HTML sent.
 * Issue 4's targets: p99 ≤ 50 ms for the seeded area, HTML ≤ 100 KB; no client-side framework.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { allRoutes, createApp, wireApi } from '@partnership-hub/api';
import { THEMES } from '@partnership-hub/events';
import { southYorkshire } from '@partnership-hub/seed';
import { startLocalHub, type LocalHub } from '../../infra/src/local/hub.ts';
import { DEFAULT_BUS_NAME, DEFAULT_TABLE_NAME } from '../../infra/src/topology.ts';
import { within } from '../lib/load.ts';
import { round, summarise } from '../lib/stats.ts';

const TARGET = { seededP99Ms: 50, maxHtmlBytes: 100 * 1024 } as const;
const RUN = { warmup: 20, requests: 300, maxDurationMs: 15_000 } as const;
const GENERATED = { areaId: 'bench-generated', bodies: 40, prioritiesPerBody: 2, itemsPerBody: 3 } as const;
const IDLE_TIMEOUT_MS = 60_000;

const log = (message: string) => process.stderr.write(`[bench:pages] ${message}\n`);
const quiet = { info: () => {}, warn: () => {}, error: (message: string, extra: Record<string, unknown>) => log(`${message} ${JSON.stringify(extra)}`) };

export async function pages(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hub-bench-pages-'));
  let hub: LocalHub | undefined;
  try {
    log('starting the local hub with South Yorkshire...');
    hub = await startLocalHub({ dataDir, port: 0, seed: southYorkshire, logger: quiet });
    await generateArea(hub);
    if (!(await within(hub.bus.idle(), IDLE_TIMEOUT_MS))) throw new Error(`the areas were not projected within ${IDLE_TIMEOUT_MS} ms`);

    // The same app the hub serves, wired to the hub's store: reads only, so the bus endpoint is never called.
    const app = createApp(
      wireApi({
        tableName: DEFAULT_TABLE_NAME,
        busName: DEFAULT_BUS_NAME,
        adminKeyHash: '0'.repeat(64),
        dynamoDb: { endpoint: hub.dynamoDbEndpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
        eventBridge: { endpoint: 'http://127.0.0.1:9', region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
        logger: quiet,
      }),
      allRoutes,
    );
    const seeded = await measure(app, `/areas/${southYorkshire.id}`);
    const generated = await measure(app, `/areas/${GENERATED.areaId}`);
    return {
      method: `app.request of GET /areas/{areaId} (Accept: text/html), ${RUN.requests} sequential requests after ${RUN.warmup} warm-up, store reads against the embedded DynamoDB included`,
      seededArea: { areaId: southYorkshire.id, bodies: southYorkshire.organisations.length, ...seeded },
      generatedArea: { areaId: GENERATED.areaId, bodies: GENERATED.bodies, themes: THEMES.length, ...generated },
      targets: {
        seededP99Ms: TARGET.seededP99Ms,
        maxHtmlBytes: TARGET.maxHtmlBytes,
        seededP99Met: seeded.renderMs.p99Ms !== null && seeded.renderMs.p99Ms <= TARGET.seededP99Ms,
        seededHtmlMet: seeded.htmlBytes <= TARGET.maxHtmlBytes,
        generatedHtmlMet: generated.htmlBytes <= TARGET.maxHtmlBytes,
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

/** 40 bodies (a PCC, a panel, 19 CSPs and 19 scrutiny committees), each with priorities and work spread over all 24 themes, put in through the API as bodies would. */
async function generateArea(hub: LocalHub): Promise<void> {
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const area = `/v1/areas/${GENERATED.areaId}`;
  log(`generating ${GENERATED.areaId}: ${GENERATED.bodies} bodies...`);
  await call('PUT', area, hub.adminKey, { name: 'Generated Area' });
  const kinds = ['pcc', 'panel', ...Array.from({ length: GENERATED.bodies - 2 }, (_, index) => (index % 2 === 0 ? 'csp' : 'scrutiny-committee'))];
  let themeIndex = 0;
  const nextThemes = () => {
    const themes = [THEMES[themeIndex % THEMES.length]!.slug, THEMES[(themeIndex + 7) % THEMES.length]!.slug];
    themeIndex += 1;
    return themes;
  };
  for (const [index, kind] of kinds.entries()) {
    const organisationId = `body-${String(index + 1).padStart(2, '0')}`;
    await call('PUT', `${area}/organisations/${organisationId}`, hub.adminKey, { name: `Generated ${kind === 'csp' ? 'Community Safety Partnership' : kind === 'scrutiny-committee' ? 'Scrutiny Committee' : kind.toUpperCase()} ${index + 1}`, kind });
    const { key } = await call('POST', `${area}/organisations/${organisationId}/api-keys`, hub.adminKey);
    for (let number = 1; number <= GENERATED.prioritiesPerBody; number += 1) {
      await call('PUT', `${area}/organisations/${organisationId}/priorities/priority-${number}`, String(key), {
        title: `Priority ${number} of body ${index + 1}: reduce harm in the places it happens most`,
        themes: nextThemes(),
        lead: 'Head of Community Safety',
        visibility: 'public',
      });
    }
    for (let number = 1; number <= GENERATED.itemsPerBody; number += 1) {
      await call('PUT', `${area}/organisations/${organisationId}/work-programme/item-${number}`, String(key), {
        title: `Work item ${number} of body ${index + 1}: scrutiny of partnership performance`,
        themes: nextThemes(),
        kind: 'scrutiny-review',
        quarter: `2026-Q${((index + number) % 4) + 1}`,
        status: 'planned',
        visibility: 'public',
      });
    }
  }
}
