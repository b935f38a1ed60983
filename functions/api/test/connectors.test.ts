import { type FakeMeeting, type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { MemoryMeetings } from '@partnership-hub/moderngov/fake-hub';
import { InMemoryConnectorStore } from '@partnership-hub/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../src/app.ts';
import { connectorMeetingWriter } from '../src/connector-meetings.ts';
import { createConnectorSweep, recordConnectorRunFailed } from '../src/connector-schedule.ts';
import { inProcessConnectorServices } from '../src/connector-services.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * The hub-side connector through the API's own request path: the administrator sets one up, starts
 * runs and reads them, against a fake council on loopback; the meetings go to the bodies' meetings
 * through the MeetingWriter port (in memory here: the meetings code implements it in the hub).
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'police-and-crime-panel';
const NOW = new Date('2026-03-01T09:00:00.000Z');
const path = (suffix = '') => `/v1/areas/${AREA}/connectors/council${suffix}`;

let app: ReturnType<typeof createApp>;
let council: FakeModernGov;
let services: ReturnType<typeof inProcessConnectorServices>;
let bodies: Map<string, MemoryMeetings>;
let broken: Record<string, { status: number; body: string }>;
let runs = 0;

const MEETINGS: FakeMeeting[] = [
  { id: 11, date: '10/02/2026', status: 'Confirmed', time: '10.00 am', agenda: [{ id: 1, number: '1', title: 'Minutes' }] },
  { id: 12, date: '06/10/2026', status: 'Confirmed', time: '2.00 pm', agenda: [{ id: 2, number: '5', title: "Commissioner's report" }] },
  { id: 13, date: '01/12/2026', status: 'Cancelled', time: '10.00 am', agenda: [] },
];

async function call(method: string, url: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await app.request(url, {
    method,
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: /^[{[]/.test(text) ? JSON.parse(text) : text };
}

const admin = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(method, url, { key: ADMIN_KEY, ...(body === undefined ? {} : { body }), headers });
const connector = (overrides: Record<string, unknown> = {}) => ({
  kind: 'moderngov',
  baseUrl: council.url,
  committees: [{ committeeId: '650', organisationId: PANEL }],
  ...overrides,
});

beforeEach(async () => {
  broken = {};
  council = await startFakeModernGov((operation, query) => {
    const failure = broken[operation];
    if (failure) return { status: failure.status, contentType: 'text/plain', body: failure.body };
    if (operation === 'GetCommittees')
      return xml(
        '<?xml version="1.0" encoding="utf-8"?>\n<committees>\n  <committeescount> 1</committeescount>\n  <committee>\n    <committeeid>650</committeeid>\n    <committeetitle>Police and Crime Panel</committeetitle>\n    <committeedeleted>False</committeedeleted>\n    <committeeexpired>False</committeeexpired>\n  </committee>\n</committees>\n',
      );
    if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, MEETINGS));
    const meeting = MEETINGS.find((candidate) => String(candidate.id) === query.get('lMeetingId'));
    return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
  });
  bodies = new Map();
  services = inProcessConnectorServices({
    store: new InMemoryConnectorStore(),
    allowLoopback: true,
    resolve: async (host) =>
      host === 'democracy.internal' ? [{ address: '10.1.2.3', family: 4 }] : [{ address: '93.184.216.34', family: 4 }],
    writerFor: (_connector, organisationId) => {
      if (!bodies.has(organisationId)) bodies.set(organisationId, new MemoryMeetings());
      return bodies.get(organisationId)!;
    },
    clock: () => NOW,
    newRunId: () => `run-${String(++runs).padStart(4, '0')}`,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    timeoutMs: 2_000,
  });
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => NOW, connectors: services }));
  expect((await admin('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' })).status).toBe(201);
  expect((await admin('PUT', `/v1/areas/${AREA}/organisations/${PANEL}`, { name: 'Police and Crime Panel', kind: 'panel' })).status).toBe(
    201,
  );
});

afterEach(async () => {
  await services.idle();
  await council.stop();
});

describe('setting up a connector', () => {
  it('sets one up (201), changes it with If-Match (200) and answers it', async () => {
    const created = await admin('PUT', path(), connector({ every: 'PT6H' }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'council', version: 1 });
    expect((await admin('PUT', path(), connector({ daysBack: 30 }), { 'if-match': '"1"' })).status).toBe(200);
    expect((await admin('PUT', path(), connector({ daysBack: 10 }), { 'if-match': '"1"' })).status).toBe(412);
    const read = await admin('GET', path());
    expect(read.body).toEqual({
      id: 'council',
      kind: 'moderngov',
      baseUrl: council.url,
      committees: [{ committeeId: '650', organisationId: PANEL }],
      daysBack: 30,
      daysAhead: 365,
      version: 2,
      updatedAt: NOW.toISOString(),
    });
    expect(read.headers.get('etag')).toBe('"2"');
  });

  it('is for the administrator only', async () => {
    expect((await call('PUT', path(), { body: connector() })).status).toBe(401);
    expect((await call('GET', path('/runs'))).status).toBe(401);
  });

  it('answers 404 for the runs of a connector that is not there, as for the connector', async () => {
    const runsOfNone = await admin('GET', `/v1/areas/${AREA}/connectors/nope/runs`);
    expect([runsOfNone.status, runsOfNone.body.detail]).toEqual([404, expect.stringContaining('There is no connector nope')]);
  });

  it('refuses a council at a private address, a body not in the area and a bad schedule, as problems naming the field', async () => {
    const privateAddress = await admin('PUT', path(), connector({ baseUrl: 'https://democracy.internal' }));
    expect(privateAddress.status).toBe(400);
    expect(privateAddress.headers.get('content-type')).toBe('application/problem+json');
    expect(privateAddress.body.errors[0]).toMatchObject({ field: 'baseUrl' });
    expect(privateAddress.body.detail).toMatch(/10\.1\.2\.3, which is a private-network address/);
    const nobody = await admin('PUT', path(), connector({ committees: [{ committeeId: '650', organisationId: 'nobody' }] }));
    expect(nobody.status).toBe(404);
    const tooOften = await admin('PUT', path(), connector({ every: 'PT1M' }));
    expect(tooOften.status).toBe(400);
    expect(tooOften.body.errors[0]).toMatchObject({ field: 'every' });
    const badId = await admin('PUT', path(), connector({ committees: [{ committeeId: '65 0', organisationId: PANEL }] }));
    expect(badId.body.errors[0]).toMatchObject({ field: 'committees[0].committeeId' });
    for (const baseUrl of [`${council.url}#committees`, `${council.url}?page=1`]) {
      const withMore = await admin('PUT', path(), connector({ baseUrl }));
      expect([withMore.status, withMore.body.errors[0]], baseUrl).toEqual([
        400,
        expect.objectContaining({ field: 'baseUrl', detail: expect.stringContaining('no "?" query or "#" fragment') }),
      ]);
    }
  });

  it("lists the council's committees, and answers 502 naming the URL when the council's answer is broken", async () => {
    await admin('PUT', path(), connector());
    expect((await admin('GET', path('/committees'))).body).toEqual({
      committees: [{ committeeId: '650', title: 'Police and Crime Panel', deleted: false, expired: false }],
    });
    broken.GetCommittees = { status: 500, body: 'GetCommittees Web Service method name is not valid.' };
    const failed = await admin('GET', path('/committees'));
    expect(failed.status).toBe(502);
    expect(failed.body.detail).toBe(
      `${council.url}/mgWebService.asmx/GetCommittees: answered HTTP 500: GetCommittees Web Service method name is not valid.`,
    );
  });
});

describe('runs', () => {
  it('starts a run (202 with its Location), imports the meetings, and a second run finds them unchanged', async () => {
    await admin('PUT', path(), connector());
    const started = await admin('POST', path('/runs'));
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/v1/areas/${AREA}/connectors/council/runs/run-0001`);
    expect(started.body).toMatchObject({ id: 'run-0001', status: 'queued' });
    await services.idle();
    const run = await admin('GET', started.headers.get('location')!);
    expect(run.body).toMatchObject({
      id: 'run-0001',
      status: 'succeeded',
      meetings: { created: 3, revised: 0, cancelled: 0, unchanged: 0 },
      errors: [],
    });
    expect(bodies.get(PANEL)!.meetings.get('moderngov-650-11')).toMatchObject({ status: 'held', date: '2026-02-10', time: '10:00' });
    expect(bodies.get(PANEL)!.meetings.get('moderngov-650-12')).toMatchObject({ status: 'confirmed', time: '14:00' });
    expect(bodies.get(PANEL)!.meetings.get('moderngov-650-13')).toMatchObject({ status: 'cancelled' });

    await admin('POST', path('/runs'));
    await services.idle();
    const listed = await admin('GET', path('/runs'));
    expect(
      listed.body.runs.map((entry: { id: string; status: string; meetings: Record<string, number> }) => [
        entry.id,
        entry.status,
        entry.meetings,
      ]),
    ).toEqual([
      ['run-0002', 'succeeded', { created: 0, revised: 0, cancelled: 0, unchanged: 3 }],
      ['run-0001', 'succeeded', { created: 3, revised: 0, cancelled: 0, unchanged: 0 }],
    ]);
  });

  it('fails a run cleanly on a broken answer: the error names the URL, nothing is written', async () => {
    await admin('PUT', path(), connector());
    broken.GetMeeting = { status: 500, body: 'Missing parameter: lMeetingId.' };
    const started = await admin('POST', path('/runs'));
    await services.idle();
    const run = await admin('GET', started.headers.get('location')!);
    expect(run.body.status).toBe('failed');
    expect(run.body.errors).toEqual([
      expect.stringMatching(
        /^committee 650: http:\/\/127\.0\.0\.1:\d+\/mgWebService\.asmx\/GetMeeting\?lMeetingId=1\d: answered HTTP 500: Missing parameter: lMeetingId\.$/,
      ),
    ]);
    expect(bodies.get(PANEL)?.writes ?? []).toEqual([]);
  });

  it('removes a connector and keeps the meetings it imported', async () => {
    await admin('PUT', path(), connector());
    await admin('POST', path('/runs'));
    await services.idle();
    expect((await admin('DELETE', path())).status).toBe(204);
    expect((await admin('GET', path())).status).toBe(404);
    expect((await admin('POST', path('/runs'))).status).toBe(404);
    expect(bodies.get(PANEL)!.meetings.size).toBe(3);
    expect((await admin('DELETE', path())).status).toBe(404);
  });
});

describe('the connector writing meetings through the hub', () => {
  it('acts as the system named after it, and writes only the bodies its mapping names', async () => {
    const hub = inMemoryApp(ADMIN_KEY, { project: true, clock: () => NOW });
    const put = (url: string, body: unknown) =>
      hub.app.request(url, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await put(`/v1/areas/${AREA}`, { name: 'Test Area' });
    for (const [id, kind] of [
      [PANEL, 'panel'],
      ['council-scrutiny', 'scrutiny-committee'],
    ])
      expect((await put(`/v1/areas/${AREA}/organisations/${id}`, { name: id, kind })).status).toBe(201);
    const mapping = { areaId: AREA, id: 'council', committees: [{ committeeId: '650', organisationId: PANEL }] };
    const meeting = {
      title: 'Police and Crime Panel',
      date: '2026-03-10',
      status: 'confirmed' as const,
      agenda: [],
      visibility: 'public' as const,
    };

    expect(await connectorMeetingWriter(hub.deps, mapping, PANEL).put('mg-650-11', meeting, undefined)).toEqual({ version: 1 });
    // The same meeting again, as a run whose list was read from a view not yet caught up would send it: nothing recorded.
    expect(await connectorMeetingWriter(hub.deps, mapping, PANEL).put('mg-650-11', meeting, undefined)).toEqual({
      version: 1,
      unchanged: true,
    });
    const [event] = await hub.eventLog.stream({ areaId: AREA, subjectType: 'meeting', organisationId: PANEL, id: 'mg-650-11' });
    expect(event?.detail.actor).toEqual({ kind: 'system', job: 'ModernGov connector council' });

    await expect(connectorMeetingWriter(hub.deps, mapping, 'council-scrutiny').put('mg-650-11', meeting, undefined)).rejects.toThrow(
      /not mapped onto council-scrutiny/,
    );
    expect(
      await hub.eventLog.stream({ areaId: AREA, subjectType: 'meeting', organisationId: 'council-scrutiny', id: 'mg-650-11' }),
    ).toEqual([]);
  });
});

describe('connectors that run by themselves', () => {
  let now: Date;
  let hub: ReturnType<typeof inMemoryApp>;
  let scheduled: ReturnType<typeof inProcessConnectorServices>;
  let store: InMemoryConnectorStore;

  beforeEach(async () => {
    now = new Date('2026-03-01T09:00:00.000Z');
    store = new InMemoryConnectorStore();
    scheduled = inProcessConnectorServices({
      store,
      allowLoopback: true,
      writerFor: (_connector, organisationId) => {
        if (!bodies.has(organisationId)) bodies.set(organisationId, new MemoryMeetings());
        return bodies.get(organisationId)!;
      },
      clock: () => now,
      newRunId: () => `run-${String(++runs).padStart(4, '0')}`,
      logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
      timeoutMs: 2_000,
      onRunFailed: (connector, run, state, finishedAt) => recordConnectorRunFailed(hub.deps, connector, run, state, finishedAt),
    });
    hub = inMemoryApp(ADMIN_KEY, { project: true, clock: () => now, connectors: scheduled });
    const put = (url: string, body: unknown) =>
      hub.app.request(url, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await put(`/v1/areas/${AREA}`, { name: 'Test Area' });
    await put(`/v1/areas/${AREA}/organisations/${PANEL}`, { name: 'Police and Crime Panel', kind: 'panel' });
    expect((await put(path(), connector({ every: 'PT6H' }))).status).toBe(201);
  });

  afterEach(() => scheduled.idle());

  const runsOf = async () => (await store.listRuns(AREA, 'council', 20)).map((run) => [run.id, run.trigger, run.status]);
  const failures = () => hub.eventLog.stream({ areaId: AREA, subjectType: 'connector', organisationId: null, id: 'council' });

  it('runs at the next sweep once set up, then every PT6H, each time once however many sweeps race', async () => {
    expect((await store.get(AREA, 'council'))?.nextRunAt).toBe(now.toISOString());
    const sweep = createConnectorSweep(hub.deps, scheduled);
    // A second sweep over the same table: another process, or this one after a restart.
    const other = createConnectorSweep(hub.deps, scheduled);
    expect(await Promise.all([sweep(), other()])).toEqual(expect.arrayContaining([{ started: 1 }, { started: 0 }]));
    await scheduled.idle();
    expect(await runsOf()).toEqual([[`run-${String(runs).padStart(4, '0')}`, 'schedule', 'succeeded']]);
    const connectorRecord = await store.get(AREA, 'council');
    expect(connectorRecord).toMatchObject({ nextRunAt: '2026-03-01T15:00:00.000Z', version: 1 });

    now = new Date('2026-03-01T14:59:00.000Z');
    expect(await sweep()).toEqual({ started: 0 });
    now = new Date('2026-03-02T09:00:00.000Z'); // stopped for a day: one run, not three
    expect(await other()).toEqual({ started: 1 });
    expect(await sweep()).toEqual({ started: 0 });
    await scheduled.idle();
    expect((await store.get(AREA, 'council'))?.nextRunAt).toBe('2026-03-02T15:00:00.000Z');
    expect((await runsOf()).map(([, trigger, status]) => [trigger, status])).toEqual([
      ['schedule', 'succeeded'],
      ['schedule', 'succeeded'],
    ]);
    expect(await failures()).toEqual([]);
  });

  it('does not start a scheduled run while one is under way', async () => {
    await store.putRun(
      {
        areaId: AREA,
        connectorId: 'council',
        id: 'run-9999',
        status: 'running',
        trigger: 'manual',
        requestedAt: '2026-03-01T08:50:00.000Z',
        progress: 'committee 650',
        meetings: { created: 0, revised: 0, cancelled: 0, unchanged: 0 },
        errors: [],
      },
      undefined,
    );
    expect(await createConnectorSweep(hub.deps, scheduled)()).toEqual({ started: 0 });
    expect(await runsOf()).toEqual([['run-9999', 'manual', 'running']]);
    expect((await store.get(AREA, 'council'))?.nextRunAt).toBe('2026-03-01T15:00:00.000Z');
  });

  it('records a failed scheduled run, and a failed manual one, as ConnectorRunFailed: partners only, by the connector, once each', async () => {
    broken.GetMeetings = { status: 500, body: 'Server Error' };
    await createConnectorSweep(hub.deps, scheduled)();
    await scheduled.idle();
    const manual = await hub.app.request(path('/runs'), { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(manual.status).toBe(202);
    await scheduled.idle();
    const events = await failures();
    expect(events.map((event) => [event.detailType, event.detail.subject.version, event.detail.visibility])).toEqual([
      ['ConnectorRunFailed', 1, 'partners'],
      ['ConnectorRunFailed', 2, 'partners'],
    ]);
    const [first, second] = events.map((event) => event.detail);
    expect(first?.actor).toEqual({ kind: 'system', job: 'ModernGov connector council' });
    expect(first?.organisationId).toBeNull();
    expect(first?.data).toMatchObject({ connectorId: 'council', trigger: 'schedule', organisationIds: [PANEL], errorCount: 1 });
    expect(first?.data).toMatchObject({
      error: expect.stringMatching(/^committee 650: http:\/\/127\.0\.0\.1:\d+\/mgWebService\.asmx\/GetMeetings\?.*HTTP 500/),
    });
    expect(second?.data).toMatchObject({ trigger: 'manual' });

    // Told again for the same run (a retried report), it records nothing more.
    const [latest] = await store.listRuns(AREA, 'council', 1);
    await recordConnectorRunFailed(hub.deps, (await store.get(AREA, 'council'))!, latest!, latest!, '2026-03-01T09:01:00.000Z');
    expect(await failures()).toHaveLength(2);
  });

  describe("an administrator's change racing a sweep", () => {
    const change = (body: unknown) =>
      hub.app.request(path(), {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it("runs the connector once when a sweep claims its run between the change's read and its write", async () => {
      const sweep = createConnectorSweep(hub.deps, scheduled);
      const get = store.get.bind(store);
      let raced = false;
      const reads = vi.spyOn(store, 'get').mockImplementation(async (areaId, id) => {
        const read = await get(areaId, id);
        if (!raced) {
          raced = true;
          // The connector is due: a sweep claims its run (moving nextRunAt on) after the change has read it.
          expect(await sweep()).toEqual({ started: 1 });
        }
        return read;
      });
      const changed = await change(connector({ every: 'PT6H', daysBack: 30 }));
      reads.mockRestore();
      expect(changed.status).toBe(200);
      await scheduled.idle();
      // The change kept the due time the sweep moved on, rather than put back the one it had claimed.
      expect(await store.get(AREA, 'council')).toMatchObject({ daysBack: 30, nextRunAt: '2026-03-01T15:00:00.000Z', version: 2 });
      expect(await sweep()).toEqual({ started: 0 });
      await scheduled.idle();
      expect((await runsOf()).map(([, trigger, status]) => [trigger, status])).toEqual([['schedule', 'succeeded']]);
    });

    it('starts no run from what a sweep read before the change: the next sweep runs the changed connector, once', async () => {
      const sweep = createConnectorSweep(hub.deps, scheduled);
      const claim = store.claimScheduledRun.bind(store);
      let raced = false;
      const claims = vi.spyOn(store, 'claimScheduledRun').mockImplementation(async (...args) => {
        if (!raced) {
          raced = true;
          // The sweep has listed the connector as due; the administrator changes it before the claim.
          expect((await change(connector({ every: 'PT6H', daysBack: 30 }))).status).toBe(200);
        }
        return claim(...args);
      });
      expect(await sweep()).toEqual({ started: 0 });
      claims.mockRestore();
      expect(await sweep()).toEqual({ started: 1 });
      await scheduled.idle();
      expect(await sweep()).toEqual({ started: 0 });
      const [run] = await store.listRuns(AREA, 'council', 5);
      expect(run).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
      expect(await runsOf()).toHaveLength(1);
      expect(await store.get(AREA, 'council')).toMatchObject({ daysBack: 30, nextRunAt: '2026-03-01T15:00:00.000Z', version: 2 });
    });
  });
});
