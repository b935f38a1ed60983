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
