/**
 * Scale (`npm run bench -- --scale`, not part of the default run): an England-and-Wales-sized
 * dataset, 43 areas × 15 bodies × 60 items with some history, loaded through the API as bodies
 * would write it, beside the seeded area. Reported: events/s while loading (until the hub is idle
 * again), the joint-view read and a new-priority PUT on the seeded area before and after the load
 * (no figure may degrade by more than 1.5×), and the time to rebuild every area's views and joint
 * views from the log (`npm run rebuild -- --all`, on the stopped hub, after its views were removed).
 * BENCH_SCALE=areas,bodies,items (default 43,15,60) shrinks it for a trial run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { THEMES } from '@partnership-hub/events';
import { type LocalHub, startLocalHub } from '@partnership-hub/infra/local';
import { runRebuildCommand } from '@partnership-hub/infra/rebuild';
import { DEFAULT_TABLE_NAME } from '@partnership-hub/infra/topology';
import { EmbeddedDynamoDb } from '@partnership-hub/local-aws';
import { southYorkshire } from '@partnership-hub/seed';
import { createDocumentClient } from '@partnership-hub/store';
import { closedLoop, exchange, within } from '../lib/load.ts';
import { round } from '../lib/stats.ts';

const [AREAS, BODIES, ITEMS] = (process.env.BENCH_SCALE ?? '43,15,60').split(',').map(Number) as [number, number, number];
/** Every REVISE-th item is revised once after it is published: its history. */
const REVISE = 3;
const LOADERS = 16;
const CONCURRENCY = 8;
const MEASURE = { durationMs: 5_000, maxRequests: 100_000 };
const IDLE_TIMEOUT_MS = 1_800_000;
const TARGET_DEGRADATION = 1.5;

const log = (message: string) => process.stderr.write(`[bench:scale] ${message}\n`);

export async function scale(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hub-bench-scale-'));
  let hub: LocalHub | undefined;
  try {
    hub = await startLocalHub({ dataDir, port: 0, seed: southYorkshire });
    if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error('the seed was not projected in time');
    const seeded = seededArea(hub);
    log('the seeded area alone: joint-view read and PUT');
    const before = await seeded.measure('before');

    log(`loading ${AREAS} areas × ${BODIES} bodies × ${ITEMS} items through the API...`);
    const loadStarted = performance.now();
    const loaded = await loadAreas(hub);
    const writtenMs = performance.now() - loadStarted;
    if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error('the hub did not catch up with the load in time');
    const loadMs = performance.now() - loadStarted;
    log(`${loaded.events} events in ${Math.round(loadMs)} ms (written in ${Math.round(writtenMs)} ms)`);

    log('the seeded area among them: joint-view read and PUT');
    const after = await seeded.measure('after');
    await hub.stop();
    hub = undefined;

    const rebuild = await rebuildEverything(dataDir);
    const degradation = {
      jointViewRead: round(before.jointViewRead.requestsPerSecond / after.jointViewRead.requestsPerSecond, 2),
      putPriority: round(before.putPriority.requestsPerSecond / after.putPriority.requestsPerSecond, 2),
    };
    return {
      dataset: { areas: AREAS, bodiesPerArea: BODIES, itemsPerBody: ITEMS, revisedEvery: REVISE, ...loaded },
      load: {
        method: `${LOADERS} writers through the API (the bodies' own keys), until the hub was idle again (every event relayed and projected)`,
        events: loaded.events,
        writtenMs: round(writtenMs),
        untilIdleMs: round(loadMs),
        eventsPerSecond: round(loaded.events / (loadMs / 1000), 1),
      },
      seededArea: { before, after, slowdown: degradation, target: `<= ${TARGET_DEGRADATION}× slower with every area present` },
      rebuild,
      met: Object.values(degradation).every((ratio) => ratio <= TARGET_DEGRADATION) && rebuild.exitCode === 0,
    };
  } finally {
    await hub?.stop().catch((error: unknown) => log(`the hub did not stop cleanly: ${String(error)}`));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The seeded area's joint-view read and new-priority PUT, each a closed loop at CONCURRENCY. */
function seededArea(hub: LocalHub) {
  const csp = southYorkshire.organisations.find((organisation) => organisation.kind === 'csp')!;
  const credential = hub.credentials.organisations.find((entry) => entry.areaId === southYorkshire.id && entry.organisationId === csp.id);
  if (!credential) throw new Error('no key for a community safety partnership of the seeded area');
  const jointViewUrl = `${hub.url}/v1/areas/${southYorkshire.id}/joint-priorities`;
  const headers = { authorization: `Bearer ${credential.key}`, 'content-type': 'application/json' };
  return {
    measure: async (label: string) => {
      const jointViewRead = await closedLoop({ concurrency: CONCURRENCY, ...MEASURE, request: () => ({ url: jointViewUrl }) });
      const putPriority = await closedLoop({
        concurrency: CONCURRENCY,
        ...MEASURE,
        maxRequests: 2_000,
        request: (n) => ({
          url: `${hub.url}/v1/areas/${southYorkshire.id}/organisations/${csp.id}/priorities/scale-${label}-${n}`,
          init: { method: 'PUT', headers, body: JSON.stringify({ title: `Scale bench ${n}`, themes: ['burglary'], visibility: 'public' }) },
        }),
      });
      if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error('the hub did not catch up after the PUTs');
      const figures = (run: Awaited<ReturnType<typeof closedLoop>>) => ({
        requests: run.requests,
        errors: run.errors,
        requestsPerSecond: run.requestsPerSecond,
        p50Ms: run.latency.p50Ms,
        p99Ms: run.latency.p99Ms,
      });
      return { jointViewRead: figures(jointViewRead), putPriority: figures(putPriority) };
    },
  };
}

/** Every area, its bodies (with keys) and their items, through the API. Answers the events written. */
async function loadAreas(hub: LocalHub): Promise<{ events: number; errors: number }> {
  let events = 0;
  let errors = 0;
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const answer = await exchange(
      {
        url: `${hub.url}${path}`,
        init: {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
      },
      { readText: true, timeoutMs: 60_000 },
    );
    if (answer.status < 200 || answer.status >= 300) {
      errors++;
      if (errors <= 5) log(`${method} ${path}: ${answer.status || answer.failure} ${answer.text.slice(0, 200)}`);
      return {};
    }
    if (method === 'PUT') events++;
    return JSON.parse(answer.text || '{}') as Record<string, unknown>;
  };

  // Work items: every (area, body, item), spread over LOADERS writers.
  const work: (() => Promise<unknown>)[] = [];
  for (let a = 1; a <= AREAS; a++) {
    const area = `/v1/areas/scale-${String(a).padStart(2, '0')}`;
    await call('PUT', area, hub.adminKey, { name: `Scale area ${a}` });
    for (let b = 1; b <= BODIES; b++) {
      const organisationId = `body-${String(b).padStart(2, '0')}`;
      const kind = b === 1 ? 'pcc' : b === 2 ? 'panel' : b % 2 === 0 ? 'csp' : 'scrutiny-committee';
      await call('PUT', `${area}/organisations/${organisationId}`, hub.adminKey, { name: `Scale area ${a} body ${b}`, kind });
      const key = String((await call('POST', `${area}/organisations/${organisationId}/api-keys`, hub.adminKey)).key);
      for (let n = 0; n < ITEMS; n++) {
        const themes = [THEMES[(a + b + n) % THEMES.length]!.slug, THEMES[(a + b + n + 7) % THEMES.length]!.slug];
        const path =
          n % 2 === 0
            ? `${area}/organisations/${organisationId}/priorities/priority-${n}`
            : `${area}/organisations/${organisationId}/work-programme/item-${n}`;
        const content = (revision: number) =>
          n % 2 === 0
            ? { title: `Priority ${n} of body ${b}${revision ? `, revised` : ''}`, themes, visibility: 'public' }
            : {
                title: `Work item ${n} of body ${b}${revision ? `, revised` : ''}`,
                themes,
                kind: 'scrutiny-review',
                quarter: `2026-Q${(n % 4) + 1}`,
                status: 'planned',
                visibility: 'public',
              };
        work.push(async () => {
          await call('PUT', path, key, content(0));
          if (n % REVISE === 0) await call('PUT', path, key, content(1));
        });
      }
    }
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: LOADERS }, async () => {
      while (next < work.length) await work[next++]!();
    }),
  );
  return { events, errors };
}

/**
 * Removes every area's views and joint views from the stopped hub's table, then times
 * `npm run rebuild -- --all` putting them back from the log (the change feed stays: its entries
 * are all there, so the rebuild only checks them).
 */
async function rebuildEverything(dataDir: string) {
  const database = new EmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
  const { connection } = await database.start();
  const documents = createDocumentClient(connection);
  let removed = 0;
  try {
    removed = await removeProjections(documents);
  } finally {
    documents.destroy();
    await database.stop();
  }
  log(`${removed} view items removed; rebuilding every area from the log...`);
  const lines: string[] = [];
  const started = performance.now();
  const exitCode = await runRebuildCommand(['--all'], {
    out: (line) => {
      if (line.startsWith('Rebuilt')) lines.push(line);
    },
    err: (line) => log(line),
    env: { HUB_DATA_DIR: dataDir },
  });
  const tookMs = performance.now() - started;
  log(`rebuilt in ${Math.round(tookMs)} ms (exit ${exitCode})`);
  return {
    method: "views and joint views of every area removed from the stopped hub's table, then `npm run rebuild -- --all`",
    viewItemsRemoved: removed,
    areasRebuilt: lines.length,
    exitCode,
    tookMs: round(tookMs),
  };
}

/**
 * The bench's own clean-up of a stopped hub's table, not a hub write: BatchWriteItem takes no
 * condition, and nothing else writes to the table meanwhile.
 */
async function removeProjections(documents: ReturnType<typeof createDocumentClient>): Promise<number> {
  let removed = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: DEFAULT_TABLE_NAME,
        FilterExpression: 'begins_with(pk, :view) OR begins_with(pk, :joint)',
        ExpressionAttributeValues: { ':view': 'VIEW#', ':joint': 'JOINT#' },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: startKey,
      }),
    );
    const keys = (page.Items ?? []).map((item) => ({ pk: item.pk, sk: item.sk }));
    for (let index = 0; index < keys.length; index += 25) {
      let requests: { DeleteRequest: { Key: Record<string, unknown> } }[] | undefined = keys
        .slice(index, index + 25)
        .map((Key) => ({ DeleteRequest: { Key } }));
      while (requests && requests.length > 0) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [DEFAULT_TABLE_NAME]: requests } }));
        requests = result.UnprocessedItems?.[DEFAULT_TABLE_NAME] as typeof requests;
      }
    }
    removed += keys.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return removed;
}
