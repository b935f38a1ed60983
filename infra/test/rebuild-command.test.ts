import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type AttributeValue, DeleteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EmbeddedDynamoDb } from '@partnership-hub/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHub } from '../src/local/hub.ts';
import { REBUILD_USAGE, runRebuildCommand } from '../src/local/rebuild-command.ts';
import { DEFAULT_TABLE_NAME } from '../src/topology.ts';
import { client, temporaryDirectory } from './support/client.ts';

/**
 * `npm run rebuild` on a real data folder: a hub (not seeded: two small areas are cheaper) is
 * started, written to and stopped; items are then deleted from its table directly, and the
 * command puts them back. The rebuild's core on the stores' ports: rebuild-area.test.ts.
 */
const ALPHA = 'alpha-area';
const BETA = 'beta-area';
let dataDir: string;
let removeData: () => Promise<void>;
let stopHub: (() => Promise<void>) | undefined;

type Item = Record<string, AttributeValue>;

/** Runs the command as `npm run rebuild -- <argv>` would, on the test's data folder. */
async function rebuild(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRebuildCommand(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { HUB_DATA_DIR: dataDir },
  });
  return { code, out, err };
}

/** Opens the stopped hub's table, as the command does, for the test to read and damage. */
async function withTable<T>(
  work: (table: { partition: (pk: string) => Promise<Item[]>; remove: (pk: string, sk: string) => Promise<void> }) => Promise<T>,
) {
  const database = new EmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
  const { endpoint } = await database.start();
  const dynamo = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    return await work({
      partition: async (pk) => {
        const items: Item[] = [];
        let startKey: Item | undefined;
        do {
          const page = await dynamo.send(
            new QueryCommand({
              TableName: DEFAULT_TABLE_NAME,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: pk } },
              ExclusiveStartKey: startKey,
            }),
          );
          items.push(...(page.Items ?? []));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return items;
      },
      remove: async (pk, sk) => {
        await dynamo.send(new DeleteItemCommand({ TableName: DEFAULT_TABLE_NAME, Key: { pk: { S: pk }, sk: { S: sk } } }));
      },
    });
  } finally {
    dynamo.destroy();
    await database.stop();
  }
}

/** An area's projections as stored: views, joint views (their JSON, and the revision counter) and change feed. */
async function projectionsOf(areaId: string) {
  return withTable(async ({ partition }) => {
    const joint = await partition(`JOINT#${areaId}`);
    return {
      views: await partition(`VIEW#${areaId}`),
      jointViews: joint.filter((item) => item.sk?.S?.startsWith('view#')).map((item) => [item.sk?.S, gunzipSync(item.gz!.B!).toString()]),
      jointRevision: joint.find((item) => item.sk?.S === 'revision')?.revision?.N,
      feed: await partition(`FEED#${areaId}`),
    };
  });
}

beforeAll(async () => {
  const data = await temporaryDirectory();
  dataDir = data.path;
  removeData = data.remove;
  const hub = await startLocalHub({ dataDir, port: 0, seed: false });
  stopHub = () => hub.stop();
  const call = client(hub.url);
  for (const areaId of [ALPHA, BETA]) {
    await call('PUT', `/v1/areas/${areaId}`, { key: hub.adminKey, body: { name: `Area ${areaId}` } });
    await call('PUT', `/v1/areas/${areaId}/organisations/csp`, { key: hub.adminKey, body: { name: 'A CSP', kind: 'csp' } });
    const { body: issued } = await call('POST', `/v1/areas/${areaId}/organisations/csp/api-keys`, { key: hub.adminKey });
    const priority = (id: string, title: string, visibility = 'public') =>
      call('PUT', `/v1/areas/${areaId}/organisations/csp/priorities/${id}`, {
        key: issued.key,
        body: { title, themes: ['burglary'], visibility },
      });
    await priority('first', 'First');
    await priority('second', 'Second', 'partners');
    await priority('first', 'First, revised');
    await priority('third', 'Third');
  }
  await hub.idle();
});

afterAll(async () => {
  await stopHub?.();
  await removeData?.();
});

describe('npm run rebuild, while the hub runs', () => {
  it('refuses the data folder in one line, saying the hub must be stopped', async () => {
    const { code, out, err } = await rebuild('--area', ALPHA);

    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([`${dataDir} is in use by a running hub (its database is locked): stop the hub, then run the rebuild again.`]);
  });
});

// After the test above: these stop the hub they share.
describe('npm run rebuild, on the stopped hub', () => {
  beforeAll(async () => {
    await stopHub?.();
    stopHub = undefined;
  });

  it("puts back a subject's view, the joint views and lost change-feed entries, as they were; again, it changes nothing; the other area is untouched", async () => {
    const before = await projectionsOf(ALPHA);
    const otherBefore = await projectionsOf(BETA);
    expect(before.feed.filter((item) => item.sk?.S?.startsWith('seq#'))).toHaveLength(6);
    await withTable(async ({ remove }) => {
      await remove(`VIEW#${ALPHA}`, 'priority#csp#first');
      await remove(`JOINT#${ALPHA}`, 'view#public');
      await remove(`JOINT#${ALPHA}`, 'view#partners');
      // An entry in the middle and the last one, their claims kept.
      await remove(`FEED#${ALPHA}`, 'seq#0000000003');
      await remove(`FEED#${ALPHA}`, 'seq#0000000006');
    });

    const first = await rebuild('--area', ALPHA);
    const rebuilt = await projectionsOf(ALPHA);
    const second = await rebuild('--area', ALPHA);

    expect(first.code).toBe(0);
    expect(first.err).toEqual([]);
    expect(first.out).toContain(`Rebuilding ${ALPHA}: 6 of 6 events`);
    expect(first.out.at(-1)).toMatch(
      new RegExp(
        `^Rebuilt ${ALPHA} in \\d+\\.\\d s: 6 events read, 1 views written, joint views rewritten, 2 change-feed entries added \\(2 back in their places\\), 0 change-feed claims restored\\.$`,
      ),
    );
    expect({ ...rebuilt, jointRevision: undefined }).toEqual({ ...before, jointRevision: undefined });
    expect(second.code).toBe(0);
    expect(second.out.at(-1)).toContain('6 events read, 0 views written, joint views unchanged, 0 change-feed entries added');
    expect(await projectionsOf(ALPHA)).toEqual(rebuilt);
    expect(await projectionsOf(BETA)).toEqual(otherBefore);
  });

  it('rebuilds every area with --all', async () => {
    const { code, out } = await rebuild('--all');

    expect(code).toBe(0);
    expect(out.filter((line) => line.startsWith('Rebuilt '))).toEqual([
      expect.stringMatching(new RegExp(`^Rebuilt ${ALPHA} .*0 views written`)),
      expect.stringMatching(new RegExp(`^Rebuilt ${BETA} .*0 views written`)),
    ]);
  });

  it('refuses an area that does not exist, in one line naming those that do', async () => {
    const { code, err } = await rebuild('--area', 'gamma-area');

    expect(code).toBe(1);
    expect(err).toEqual([`There is no area "gamma-area" in ${dataDir} (its areas: ${ALPHA}, ${BETA}).`]);
  });

  it.each([
    [[], 'Say which area to rebuild: --area <id>, or --all.'],
    [['--area', ALPHA, '--all'], 'Give either --area <id> or --all, not both.'],
    [['--area'], "Option '--area <value>' argument missing"],
    [['--areas', ALPHA], expect.stringContaining("Unknown option '--areas'")],
  ])('refuses the arguments %j with what is wrong and the usage', async (argv, problem) => {
    const { code, out, err } = await rebuild(...argv);

    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([problem, REBUILD_USAGE]);
  });

  it('says in its help that it works on a stopped hub, and where the data folder is', async () => {
    const { code, out } = await rebuild('--help');

    expect(code).toBe(0);
    expect(out).toEqual([REBUILD_USAGE]);
    expect(REBUILD_USAGE).toContain('STOPPED local hub (HUB_DATA_DIR, default\n.hub-data');
  });

  it('refuses a folder with no hub data, creating nothing there', async () => {
    const empty = await temporaryDirectory();
    try {
      const code = await runRebuildCommand(['--all'], { out: () => {}, err: () => {}, env: { HUB_DATA_DIR: empty.path } });

      expect(code).toBe(1);
      expect(await readdir(empty.path)).toEqual([]);
    } finally {
      await empty.remove();
    }
  });
});
