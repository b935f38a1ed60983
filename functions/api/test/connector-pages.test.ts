import { type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { MemoryMeetings } from '@partnership-hub/moderngov/fake-hub';
import { InMemoryConnectorStore } from '@partnership-hub/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inProcessConnectorServices } from '../src/connector-services.ts';
import { formBrowser } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * The connector pages through the app's own request path: who sees them (the editors, leads and
 * write keys of the bodies a connector is mapped onto; the public sees nothing), what they show,
 * and "Run now" as a form POST with the CSRF token (no script). Meetings go to an in-memory
 * MeetingWriter: the runs themselves are tested in connectors.test.ts.
 */
const ADMIN_KEY = 'phk_admin-key-for-connector-page-tests';
const SECRET = 'connector-page-test-session-secret-long-enough';
const AREA = 'test-area';
const PANEL = 'police-and-crime-panel';
const PAGE = `/areas/${AREA}/connectors/council`;

type App = ReturnType<typeof inMemoryApp>['app'];

let council: FakeModernGov;
let services: ReturnType<typeof inProcessConnectorServices>;
let app: App;
let keys: Record<string, string>;
let runs = 0;

async function api(method: string, path: string, key: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeEach(async () => {
  const meetings = [
    { id: 11, date: '10/02/2026', status: 'Confirmed', time: '10.00 am', agenda: [{ id: 1, number: '1', title: 'Minutes' }] },
    { id: 12, date: '06/10/2026', status: 'Confirmed', time: '2.00 pm', agenda: [] },
  ];
  council = await startFakeModernGov((operation, query) => {
    if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, meetings));
    const meeting = meetings.find((candidate) => String(candidate.id) === query.get('lMeetingId'));
    return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
  });
  const bodies = new Map<string, MemoryMeetings>();
  services = inProcessConnectorServices({
    store: new InMemoryConnectorStore(),
    allowLoopback: true,
    writerFor: (_connector, organisationId) => {
      if (!bodies.has(organisationId)) bodies.set(organisationId, new MemoryMeetings());
      return bodies.get(organisationId)!;
    },
    clock: () => new Date('2026-03-01T09:00:00.000Z'),
    newRunId: () => `run-${String(++runs).padStart(4, '0')}`,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    timeoutMs: 2_000,
  });
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true, sessionSecret: SECRET, connectors: services }));
  await api('PUT', `/v1/areas/${AREA}`, ADMIN_KEY, { name: 'Test Area' });
  keys = {};
  for (const [id, kind] of [
    [PANEL, 'panel'],
    ['csp-b', 'csp'],
  ] as const) {
    await api('PUT', `/v1/areas/${AREA}/organisations/${id}`, ADMIN_KEY, {
      name: id === PANEL ? 'Police and Crime Panel' : 'Safer Beta',
      kind,
    });
    keys[id] = (await api('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, ADMIN_KEY)).body.key as string;
  }
  const created = await api('PUT', `/v1/areas/${AREA}/connectors/council`, ADMIN_KEY, {
    kind: 'moderngov',
    baseUrl: council.url,
    committees: [{ committeeId: '650', organisationId: PANEL }],
    every: 'PT6H',
  });
  expect(created.status).toBe(201);
});

afterEach(async () => {
  await services.idle();
  await council.stop();
});

describe('the connector pages', () => {
  it('show the public nothing: the list and the page are not found', async () => {
    const visitor = formBrowser(app);
    for (const path of [`/areas/${AREA}/connectors`, PAGE]) {
      const page = await visitor.get(path);
      expect(page.status).toBe(404);
      expect(page.html).not.toContain(council.url);
    }
  });

  it("show a mapped body's editor the mapping, schedule, next run and last runs, and Run now starts a run", async () => {
    const editor = formBrowser(app);
    await editor.signIn(keys[PANEL]!);
    const list = await editor.get(`/areas/${AREA}/connectors`);
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="${PAGE}"`);
    expect(list.html).toContain('Every 6 hours (PT6H)');

    const before = await editor.get(PAGE);
    expect(before.status).toBe(200);
    for (const text of [
      council.url,
      'Committee 650 into Police and Crime Panel',
      'From 90 days ago to 365 days ahead',
      '1 March 2026 at 09:00 (UTC)',
      'It has not run yet.',
      'Run now',
    ])
      expect(before.html).toContain(text);

    const started = await editor.post(`${PAGE}/runs`);
    expect(started.status).toBe(303);
    expect(started.location).toBe(PAGE);
    await services.idle();
    const after = await editor.get(PAGE);
    expect(after.html).toContain('The run has started.');
    expect(after.html).toContain('Succeeded');
    expect(after.html).toContain('2 created, 0 revised, 0 cancelled, 0 unchanged');
    expect(after.html).toContain('Asked for');
  });

  it('refuse a Run now without the CSRF token, and show another body nothing', async () => {
    const editor = formBrowser(app);
    await editor.signIn(keys[PANEL]!);
    await editor.get(PAGE);
    expect((await editor.post(`${PAGE}/runs`, [], 'forged')).status).toBe(403);

    const other = formBrowser(app);
    await other.signIn(keys['csp-b']!);
    expect((await other.get(`/areas/${AREA}/connectors`)).status).toBe(404);
    expect((await other.get(PAGE)).status).toBe(404);
    expect((await other.post(`${PAGE}/runs`)).status).toBe(404);
    await services.idle();
    expect(await services.store.listRuns(AREA, 'council', 10)).toEqual([]);
  });
});
