/**
 * Change-to-joint-view at two area sizes: does a change cost the same in an area of 100 items as
 * in one of 2,000? Each area is generated through the API (bodies and keys as the hub's admin,
 * items as the bodies), the hub is left to go idle, and then single revisions are followed, one
 * at a time, until the area's joint view lists them. Also reported: the size of what the
 * projector stores per area (DynamoDB refuses an item over 400 KB).
 */
import { performance } from 'node:perf_hooks';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { THEMES } from '@partnership-hub/events';
import type { LocalHub } from '@partnership-hub/infra/local';
import { DEFAULT_TABLE_NAME } from '@partnership-hub/infra/topology';
import { createDocumentClient } from '@partnership-hub/store';
import { exchange, sleep, within } from './load.ts';
import { round, summarise } from './stats.ts';

/** The area sizes compared, in items (priorities and work programme items); BENCH_AREA_SIZES=20,200 for a trial run. */
const AREA_SIZES = (process.env.BENCH_AREA_SIZES ?? '100,2000').split(',').map(Number);
/** Revisions followed per size, one at a time. */
const SAMPLES = Number(process.env.BENCH_SIZE_SAMPLES ?? 20);
const BODIES = 10;
const LOADERS = 8;
const IDLE_TIMEOUT_MS = 120_000;
const GIVE_UP_MS = 10_000;
const ITEM_LIMIT_BYTES = 400 * 1024;

const log = (message: string) => process.stderr.write(`[bench:hub-core] ${message}\n`);

export async function measureJointViewBySize(hub: LocalHub, run: string) {
  const documents = createDocumentClient(hub.dynamoDb);
  try {
    const sizes = [];
    for (const size of AREA_SIZES) sizes.push(await oneSize(hub, documents, `bench-size-${size}-${run}`, size));
    const [smallest, largest] = [sizes[0], sizes.at(-1)];
    const ratio = smallest?.p50Ms && largest?.p50Ms ? round(largest.p50Ms / smallest.p50Ms, 2) : null;
    const largestStored = Math.max(...sizes.flatMap((size) => Object.values(size.storedBytes)));
    return {
      method: `an area of each size generated through the API (${BODIES} bodies, priorities and work programme items alternating over every theme), then, once the hub is idle, ${SAMPLES} revisions of one priority, one at a time: latency is from sending the PUT to the end of the first anonymous joint-view read listing its version, the view polled every 2 ms with If-None-Match (an unchanged view answers 304 and is not read)`,
      sizes,
      ratioLargestToSmallestP50: ratio,
      target: `<= 2 (the largest area against the smallest), and every stored item well under ${ITEM_LIMIT_BYTES} bytes`,
      met: ratio !== null && ratio <= 2 && largestStored < ITEM_LIMIT_BYTES / 2,
    };
  } finally {
    documents.destroy();
  }
}

async function oneSize(hub: LocalHub, documents: ReturnType<typeof createDocumentClient>, areaId: string, size: number) {
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
      { readText: true },
    );
    if (answer.status < 200 || answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status || answer.failure} ${answer.text}`);
    return JSON.parse(answer.text || '{}') as Record<string, unknown>;
  };
  const area = `/v1/areas/${areaId}`;
  const loadStarted = performance.now();
  await call('PUT', area, hub.adminKey, { name: `Bench area of ${size} items` });
  const keys: { organisationId: string; key: string }[] = [];
  for (let index = 0; index < BODIES; index++) {
    const organisationId = `body-${index + 1}`;
    const kind = index === 0 ? 'pcc' : index === 1 ? 'panel' : index % 2 === 0 ? 'csp' : 'scrutiny-committee';
    await call('PUT', `${area}/organisations/${organisationId}`, hub.adminKey, { name: `Bench body ${index + 1}`, kind });
    keys.push({ organisationId, key: String((await call('POST', `${area}/organisations/${organisationId}/api-keys`, hub.adminKey)).key) });
  }
  const themes = (n: number) => [THEMES[n % THEMES.length]!.slug, THEMES[(n + 7) % THEMES.length]!.slug];
  let next = 0;
  await Promise.all(
    Array.from({ length: LOADERS }, async () => {
      while (next < size) {
        const n = next++;
        const { organisationId, key } = keys[n % BODIES]!;
        if (n % 2 === 0) {
          await call('PUT', `${area}/organisations/${organisationId}/priorities/priority-${n}`, key, {
            title: `Priority ${n}: reduce harm where it happens most`,
            themes: themes(n),
            visibility: 'public',
          });
        } else {
          await call('PUT', `${area}/organisations/${organisationId}/work-programme/item-${n}`, key, {
            title: `Work item ${n}: scrutiny of partnership performance`,
            themes: themes(n),
            kind: 'scrutiny-review',
            quarter: `2026-Q${(n % 4) + 1}`,
            status: 'planned',
            visibility: 'public',
          });
        }
      }
    }),
  );
  const loadMs = performance.now() - loadStarted;
  if (!(await within(hub.idle(), IDLE_TIMEOUT_MS))) throw new Error(`the area of ${size} items was not projected in time`);
  log(`area of ${size} items loaded in ${Math.round(loadMs)} ms; following ${SAMPLES} revisions in its joint view`);

  // The followed priority belongs to a CSP, so that its theme shows in the joint view.
  const { organisationId, key } = keys[2]!;
  const jointViewUrl = `${hub.url}${area}/joint-priorities`;
  const latencies: number[] = [];
  let notVisible = 0;
  let viewBytes = 0;
  let etag: string | undefined;
  for (let sample = 0; sample < SAMPLES; sample++) {
    const sentAt = performance.now();
    const { version } = await call('PUT', `${area}/organisations/${organisationId}/priorities/followed`, key, {
      title: `The followed priority, revision ${sample}`,
      themes: ['anti-social-behaviour'],
      visibility: 'public',
    });
    let seen = false;
    while (!seen && performance.now() - sentAt < GIVE_UP_MS) {
      // Polled as a client that keeps what it read polls: conditionally, so that an unchanged view
      // answers 304 and only a changed one is read and parsed. Reading and parsing the whole view
      // every 2 ms cost this one process (hub and client share its event loop) more with every
      // item, and the figure measured the client's JSON.parse as much as the projector.
      const read = await conditionalRead(jointViewUrl, etag);
      if (read.status === 200) {
        etag = read.etag;
        viewBytes = Buffer.byteLength(read.text);
        seen = listsVersion(read.text, organisationId, 'followed', Number(version));
      }
      if (!seen) await sleep(2);
    }
    if (seen) latencies.push(performance.now() - sentAt);
    else notVisible++;
  }
  const latency = summarise(latencies);
  const storedBytes = Object.fromEntries(
    await Promise.all(
      (['revision', 'view#public', 'view#partners'] as const).map(async (sk) => {
        const item = await documents.send(new GetCommand({ TableName: DEFAULT_TABLE_NAME, Key: { pk: `JOINT#${areaId}`, sk } }));
        return [
          sk === 'revision' ? 'jointInputs' : sk.replace('view#', 'jointView_'),
          (item.Item?.gz as Uint8Array | undefined)?.byteLength ?? 0,
        ];
      }),
    ),
  ) as Record<string, number>;
  return {
    items: size,
    loadMs: round(loadMs),
    samples: SAMPLES,
    notVisibleWithinMs: { [GIVE_UP_MS]: notVisible },
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    maxMs: latency.maxMs,
    jointViewJsonBytes: viewBytes,
    storedBytes,
  };
}

/** One GET, conditional on the ETag last read; the body is read only when it is a 200. */
async function conditionalRead(url: string, etag: string | undefined): Promise<{ status: number; etag?: string; text: string }> {
  try {
    const response = await fetch(url, { headers: etag ? { 'if-none-match': etag } : {}, signal: AbortSignal.timeout(GIVE_UP_MS) });
    if (response.status !== 200) {
      await response.arrayBuffer();
      return { status: response.status, text: '' };
    }
    return { status: 200, etag: response.headers.get('etag') ?? undefined, text: await response.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

function listsVersion(text: string, organisationId: string, id: string, version: number): boolean {
  const view = JSON.parse(text) as {
    themes: { organisations: { organisationId: string; priorities: { id: string; version: number }[] }[] }[];
  };
  return view.themes.some((theme) =>
    theme.organisations.some(
      (organisation) =>
        organisation.organisationId === organisationId &&
        organisation.priorities.some((priority) => priority.id === id && priority.version >= version),
    ),
  );
}
