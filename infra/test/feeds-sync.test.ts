import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FakeMeeting, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { hubTarget, main, sync } from '@partnership-hub/sync-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/aws/bundling.ts';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { client, eventually, temporaryDirectory } from './support/client.ts';

/**
 * Two councils' hubs kept in step by the sync client: changes made on one reach the other
 * (through its bulk import, or into a folder of JSON files), and a restarted client resumes from
 * its saved cursor without applying anything twice.
 */
const execFileAsync = promisify(execFile);
/**
 * `npx partnership-hub ...` as npx runs it: node on the bin link the package's `bin` field puts in
 * node_modules/.bin. Through npx itself each run also started npm (about 1.2 s of CPU, and 17-21 s
 * of wall time with the machine at load 26, against 3 s for node alone).
 */
const BIN = join(repoRoot, 'node_modules', '.bin', 'partnership-hub');
const npxPartnershipHub = (args: readonly string[]) => execFileAsync(process.execPath, [BIN, ...args], { cwd: repoRoot });
const AREA = 'sync-area';
const BODY = 'sync-csp';
const ADMIN = 'sync-admin-key';
let source: LocalHub;
let target: LocalHub;
let sourceCall: ReturnType<typeof client>;
let targetCall: ReturnType<typeof client>;
let sourceKey: string;
let targetKey: string;
let work: { path: string; remove: () => Promise<void> };
const stops: (() => Promise<void>)[] = [];

const priority = (title: string, overrides: Record<string, unknown> = {}) => ({
  title,
  themes: ['burglary'],
  status: 'active',
  visibility: 'public',
  ...overrides,
});
const itemPath = (id: string) => `/v1/areas/${AREA}/organisations/${BODY}/priorities/${id}`;

async function startHub(): Promise<{ hub: LocalHub; call: ReturnType<typeof client>; key: string }> {
  const data = await temporaryDirectory();
  const hub = await startLocalHub({ dataDir: data.path, port: 0, adminKey: ADMIN, seed: false });
  stops.push(async () => {
    await hub.stop();
    await data.remove();
  });
  const call = client(hub.url);
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN, body: { name: 'Sync Area' } });
  await call('PUT', `/v1/areas/${AREA}/organisations/${BODY}`, { key: ADMIN, body: { name: 'Sync CSP', kind: 'csp' } });
  const key = (await call('POST', `/v1/areas/${AREA}/organisations/${BODY}/api-keys`, { key: ADMIN })).body.key as string;
  return { hub, call, key };
}

/** Waits until the source's change feed holds at least `count` changes of the body's priorities. */
async function sourceSettled(count: number): Promise<void> {
  await eventually(async () => {
    const answer = await sourceCall('GET', `/v1/areas/${AREA}/changes?limit=1000`, { key: sourceKey });
    expect(
      answer.body.changes.filter((change: { subject: { type: string } }) => change.subject.type === 'priority').length,
    ).toBeGreaterThanOrEqual(count);
  }, 5_000);
}

async function targetPriorities(): Promise<{ id: string; title: string; version: number }[]> {
  const answer = await targetCall('GET', `/v1/areas/${AREA}/organisations/${BODY}/priorities`);
  return answer.body.priorities
    .map(({ id, title, version }: { id: string; title: string; version: number }) => ({ id, title, version }))
    .sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id));
}

beforeAll(async () => {
  work = await temporaryDirectory();
  ({ hub: source, call: sourceCall, key: sourceKey } = await startHub());
  ({ hub: target, call: targetCall, key: targetKey } = await startHub());
});

afterAll(async () => {
  for (const stop of stops) await stop();
  await work?.remove();
});

describe('the sync client', () => {
  it("mirrors one hub's changes into another hub through its bulk import, and resumes without duplicates", async () => {
    await sourceCall('PUT', itemPath('p1'), { key: sourceKey, body: priority('Reduce burglary') });
    await sourceCall('PUT', itemPath('p2'), { key: sourceKey, body: priority('Target repeat burglary') });
    await sourceCall('PUT', itemPath('p1'), { key: sourceKey, body: priority('Reduce burglary in Rotherham') });
    await sourceSettled(3);
    const options = {
      from: source.url,
      area: AREA,
      key: sourceKey,
      target: hubTarget({ url: target.url, key: targetKey, organisation: BODY, area: AREA }),
      stateFile: join(work.path, 'hub-sync.json'),
      limit: 2,
    };

    const first = await sync(options);

    // The area, the body, and the three priority changes.
    expect(first.applied).toBe(5);
    // Batches of two: p1 and p2 arrive together, then p1's revision.
    await eventually(async () =>
      expect(await targetPriorities()).toEqual([
        { id: 'p1', title: 'Reduce burglary in Rotherham', version: 2 },
        { id: 'p2', title: 'Target repeat burglary', version: 1 },
      ]),
    );

    await sourceCall('PUT', itemPath('p3'), { key: sourceKey, body: priority('Burglary prevention week') });
    await sourceCall('DELETE', itemPath('p2'), { key: sourceKey });
    await sourceSettled(5);

    const resumed = await sync(options);

    // Only what happened since: the two new changes, nothing from before the restart.
    expect(resumed.applied).toBe(2);
    await eventually(async () =>
      expect(await targetPriorities()).toEqual([
        { id: 'p1', title: 'Reduce burglary in Rotherham', version: 2 },
        { id: 'p3', title: 'Burglary prevention week', version: 1 },
      ]),
    );
    const again = await sync(options);
    expect(again.applied).toBe(0);
    // The target recorded each change once: nothing was applied twice across the restarts.
    await eventually(async () => {
      const changes = (await targetCall('GET', `/v1/areas/${AREA}/changes?limit=1000`)).body.changes.filter(
        (change: { subject: { type: string } }) => change.subject.type === 'priority',
      );
      expect(
        changes.map((change: { subject: { id: string; version: number } }) => `${change.subject.id}@${change.subject.version}`).sort(),
      ).toEqual(['p1@1', 'p1@2', 'p2@1', 'p2@2', 'p3@1']);
    });
  });

  it('mirrors into a folder of JSON files with the command line, removing withdrawn subjects, and resumes after a restart', async () => {
    const dir = join(work.path, 'mirror');
    const state = join(work.path, 'dir-sync.json');
    const command = ['sync', '--from', source.url, '--area', AREA, '--to-dir', dir, '--state', state, '--limit', '3'];

    const first = await npxPartnershipHub(command);

    expect(first.stderr).toMatch(/up to date/);
    const files = async () => (await readdir(join(dir, BODY, 'priority'))).sort();
    expect(await files()).toEqual(['p1.json', 'p3.json']);
    expect(JSON.parse(await readFile(join(dir, BODY, 'priority', 'p1.json'), 'utf8'))).toMatchObject({
      id: 'p1',
      version: 2,
      title: 'Reduce burglary in Rotherham',
      organisationId: BODY,
    });
    const savedCursor = JSON.parse(await readFile(state, 'utf8')).cursor;
    expect(savedCursor).toEqual(expect.any(String));

    await sourceCall('DELETE', itemPath('p3'), { key: sourceKey });
    await sourceCall('PUT', itemPath('p4'), { key: sourceKey, body: priority('Neighbourhood watch') });
    await sourceSettled(7);

    const second = await npxPartnershipHub(command);

    expect(second.stderr).toContain(`from cursor ${savedCursor}`);
    expect(second.stderr).toMatch(/applied 2 changes/);
    expect(await files()).toEqual(['p1.json', 'p4.json']);
  });

  it("mirrors a body's plans into another hub, each before what names it, whatever order the batch holds them in", async () => {
    const planPath = (id: string) => `/v1/areas/${AREA}/organisations/${BODY}/plans/${id}`;
    const plan = (title: string, startDate: string, overrides: Record<string, unknown> = {}) => ({
      title,
      kind: 'partnership-plan',
      startDate,
      visibility: 'public',
      ...overrides,
    });
    // Revised so that the later plan's change comes first in the feed: the client still puts the earlier plan first.
    await sourceCall('PUT', planPath('plan-2019'), { key: sourceKey, body: plan('Plan 2019', '2019-04-01') });
    await sourceCall('PUT', planPath('plan-2016'), { key: sourceKey, body: plan('Plan 2016', '2016-04-01', { endDate: '2020-03-31' }) });
    await sourceCall('PUT', planPath('plan-2019'), { key: sourceKey, body: plan('Plan 2019', '2019-04-01', { supersedes: 'plan-2016' }) });
    await sourceCall('PUT', itemPath('in-a-plan'), { key: sourceKey, body: priority('Burglary, 2019 plan', { planId: 'plan-2019' }) });
    await sourceSettled(6);

    await sync({
      from: source.url,
      area: AREA,
      key: sourceKey,
      target: hubTarget({ url: target.url, key: targetKey, organisation: BODY, area: AREA }),
      stateFile: join(work.path, 'plan-sync.json'),
      limit: 100,
    });

    await eventually(async () => {
      const earlier = await targetCall('GET', planPath('plan-2016'));
      expect(earlier.body).toMatchObject({ title: 'Plan 2016', effectiveEndDate: '2019-03-31', supersededBy: { id: 'plan-2019' } });
      const named = await targetCall('GET', itemPath('in-a-plan'));
      expect(named.body).toMatchObject({ title: 'Burglary, 2019 plan', planId: 'plan-2019' });
    });
  });

  it('says how to use it when the arguments are wrong', async () => {
    const failed = await npxPartnershipHub(['sync', '--from', source.url]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('Missing: --area, --to-dir or to-hub');
  });
});

/** dd/mm/yyyy, as a ModernGov web service writes dates, `offset` days from today. */
const councilDay = (offset: number) => {
  const date = new Date(Date.now() + offset * 86_400_000);
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
};

describe('the ModernGov command against a real hub', () => {
  it("puts a council's committee meetings on a body through the hub's own meetings API; the re-run changes nothing; a cancellation at the source cancels", async () => {
    const PANEL = 'sync-panel';
    await targetCall('PUT', `/v1/areas/${AREA}/organisations/${PANEL}`, { key: ADMIN, body: { name: 'Sync Panel', kind: 'panel' } });
    const panelKey = (await targetCall('POST', `/v1/areas/${AREA}/organisations/${PANEL}/api-keys`, { key: ADMIN })).body.key as string;
    const meetings: FakeMeeting[] = [
      {
        id: 701,
        date: councilDay(-20),
        status: 'Confirmed',
        time: '6.00 pm',
        agenda: [{ id: 1, number: '1', title: "Members' declarations" }],
      },
      {
        id: 702,
        date: councilDay(30),
        status: 'Confirmed',
        time: '10.30 am',
        location: 'Town Hall',
        agenda: [
          { id: 2, number: '1', title: 'Apologies' },
          { id: 3, number: '5', title: 'Exempt report on a named case', restricted: true },
        ],
      },
    ];
    const council = await startFakeModernGov((operation, query) => {
      if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, meetings));
      const meeting = meetings.find((candidate) => candidate.id === Number(query.get('lMeetingId')));
      return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
    });
    stops.push(() => council.stop());
    const importOnce = async () => {
      const lines: string[] = [];
      const args = [
        'moderngov',
        '--base-url',
        council.url,
        '--committee',
        '650',
        '--organisation',
        PANEL,
        '--area',
        AREA,
        '--hub',
        target.url,
      ];
      const code = await main(args, { stderr: (line) => lines.push(line), env: { HUB_KEY: panelKey, HUB_ALLOW_LOOPBACK_WEBHOOKS: '1' } });
      return { code, summary: lines.at(-1) };
    };

    expect(await importOnce()).toEqual({ code: 0, summary: 'partnership-hub moderngov: 2 created, 0 revised, 0 cancelled, 0 unchanged' });
    const listed = async (key?: string) =>
      (await targetCall('GET', `/v1/areas/${AREA}/organisations/${PANEL}/meetings`, key ? { key } : {})).body.meetings as {
        id: string;
        status: string;
        time?: string;
        agenda: { number: string; title: string }[];
        origin?: unknown;
      }[];
    // The list is read from the projection, a moment behind the writes.
    const [held, coming] = await eventually(async () => {
      const answer = await listed(panelKey);
      expect(answer).toHaveLength(2);
      return answer;
    }, 5_000);
    expect(held).toMatchObject({ id: 'moderngov-650-701', status: 'held', time: '18:00', agenda: [{ title: "Members' declarations" }] });
    expect(coming).toMatchObject({
      id: 'moderngov-650-702',
      status: 'confirmed',
      time: '10:30',
      origin: { system: 'moderngov', committeeId: '650', meetingId: '702' },
      agenda: [{ title: 'Apologies' }, { number: '5', title: 'Exempt report on a named case' }],
    });
    // The public sees that there is a restricted item, and its number, never its title.
    expect((await listed())[1]!.agenda[1]).toEqual({ number: '5', title: 'Restricted item', restricted: true });

    expect(await importOnce()).toEqual({ code: 0, summary: 'partnership-hub moderngov: 0 created, 0 revised, 0 cancelled, 2 unchanged' });

    meetings[1] = { ...meetings[1]!, status: 'Cancelled' };
    expect(await importOnce()).toEqual({ code: 0, summary: 'partnership-hub moderngov: 0 created, 0 revised, 1 cancelled, 1 unchanged' });
    await eventually(async () => {
      expect((await listed(panelKey))[1]).toMatchObject({ id: 'moderngov-650-702', status: 'cancelled', version: 2 });
    }, 5_000);
  });
});
