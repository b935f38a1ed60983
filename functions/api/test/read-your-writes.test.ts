import type { HubEvent } from '@partnership-hub/events';
import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * One thing's read answers its last accepted write, even while the projector is moments behind
 * it: a client that PUTs a plan or records a variation's step and reads it straight back sees what
 * it wrote, as it does for a priority, a meeting or a request. Here the projection of the events a
 * test names is held back (`lagging`), as the projector's would be in the moments after a write.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'panel';
const PCC = 'pcc';
const PLAN = 'police-and-crime-plan-2026';
const plan = `/v1/areas/${AREA}/organisations/${PCC}/plans/${PLAN}`;

let app: ReturnType<typeof createApp>;
const keys: Record<string, string> = {};
/** The subject types whose events are not projected for now. */
let behind = new Set<string>();

const call = jsonCaller(() => app);

beforeEach(async () => {
  behind = new Set();
  ({ app } = inMemoryApp(ADMIN_KEY, {
    project: true,
    clock: () => new Date('2026-03-01T09:00:00.000Z'),
    lagging: (event: HubEvent) => behind.has(event.detail.subject.type),
  }));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [PANEL, 'panel'],
    [PCC, 'pcc'],
  ] as const) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${id}`, { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
});

const putPlan = (title: string, headers: Record<string, string> = {}) =>
  call('PUT', plan, {
    key: keys[PCC]!,
    headers,
    body: { title, kind: 'police-and-crime-plan', startDate: '2026-01-01', visibility: 'public' },
  });

describe("a plan's read, while the projector is behind", () => {
  it('answers the plan the moment its first PUT is answered', async () => {
    behind.add('plan');
    expect((await putPlan('Police and Crime Plan 2026')).status).toBe(201);

    const read = await call('GET', plan);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: PLAN, version: 1, title: 'Police and Crime Plan 2026' });
  });

  it('answers its revision, and a withdrawal, at once', async () => {
    expect((await putPlan('Police and Crime Plan 2026')).status).toBe(201);
    behind.add('plan');
    expect((await putPlan('Police and Crime Plan 2026 (refreshed)')).status).toBe(200);
    expect((await call('GET', plan)).body).toMatchObject({ version: 2, title: 'Police and Crime Plan 2026 (refreshed)' });

    expect((await call('DELETE', plan, { key: keys[PCC]! })).status).toBe(200);
    expect((await call('GET', plan)).status).toBe(404);
  });
});

describe("a plan's variations, while the projector is behind", () => {
  it('are listed (none yet) the moment the plan is published, and the list is gone the moment it is withdrawn', async () => {
    behind.add('plan');
    expect((await putPlan('Police and Crime Plan 2026')).status).toBe(201);
    const listed = await call('GET', `${plan}/variations`);
    expect([listed.status, listed.body]).toEqual([200, { variations: [] }]);
    expect((await call('DELETE', plan, { key: keys[PCC]! })).status).toBe(200);
    expect((await call('GET', `${plan}/variations`)).status).toBe(404);
  });
});

describe("a plan variation's read, while the projector is behind", () => {
  it('answers the variation the moment it is started, and each step the moment it is recorded', async () => {
    expect((await putPlan('Police and Crime Plan 2026')).status).toBe(201);
    behind.add('plan-variation');
    const started = await call('POST', `${plan}/variations`, {
      key: keys[PCC]!,
      body: { title: 'Refresh for year two', summary: 'Focus shifts to vulnerable victims.', visibility: 'public' },
    });
    expect(started.status).toBe(201);
    const first = await call('GET', started.body.url);
    expect([first.status, first.body.version, first.headers.get('etag')]).toEqual([200, 1, '"1"']);

    const consulted = await call('POST', `${started.body.url}/steps/chief-constable-consulted`, { key: keys[PCC]! });
    expect(consulted.status).toBe(201);
    const second = await call('GET', started.body.url);
    expect([second.body.version, second.headers.get('etag')]).toEqual([consulted.body.version, `"${consulted.body.version}"`]);
  });

  it('is refused to the public the moment its plan is made partners-only', async () => {
    expect((await putPlan('Police and Crime Plan 2026')).status).toBe(201);
    const started = await call('POST', `${plan}/variations`, {
      key: keys[PCC]!,
      body: { title: 'Refresh for year two', summary: 'Focus shifts to vulnerable victims.', visibility: 'public' },
    });
    expect((await call('GET', started.body.url)).status).toBe(200);
    behind.add('plan');
    const hidden = await call('PUT', plan, {
      key: keys[PCC]!,
      body: { title: 'Police and Crime Plan 2026', kind: 'police-and-crime-plan', startDate: '2026-01-01', visibility: 'partners' },
    });
    expect(hidden.status).toBe(200);
    expect((await call('GET', started.body.url)).status).toBe(404);
    expect((await call('GET', started.body.url, { key: keys[PANEL]! })).status).toBe(200);
  });
});

describe("a thing's page, while the projector is behind", () => {
  const CSP = 'csp-a';
  const page = async (path: string) => {
    const response = await app.request(path, { headers: { accept: 'text/html' } });
    return { status: response.status, text: (await response.text()).replace(/&#39;|&#x27;/g, "'") };
  };
  const asCsp = async (method: string, path: string, body?: Record<string, unknown>) =>
    (await call(method, path, { key: keys[CSP]!, ...(body ? { body } : {}) })).status;

  beforeEach(async () => {
    await call('PUT', `/v1/areas/${AREA}/organisations/${CSP}`, { key: ADMIN_KEY, body: { name: 'Safer Alpha', kind: 'csp' } });
    keys[CSP] = (await call('POST', `/v1/areas/${AREA}/organisations/${CSP}/api-keys`, { key: ADMIN_KEY })).body.key;
  });

  it("shows a priority's and a work programme item's revision the moment it is answered", async () => {
    const priority = `/v1/areas/${AREA}/organisations/${CSP}/priorities/night-time`;
    const item = `/v1/areas/${AREA}/organisations/${CSP}/work-programme/asb-review`;
    const work = { kind: 'scrutiny-review', status: 'planned', themes: ['anti-social-behaviour'], visibility: 'public' };
    expect(await asCsp('PUT', priority, { title: 'Safer nights', themes: ['anti-social-behaviour'], visibility: 'public' })).toBe(201);
    expect(await asCsp('PUT', item, { title: 'ASB review', ...work })).toBe(201);
    behind.add('priority').add('work-programme-item');
    expect(await asCsp('PUT', priority, { title: 'Safer streets at night', themes: ['anti-social-behaviour'], visibility: 'public' })).toBe(
      200,
    );
    expect(await asCsp('PUT', item, { title: 'Anti-social behaviour review', ...work })).toBe(200);

    expect((await page(`/areas/${AREA}/bodies/${CSP}/priorities/night-time`)).text).toContain('Safer streets at night');
    expect((await page(`/areas/${AREA}/bodies/${CSP}/work-programme/asb-review`)).text).toContain('Anti-social behaviour review');
    // Withdrawn: gone from its page at once too.
    expect(await asCsp('DELETE', priority)).toBe(200);
    expect((await page(`/areas/${AREA}/bodies/${CSP}/priorities/night-time`)).status).toBe(404);
  });

  it("shows a plan the moment it is published, and a meeting's change with its restricted item still hidden from the public", async () => {
    behind.add('plan').add('meeting');
    expect((await putPlan('Police and Crime Plan 2026')).status).toBe(201);
    expect((await page(`/areas/${AREA}/bodies/${PCC}/plans/${PLAN}`)).text).toContain('Police and Crime Plan 2026');

    const meeting = `/v1/areas/${AREA}/organisations/${CSP}/meetings/board-2026-12-10`;
    const agenda = [
      { number: '1', title: 'Apologies' },
      { number: '9', title: 'Complaint by Mr Smith', restricted: true },
    ];
    const content = { title: 'Partnership board', date: '2026-12-10', time: '18:30', status: 'confirmed', agenda, visibility: 'public' };
    expect(await asCsp('PUT', meeting, content)).toBe(201);
    expect(await asCsp('PUT', meeting, { ...content, title: 'Partnership board (moved)' })).toBe(200);
    const shown = await page(`/areas/${AREA}/bodies/${CSP}/meetings/board-2026-12-10`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Partnership board (moved)');
    expect(shown.text).toContain('Restricted item');
    expect(shown.text).not.toContain('Mr Smith');
  });

  it('keeps a partners-only thing off its public page, fresh from the log as it is', async () => {
    behind.add('priority');
    const priority = `/v1/areas/${AREA}/organisations/${CSP}/priorities/hidden`;
    expect(
      await asCsp('PUT', priority, { title: 'A partners-only priority', themes: ['anti-social-behaviour'], visibility: 'partners' }),
    ).toBe(201);
    const shown = await page(`/areas/${AREA}/bodies/${CSP}/priorities/hidden`);
    expect(shown.status).toBe(404);
    expect(shown.text).not.toContain('A partners-only priority');
  });

  it("shows a request's response, a protocol's revision and a variation's step the moment each is recorded", async () => {
    const request = `/v1/areas/${AREA}/requests/asb-figures`;
    const raised = await call('PUT', request, {
      key: keys[PANEL]!,
      body: {
        kind: 'information-request',
        to: CSP,
        title: 'Figures on repeat victims of anti-social behaviour',
        raisedOn: '2026-03-01',
        dueDate: '2026-03-31',
        themes: ['anti-social-behaviour'],
        visibility: 'public',
      },
    });
    expect(raised.status).toBe(201);
    const protocol = `/v1/areas/${AREA}/protocols/joint-working`;
    const terms = { parties: [CSP, PANEL], summary: 'How the bodies work together.', visibility: 'public' };
    expect(await asCsp('PUT', protocol, { title: 'Joint working protocol', ...terms })).toBe(201);
    expect((await putPlan('Police and Crime Plan 2026')).status).toBe(201);
    const started = await call('POST', `${plan}/variations`, {
      key: keys[PCC]!,
      body: { title: 'Refresh for year two', summary: 'Focus shifts to vulnerable victims.', visibility: 'public' },
    });
    expect(started.status).toBe(201);
    behind.add('request').add('protocol').add('plan-variation');

    expect(await asCsp('POST', `${request}/responses`, { text: 'The figures are attached.' })).toBe(201);
    expect(await asCsp('PUT', protocol, { title: 'Joint working protocol, second edition', ...terms })).toBe(200);
    expect((await call('POST', `${started.body.url}/steps/chief-constable-consulted`, { key: keys[PCC]! })).status).toBe(201);

    expect((await page(`/areas/${AREA}/requests/asb-figures`)).text).toContain('The figures are attached.');
    expect((await page(`/areas/${AREA}/protocols/joint-working`)).text).toContain('Joint working protocol, second edition');
    expect((await page(`/areas/${AREA}/bodies/${PCC}/plans/${PLAN}/variations/variation-1`)).text).toMatch(/chief constable/i);
  });
});
