import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Plan variations through the API's own request path, over in-memory stores that project every
 * write at once: starting one, the steps in order and by the right body, the report's
 * recommendations as tracked requests, the responses in their threads, publication revising the
 * plan, and what a public reader may see.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'panel';
const CSP = 'csp-a';
const PCC = 'pcc';
const PLAN = 'police-and-crime-plan-2026';
const plan = `/v1/areas/${AREA}/organisations/${PCC}/plans/${PLAN}`;

let app: ReturnType<typeof createApp>;
let eventLog: ReturnType<typeof inMemoryApp>['eventLog'];
const keys: Record<string, string> = {};
let now = new Date('2026-03-01T09:00:00.000Z');

const call = jsonCaller(() => app);

const variation = { title: 'Refresh for year two', summary: 'Focus shifts to vulnerable victims.', visibility: 'public' };
const start = (body: Record<string, unknown> = variation, by = PCC) => call('POST', `${plan}/variations`, { key: keys[by]!, body });
const step = (id: string, name: string, by: string, body?: Record<string, unknown>) =>
  call('POST', `${plan}/variations/${id}/steps/${name}`, { key: keys[by]!, ...(body ? { body } : {}) });
const report = {
  summary: 'The panel broadly supports the refresh.',
  recommendations: [{ title: 'Publish quarterly figures' }, { title: 'Consult victims', detail: 'Through the forum for victims.' }],
};
const response = {
  text: 'The PCC thanks the panel.',
  responses: [
    { text: 'Agreed.', outcome: 'accepted' },
    { text: 'In part.', outcome: 'partially-accepted' },
  ],
};
const requestId = (n: number) => `${PCC}.variation-1.recommendation-${n}`;

beforeEach(async () => {
  now = new Date('2026-03-01T09:00:00.000Z');
  const hub = inMemoryApp(ADMIN_KEY, { project: true, clock: () => now });
  ({ app, eventLog } = hub);
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [PANEL, 'panel'],
    [CSP, 'csp'],
    [PCC, 'pcc'],
  ] as const) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${id}`, { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
  const put = await call('PUT', plan, {
    key: keys[PCC]!,
    body: { title: 'Police and Crime Plan 2026', kind: 'police-and-crime-plan', startDate: '2026-01-01', visibility: 'public' },
  });
  expect(put.status).toBe(201);
});

describe('starting a variation', () => {
  it("answers 201 with the variation's id and URL; the next start gets the next id", async () => {
    const first = await start();
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: 'variation-1', version: 1, url: `${plan}/variations/variation-1` });
    expect(first.headers.get('location')).toBe(`${plan}/variations/variation-1`);
    expect((await start()).body.id).toBe('variation-2');
    const noPlan = await call('GET', `/v1/areas/${AREA}/organisations/${PCC}/plans/no-such-plan/variations`);
    expect([noPlan.status, noPlan.body.detail]).toEqual([
      404,
      `Plan no-such-plan of ${PCC} does not exist, has been withdrawn, or is for partners only.`,
    ]);
    const read = await call('GET', first.body.url);
    expect(read.body).toMatchObject({
      title: variation.title,
      panel: PANEL,
      planId: PLAN,
      steps: [],
      nextStep: { step: 'chief-constable-consulted', by: PCC },
    });
    expect((await call('GET', `${plan}/variations`)).body.variations.map((v: { id: string }) => v.id)).toEqual([
      'variation-1',
      'variation-2',
    ]);
  });

  it("refuses another body's key (403), no key (401), a bad body (400 problem) and a plan that is not there (404)", async () => {
    const byPanel = await start(variation, PANEL);
    expect(byPanel.status).toBe(403);
    expect(byPanel.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('POST', `${plan}/variations`, { body: variation })).status).toBe(401);
    const bad = await start({ title: '', summary: 'x', visibility: 'everyone' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['title', 'visibility']);
    const missing = await call('POST', `/v1/areas/${AREA}/organisations/${PCC}/plans/nope/variations`, {
      key: keys[PCC]!,
      body: variation,
    });
    expect(missing.status).toBe(404);
    expect(await eventLog.head({ areaId: AREA, subjectType: 'plan-variation', organisationId: PCC, id: 'variation-1' })).toBeUndefined();
  });

  it('refuses a plan of another kind (409), naming its kind in words', async () => {
    const strategy = `/v1/areas/${AREA}/organisations/${PCC}/plans/strategy-2026`;
    const put = await call('PUT', strategy, {
      key: keys[PCC]!,
      body: { title: 'Strategy 2026', kind: 'community-safety-plan', startDate: '2026-01-01', visibility: 'public' },
    });
    expect(put.status).toBe(201);
    const refused = await call('POST', `${strategy}/variations`, { key: keys[PCC]!, body: variation });
    expect([refused.status, refused.body.detail]).toEqual([
      409,
      'Plan strategy-2026 is a community safety plan: the statutory variation steps are for a Police and Crime Plan.',
    ]);
  });
});

describe('the steps', () => {
  beforeEach(async () => {
    expect((await start()).status).toBe(201);
  });

  it('refuses a wrong order (409) and a wrong body (403), each a problem saying what is missing or who may', async () => {
    const early = await step('variation-1', 'sent-to-panel', PCC, { responseDueDate: '2026-03-20' });
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(early.body.detail).toContain('"chief-constable-consulted"');
    const wrongBody = await step('variation-1', 'chief-constable-consulted', PANEL);
    expect(wrongBody.status).toBe(403);
    // Two sentences: who records the step, then what the key that sent it is.
    expect(wrongBody.body.detail).toMatch(
      new RegExp(`^Only ${PCC}, the PCC, records "chief-constable-consulted" \\([^)]+\\) on variation variation-1\\. This key belongs to `),
    );
    expect((await step('variation-1', 'chief-constable-consulted', PCC)).status).toBe(201);
    // Due before the day it is sent (today, 1 March 2026): the panel would have no time to report.
    const pastDue = await step('variation-1', 'sent-to-panel', PCC, { responseDueDate: '2020-01-01' });
    expect(pastDue.status).toBe(409);
    expect(pastDue.body.detail).toContain(
      "The panel's report cannot be due (2020-01-01) before the day the variation is sent to it (2026-03-01)",
    );
    expect((await step('variation-1', 'sent-to-panel', PCC, { responseDueDate: '2026-03-20' })).status).toBe(201);
    const reportByPcc = await step('variation-1', 'panel-report', PCC, report);
    expect(reportByPcc.status).toBe(403);
    expect(reportByPcc.body.detail).toContain(`Only ${PANEL}, the panel,`);
    const bad = await step('variation-1', 'sent-to-panel', PCC, { responseDueDate: 'soon' });
    expect(bad.status).toBe(400);
    expect((await step('variation-1', 'nope', PCC)).status).toBe(404);
  });

  it('ends in a published response whose recommendations are tracked requests, and replays create nothing twice', async () => {
    await step('variation-1', 'chief-constable-consulted', PCC, { effectiveDate: '2026-02-20' });
    await step('variation-1', 'sent-to-panel', PCC, { responseDueDate: '2026-03-20' });
    expect((await step('variation-1', 'published', PCC)).status).toBe(409);
    const reported = await step('variation-1', 'panel-report', PANEL, report);
    expect(reported.status).toBe(201);
    const replay = await step('variation-1', 'panel-report', PANEL, report);
    expect(replay.status).toBe(200);
    expect((await step('variation-1', 'panel-report', PANEL, { ...report, summary: 'Other.' })).status).toBe(409);

    const tracked = await call('GET', `/v1/areas/${AREA}/requests?from=${PANEL}&to=${PCC}`);
    expect(tracked.body.requests.map((r: { id: string; kind: string; title: string }) => [r.id, r.kind, r.title]).sort()).toEqual([
      [requestId(1), 'recommendation', 'Publish quarterly figures'],
      [requestId(2), 'recommendation', 'Consult victims'],
    ]);
    const raisedOnce = await eventLog.stream({ areaId: AREA, subjectType: 'request', organisationId: null, id: requestId(1) });
    expect(raisedOnce.map((event) => event.detailType)).toEqual(['RequestRaised']);

    expect((await step('variation-1', 'pcc-response', PCC, { ...response, responses: [{ text: 'Agreed.' }] })).status).toBe(409);
    expect((await step('variation-1', 'pcc-response', PCC, response)).status).toBe(201);
    expect((await step('variation-1', 'pcc-response', PCC, response)).status).toBe(200);
    const first = (await call('GET', `/v1/areas/${AREA}/requests/${requestId(1)}`)).body;
    expect(first).toMatchObject({ from: PANEL, to: PCC, status: 'accepted' });
    expect(first.responses).toHaveLength(1);
    expect((await call('GET', `/v1/areas/${AREA}/requests/${requestId(2)}`)).body.status).toBe('partially-accepted');

    now = new Date('2026-03-05T09:00:00.000Z');
    expect((await step('variation-1', 'published', PCC)).status).toBe(201);
    expect((await step('variation-1', 'published', PCC)).status).toBe(200);
    const planEvents = await eventLog.stream({ areaId: AREA, subjectType: 'plan', organisationId: PCC, id: PLAN });
    expect(planEvents.map((event) => event.detailType)).toEqual(['PlanPublished', 'PlanRevised']);
    expect(planEvents[1]!.detail.data).toMatchObject({ variation: { id: 'variation-1', title: variation.title }, changedFields: [] });
    expect(planEvents[1]!.detail.change).toEqual({ effectiveDate: '2026-03-05' });

    const read = (await call('GET', `${plan}/variations/variation-1`)).body;
    expect(read.steps.map((s: { step: string; on: string; recordedBy: string }) => [s.step, s.on, s.recordedBy])).toEqual([
      ['chief-constable-consulted', '2026-02-20', `Body ${PCC}`],
      ['sent-to-panel', '2026-03-01', `Body ${PCC}`],
      ['panel-report', '2026-03-01', `Body ${PANEL}`],
      ['pcc-response', '2026-03-01', `Body ${PCC}`],
      ['published', '2026-03-05', `Body ${PCC}`],
    ]);
    expect(read.nextStep).toBeUndefined();
    expect(read.requests).toEqual([requestId(1), requestId(2)]);
  });

  it("publishes with no report once the panel's date has passed in London, and says the deadline until then", async () => {
    await step('variation-1', 'chief-constable-consulted', PCC);
    await step('variation-1', 'sent-to-panel', PCC, { responseDueDate: '2026-03-20' });
    expect((await call('GET', `${plan}/variations/variation-1`)).body.nextStep).toEqual({
      step: 'panel-report',
      by: PANEL,
      deadline: '2026-03-20',
      deadlinePassed: false,
    });
    now = new Date('2026-03-20T23:30:00.000Z');
    const tooSoon = await step('variation-1', 'published', PCC);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.detail).toContain('2026-03-20');
    now = new Date('2026-03-21T00:30:00.000Z');
    expect((await step('variation-1', 'published', PCC)).status).toBe(201);
  });

  it('shows a partners-only variation to partners alone, and keeps its title off the plan', async () => {
    const hidden = await start({ ...variation, visibility: 'partners' });
    expect((await call('GET', hidden.body.url)).status).toBe(404);
    expect((await call('GET', hidden.body.url, { key: keys[CSP]! })).status).toBe(200);
    expect((await call('GET', `${plan}/variations`)).body.variations.map((v: { id: string }) => v.id)).toEqual(['variation-1']);
    await step(hidden.body.id, 'chief-constable-consulted', PCC);
    await step(hidden.body.id, 'sent-to-panel', PCC, { responseDueDate: '2026-03-01' });
    now = new Date('2026-03-02T09:00:00.000Z');
    await step(hidden.body.id, 'published', PCC);
    const planEvents = await eventLog.stream({ areaId: AREA, subjectType: 'plan', organisationId: PCC, id: PLAN });
    expect(planEvents.at(-1)!.detail.data).toMatchObject({ variation: { id: hidden.body.id } });
    expect(JSON.stringify(planEvents.at(-1)!.detail)).not.toContain(variation.title);
  });
});

describe('a partners-only plan', () => {
  const makePlanPartnersOnly = async () => {
    const current = await call('GET', plan, { key: keys[PCC]! });
    const put = await call('PUT', plan, {
      key: keys[PCC]!,
      body: { title: current.body.title, kind: current.body.kind, startDate: current.body.startDate, visibility: 'partners' },
    });
    expect(put.status).toBe(200);
  };

  it('takes no public variation (409, saying to send partners), and takes a partners-only one', async () => {
    await makePlanPartnersOnly();
    const refused = await start();
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toContain('"visibility": "partners"');
    expect((await eventLog.stream({ areaId: AREA, subjectType: 'plan-variation', organisationId: PCC, id: 'variation-1' })).length).toBe(0);
    expect((await start({ ...variation, visibility: 'partners' })).status).toBe(201);
  });

  it('takes a public variation started before the plan was made partners-only from the public: API, list and calendars', async () => {
    const started = await start();
    await step(started.body.id, 'chief-constable-consulted', PCC);
    await step(started.body.id, 'sent-to-panel', PCC, { responseDueDate: '2026-03-20' });
    const uid = `UID:${AREA}/${PCC}/variation/${started.body.id}/panel-report@partnership-hub`;
    const calendar = async (key?: string, path = '') =>
      String((await call('GET', `/v1/areas/${AREA}${path}/calendar.ics`, key ? { key } : {})).body);
    expect(await calendar()).toContain(uid);
    expect(await calendar(undefined, `/organisations/${PANEL}`)).toContain(uid);

    await makePlanPartnersOnly();
    expect((await call('GET', started.body.url)).status).toBe(404);
    // The plan is not the public's to see, so neither is its list: 404, as for the plan itself.
    expect((await call('GET', `${plan}/variations`)).status).toBe(404);
    expect(await calendar()).not.toContain(uid);
    expect(await calendar(undefined, `/organisations/${PANEL}`)).not.toContain(uid);
    expect(await calendar(undefined, `/organisations/${PCC}`)).not.toContain(uid);
    // Partners still see it everywhere.
    expect((await call('GET', started.body.url, { key: keys[CSP]! })).status).toBe(200);
    expect((await call('GET', `${plan}/variations`, { key: keys[CSP]! })).body.variations).toHaveLength(1);
    expect(await calendar(keys[CSP]!)).toContain(uid);
  });
});

describe("the report's recommendations", () => {
  const reachReport = async () => {
    const started = await start();
    await step(started.body.id, 'chief-constable-consulted', PCC);
    await step(started.body.id, 'sent-to-panel', PCC, { responseDueDate: '2026-03-20' });
    return started.body.id as string;
  };
  const stepsOf = async () =>
    (await eventLog.stream({ areaId: AREA, subjectType: 'plan-variation', organisationId: PCC, id: 'variation-1' })).length;

  it('are raised as partners-only when the plan was made partners-only after a public variation started, and so are the answers', async () => {
    const id = await reachReport();
    const current = await call('GET', plan, { key: keys[PCC]! });
    await call('PUT', plan, {
      key: keys[PCC]!,
      body: { title: current.body.title, kind: current.body.kind, startDate: current.body.startDate, visibility: 'partners' },
    });
    expect((await step(id, 'panel-report', PANEL, report)).status).toBe(201);
    expect((await step(id, 'pcc-response', PCC, response)).status).toBe(201);
    expect((await call('GET', `/v1/areas/${AREA}/requests/${requestId(1)}`)).status).toBe(404);
    expect((await call('GET', `/v1/areas/${AREA}/requests`)).body.requests).toEqual([]);
    expect(JSON.stringify((await call('GET', `/v1/areas/${AREA}/feed.json`)).body)).not.toContain('Publish quarterly figures');
    const forPartners = await call('GET', `/v1/areas/${AREA}/requests/${requestId(1)}`, { key: keys[CSP]! });
    expect(forPartners.body).toMatchObject({ visibility: 'partners', responses: [expect.objectContaining({ text: 'Agreed.' })] });
  });

  it('take ids no body may raise a request under by hand (400 on the id), and a report is refused whole (409, nothing recorded) while one is held', async () => {
    const taken = await call('PUT', `/v1/areas/${AREA}/requests/${requestId(1)}`, {
      key: keys[CSP]!,
      body: { kind: 'information-request', to: PCC, title: 'Squatting', raisedOn: '2026-03-01', visibility: 'public' },
    });
    expect(taken.status).toBe(400);
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);

    // A request raised under such an id before they were kept for the reports (written to the log directly).
    await eventLog.append({
      ...(await (async () => {
        const put = await call('PUT', `/v1/areas/${AREA}/requests/held-by-hand`, {
          key: keys[CSP]!,
          body: { kind: 'information-request', to: PCC, title: 'Held by hand', raisedOn: '2026-03-01', visibility: 'public' },
        });
        expect(put.status).toBe(201);
        const [event] = await eventLog.stream({ areaId: AREA, subjectType: 'request', organisationId: null, id: 'held-by-hand' });
        const { detail } = event!;
        return {
          ...event!,
          detail: { ...detail, eventId: `${detail.eventId.slice(0, -1)}x`, subject: { ...detail.subject, id: requestId(2) } },
        };
      })()),
    } as never);
    const id = await reachReport();
    const before = await stepsOf();
    const refused = await step(id, 'panel-report', PANEL, report);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(`${CSP}'s information-request`);
    expect(await stepsOf()).toBe(before);
  });

  it("tell nobody outside the area whether a variation exists: a step is 401 without a key and 403 with another area's, whether or not it does", async () => {
    await reachReport();
    await call('PUT', '/v1/areas/elsewhere', { key: ADMIN_KEY, body: { name: 'Elsewhere' } });
    await call('PUT', '/v1/areas/elsewhere/organisations/other', { key: ADMIN_KEY, body: { name: 'Other', kind: 'csp' } });
    const other = (await call('POST', '/v1/areas/elsewhere/organisations/other/api-keys', { key: ADMIN_KEY })).body.key;
    for (const id of ['variation-1', 'variation-9']) {
      const path = `${plan}/variations/${id}/steps/panel-report`;
      expect((await call('POST', path, { body: report })).status).toBe(401);
      expect((await call('POST', path, { key: other, body: report })).status).toBe(403);
    }
  });
});

describe('variations in the calendars', () => {
  it("put the panel's report deadline in the area's, the PCC's and the panel's calendars, cancelled once reported; a partners-only one in no public calendar", async () => {
    await start();
    const hidden = await start({ ...variation, title: 'Partners-only refresh', visibility: 'partners' });
    for (const id of ['variation-1', hidden.body.id]) {
      await step(id, 'chief-constable-consulted', PCC);
      await step(id, 'sent-to-panel', PCC, { responseDueDate: '2026-03-20' });
    }
    const calendar = async (path: string, key?: string) =>
      String((await call('GET', `/v1/areas/${AREA}${path}/calendar.ics`, key ? { key } : {})).body).replaceAll('\r\n ', '');
    const uid = `UID:${AREA}/${PCC}/variation/variation-1/panel-report@partnership-hub`;
    for (const path of ['', `/organisations/${PCC}`, `/organisations/${PANEL}`]) {
      const ics = await calendar(path);
      expect(ics, path).toContain(uid);
      expect(ics, path).toContain('DTSTART;VALUE=DATE:20260320');
      expect(ics, path).toContain(`the panel's report on ${variation.title}\\, a variation of Police and Crime Plan 2026 (Body ${PCC})`);
      expect(ics, path).toContain(`URL;VALUE=URI:http://localhost/areas/${AREA}/bodies/${PCC}/plans/${PLAN}/variations/variation-1`);
      expect(ics, path).not.toContain('Partners-only refresh');
    }
    expect(await calendar(`/organisations/${CSP}`)).not.toContain(uid);
    expect(await calendar('', keys[CSP]!)).toContain('Partners-only refresh');

    // The event's own lines: from its UID to its end.
    const deadline = (ics: string) => ics.slice(ics.indexOf(uid)).split('END:VEVENT')[0];
    expect(deadline(await calendar(`/organisations/${PANEL}`))).toContain('STATUS:CONFIRMED');
    await step('variation-1', 'panel-report', PANEL, report);
    expect(deadline(await calendar(`/organisations/${PANEL}`))).toContain('STATUS:CANCELLED');
  });
});
