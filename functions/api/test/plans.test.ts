import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Plans and priorities in time through the API's own request path, over in-memory stores that
 * project every write at once: publishing, revising and withdrawing plans, what each plan says is
 * in force today, priorities in plans, and the joint view as at today.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const CSP = 'csp-a';
const OTHER_CSP = 'csp-b';
const PCC = 'pcc';
const body = (organisationId: string) => `/v1/areas/${AREA}/organisations/${organisationId}`;

let app: ReturnType<typeof createApp>;
const keys: Record<string, string> = {};
/** Now, which a test may move on: 23:30 UTC on 30 June 2026 is already 1 July in London. */
let now = new Date('2026-06-30T23:30:00.000Z');

const call = jsonCaller(() => app);

const plan = (overrides: Record<string, unknown> = {}) => ({
  title: 'Safer Alpha Partnership Plan 2016-2019',
  kind: 'partnership-plan',
  startDate: '2016-04-01',
  endDate: '2019-03-31',
  visibility: 'public',
  ...overrides,
});
const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Protecting vulnerable children',
  themes: ['child-sexual-exploitation'],
  visibility: 'public',
  ...overrides,
});
const putPlan = (organisationId: string, id: string, content: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call('PUT', `${body(organisationId)}/plans/${id}`, { key: keys[organisationId]!, body: content, headers });
const putPriority = (organisationId: string, id: string, content: Record<string, unknown>) =>
  call('PUT', `${body(organisationId)}/priorities/${id}`, { key: keys[organisationId]!, body: content });
const fieldsIn = (answer: { body: { errors?: { field: string; pointer: string; detail: string }[] } }) =>
  (answer.body.errors ?? []).map((error) => ({ field: error.field, pointer: error.pointer }));

beforeEach(async () => {
  now = new Date('2026-06-30T23:30:00.000Z');
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => now }));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [CSP, 'csp'],
    [OTHER_CSP, 'csp'],
    [PCC, 'pcc'],
  ] as const) {
    await call('PUT', body(id), { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `${body(id)}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
});

describe('PUT a plan', () => {
  it('publishes (201), answers the same content again unchanged (200), revises (200), each with its version as ETag', async () => {
    const published = await putPlan(CSP, 'srp-2016', plan());
    const again = await putPlan(CSP, 'srp-2016', plan());
    const revised = await putPlan(CSP, 'srp-2016', plan({ endDate: '2020-03-31' }), { 'if-match': '"1"' });

    expect([published.status, published.body, published.headers.get('etag')]).toEqual([201, { id: 'srp-2016', version: 1 }, '"1"']);
    expect(published.headers.get('location')).toBe(`${body(CSP)}/plans/srp-2016`);
    expect([again.status, again.body]).toEqual([200, { id: 'srp-2016', version: 1 }]);
    expect([revised.status, revised.body, revised.headers.get('etag')]).toEqual([200, { id: 'srp-2016', version: 2 }, '"2"']);
  });

  it('refuses a revision on a stale version with 412', async () => {
    await putPlan(CSP, 'srp-2016', plan());
    await putPlan(CSP, 'srp-2016', plan({ title: 'Renamed' }));

    const stale = await putPlan(CSP, 'srp-2016', plan({ title: 'Stale' }), { 'if-match': '1' });

    expect([stale.status, stale.body.currentVersion]).toEqual([412, 2]);
  });

  it.each([
    ['a kind off the list', { kind: 'manifesto' }, 'kind', 'must be one of police-and-crime-plan, community-safety-plan'],
    ['a date that is not a real one', { startDate: '2026-02-30' }, 'startDate', 'must be a calendar date written YYYY-MM-DD'],
    ['a date in another format', { endDate: '31/03/2019' }, 'endDate', 'must be a calendar date written YYYY-MM-DD'],
    ['an end before the start', { startDate: '2019-04-01', endDate: '2019-03-31' }, 'endDate', 'must not be before the start date'],
    ['a document address a page would run', { documentUrl: 'javascript:alert(1)' }, 'documentUrl', 'must be a web address'],
    ['no start date', { startDate: undefined }, 'startDate', 'is required'],
    ['a field the plan does not have', { owner: 'someone' }, '(body)', 'has fields this endpoint does not accept: owner'],
  ])('refuses %s with 400, naming the field, and records nothing', async (_what, change, field, detail) => {
    const answer = await putPlan(CSP, 'srp-2016', plan(change));

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ field, detail: expect.stringContaining(detail) }));
    expect((await call('GET', `${body(CSP)}/plans/srp-2016`)).status).toBe(404);
  });

  it('takes the fields a GET answers back unchanged, so a client can GET, edit and PUT', async () => {
    await putPlan(CSP, 'srp-2016', plan());
    const read = (await call('GET', `${body(CSP)}/plans/srp-2016`)).body;

    const answer = await putPlan(CSP, 'srp-2016', { ...read, title: 'Edited' });

    expect([answer.status, answer.body.version]).toEqual([200, 2]);
    expect((await call('GET', `${body(CSP)}/plans/srp-2016`)).body.title).toBe('Edited');
  });

  it("is refused with another body's key (403) and with none (401)", async () => {
    expect((await call('PUT', `${body(CSP)}/plans/x`, { key: keys[OTHER_CSP]!, body: plan() })).status).toBe(403);
    expect((await call('PUT', `${body(CSP)}/plans/x`, { body: plan() })).status).toBe(401);
  });
});

describe('supersedes', () => {
  beforeEach(async () => {
    expect((await putPlan(CSP, 'srp-2016', plan())).status).toBe(201);
  });

  it('accepts an earlier plan of the same body', async () => {
    const answer = await putPlan(
      CSP,
      'srp-2019',
      plan({ title: 'Plan 2019-2022', startDate: '2019-04-01', endDate: '2022-03-31', supersedes: 'srp-2016' }),
    );

    expect(answer.status).toBe(201);
  });

  it.each([
    ['a plan that does not exist', 'srp-1999', '2019-04-01', 'is not a plan of this body'],
    ['the plan itself', 'srp-2019', '2019-04-01', 'names this plan itself'],
    ['a plan that starts later', 'srp-2016', '2015-01-01', 'must name an earlier plan'],
  ])('refuses %s with 400 at supersedes', async (_what, supersedes, startDate, detail) => {
    const answer = await putPlan(CSP, 'srp-2019', plan({ startDate, endDate: undefined, supersedes }));

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { in: 'body', pointer: '#/supersedes', field: 'supersedes', detail: expect.stringContaining(detail) },
    ]);
  });

  it("refuses another body's plan, a withdrawn plan, and a cycle", async () => {
    await putPlan(OTHER_CSP, 'other-2016', plan());
    await putPlan(CSP, 'gone', plan({ startDate: '2010-01-01' }));
    await call('DELETE', `${body(CSP)}/plans/gone`, { key: keys[CSP]! });
    await putPlan(CSP, 'srp-2019', plan({ startDate: '2019-04-01', endDate: undefined, supersedes: 'srp-2016' }));

    const others = await putPlan(CSP, 'srp-2022', plan({ startDate: '2022-04-01', endDate: undefined, supersedes: 'other-2016' }));
    const withdrawn = await putPlan(CSP, 'srp-2022', plan({ startDate: '2022-04-01', endDate: undefined, supersedes: 'gone' }));
    const cycle = await putPlan(CSP, 'srp-2016', plan({ startDate: '2020-01-01', endDate: undefined, supersedes: 'srp-2019' }));

    expect([others.status, withdrawn.status, cycle.status]).toEqual([400, 400, 400]);
    expect(cycle.body.errors[0].detail).toBe('would make a cycle: srp-2016 → srp-2019 → srp-2016, each superseding the next');
  });
});

describe('GET a plan, and the plans of a body', () => {
  beforeEach(async () => {
    await putPlan(CSP, 'srp-2016', plan({ endDate: '2030-03-31' }));
    await putPriority(CSP, 'cse', priority({ planId: 'srp-2016' }));
    await putPriority(CSP, 'cse-ended', priority({ title: 'Ended early', planId: 'srp-2016', endDate: '2018-03-31' }));
    await putPriority(CSP, 'no-plan', priority({ title: 'In no plan' }));
  });

  it('answers the plan with today (in London), whether it is in force, and its priorities, each with whether it is in force', async () => {
    const answer = await call('GET', `${body(CSP)}/plans/srp-2016`);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: 'srp-2016',
      organisationId: CSP,
      version: 1,
      title: 'Safer Alpha Partnership Plan 2016-2019',
      kind: 'partnership-plan',
      startDate: '2016-04-01',
      endDate: '2030-03-31',
      asOf: '2026-07-01',
      inForce: true,
      effectiveEndDate: '2030-03-31',
    });
    expect(answer.body.priorities.map((entry: { id: string; inForce: boolean }) => [entry.id, entry.inForce])).toEqual([
      ['cse', true],
      ['cse-ended', false],
    ]);
  });

  it('ends a plan the day before the plan that supersedes it starts, and gives it back its own end when that one is withdrawn', async () => {
    await putPlan(CSP, 'srp-2026', plan({ title: 'Plan 2026', startDate: '2026-04-01', endDate: undefined, supersedes: 'srp-2016' }));

    const superseded = (await call('GET', `${body(CSP)}/plans/srp-2016`)).body;
    expect(superseded).toMatchObject({
      inForce: false,
      effectiveEndDate: '2026-03-31',
      supersededBy: { id: 'srp-2026', startDate: '2026-04-01' },
    });
    expect(superseded.priorities[0]).toMatchObject({ id: 'cse', inForce: false });

    expect((await call('DELETE', `${body(CSP)}/plans/srp-2026`, { key: keys[CSP]! })).body).toEqual({
      id: 'srp-2026',
      version: 2,
      withdrawn: true,
    });
    const restored = (await call('GET', `${body(CSP)}/plans/srp-2016`)).body;
    expect(restored).toMatchObject({ inForce: true, effectiveEndDate: '2030-03-31' });
    expect(restored).not.toHaveProperty('supersededBy');
  });

  it('lists the plans of a body, earliest start first, each with what is in force today', async () => {
    await putPlan(CSP, 'srp-2013', plan({ title: 'Plan 2013', startDate: '2013-04-01', endDate: '2016-03-31' }));

    const answer = await call('GET', `${body(CSP)}/plans`);

    expect(answer.status).toBe(200);
    expect(answer.body.asOf).toBe('2026-07-01');
    expect(answer.body.plans.map((entry: { id: string; inForce: boolean }) => [entry.id, entry.inForce])).toEqual([
      ['srp-2013', false],
      ['srp-2016', true],
    ]);
  });

  it('answers 404 for a withdrawn plan, and for a second withdrawal', async () => {
    expect((await call('DELETE', `${body(CSP)}/plans/srp-2016`, { key: keys[CSP]! })).status).toBe(200);

    expect((await call('GET', `${body(CSP)}/plans/srp-2016`)).status).toBe(404);
    expect((await call('DELETE', `${body(CSP)}/plans/srp-2016`, { key: keys[CSP]! })).status).toBe(404);
    expect((await call('GET', `${body(CSP)}/plans`)).body.plans).toEqual([]);
  });

  it('says the plan is no longer in force once the date has turned past its end: the answer (and its ETag) follow the date', async () => {
    await putPlan(CSP, 'short', plan({ title: 'Short plan', startDate: '2026-04-01', endDate: '2026-07-01' }));
    const today = await call('GET', `${body(CSP)}/plans/short`);

    now = new Date('2026-07-01T23:00:00.000Z');
    const tomorrow = await call('GET', `${body(CSP)}/plans/short`, { headers: { 'if-none-match': today.headers.get('etag')! } });

    expect(today.body.inForce).toBe(true);
    expect(tomorrow.status).toBe(200);
    expect(tomorrow.body).toMatchObject({ asOf: '2026-07-02', inForce: false });
  });
});

describe('priorities in time', () => {
  it('defaults the status to active and refuses one off the list, naming the list', async () => {
    await putPriority(CSP, 'p1', priority());
    const refused = await putPriority(CSP, 'p2', priority({ status: 'on track' }));

    expect((await call('GET', `${body(CSP)}/priorities/p1`)).body.status).toBe('active');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({ field: 'status', detail: 'must be one of active, achieved, closed, superseded (got "on track")' }),
    );
  });

  it('takes a plan of its own body, its own dates and a period label', async () => {
    await putPlan(CSP, 'srp-2016', plan());

    const answer = await putPriority(
      CSP,
      'p1',
      priority({ planId: 'srp-2016', startDate: '2016-06-01', endDate: '2019-03-31', period: '2016-19' }),
    );

    expect(answer.status).toBe(201);
    expect((await call('GET', `${body(CSP)}/priorities/p1`)).body).toMatchObject({
      planId: 'srp-2016',
      startDate: '2016-06-01',
      endDate: '2019-03-31',
      period: '2016-19',
    });
  });

  it("refuses a plan that is not its body's own or is not there, and an end before the start", async () => {
    await putPlan(OTHER_CSP, 'theirs', plan());

    const others = await putPriority(CSP, 'p1', priority({ planId: 'theirs' }));
    const missing = await putPriority(CSP, 'p1', priority({ planId: 'never-published' }));
    const backwards = await putPriority(CSP, 'p1', priority({ startDate: '2020-01-01', endDate: '2019-01-01' }));

    expect([others.status, missing.status, backwards.status]).toEqual([400, 400, 400]);
    expect(fieldsIn(others)).toEqual([{ field: 'planId', pointer: '#/planId' }]);
    expect(missing.body.errors[0].detail).toContain(`is not a plan of ${CSP}`);
    expect(fieldsIn(backwards)).toEqual([{ field: 'endDate', pointer: '#/endDate' }]);
    expect((await call('GET', `${body(CSP)}/priorities/p1`)).status).toBe(404);
  });

  it('imports priorities with plan and dates from CSV, and refuses the file when a row names a plan the body has not published', async () => {
    await putPlan(CSP, 'srp-2016', plan());
    const csv = (rows: string[]) =>
      app.request(`${body(CSP)}/priorities/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys[CSP]}`, 'content-type': 'text/csv' },
        body: ['id,title,themes,status,planId,startDate,endDate,visibility', ...rows].join('\n'),
      });

    const imported = await csv(['p1,Protecting children,child-sexual-exploitation,active,srp-2016,,2018-03-31,public']);
    const refused = await csv([
      'p2,Tackling burglary,burglary,active,,,,public',
      'p3,Tackling hate crime,hate-crime,achieved,no-such-plan,,,public',
    ]);

    expect(imported.status).toBe(200);
    expect((await call('GET', `${body(CSP)}/priorities/p1`)).body).toMatchObject({ planId: 'srp-2016', endDate: '2018-03-31' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ line: 3, field: 'planId' })]);
    expect((await call('GET', `${body(CSP)}/priorities/p2`)).status).toBe(404);
  });
});

describe('the joint view as at today', () => {
  beforeEach(async () => {
    await putPlan(
      PCC,
      'pcp-2022',
      plan({ title: 'Police and Crime Plan', kind: 'police-and-crime-plan', startDate: '2022-02-04', endDate: undefined }),
    );
    await putPriority(PCC, 'pcc-cse', priority({ planId: 'pcp-2022' }));
    await putPlan(CSP, 'srp-2016', plan());
    await putPriority(CSP, 'srp-cse', priority({ planId: 'srp-2016' }));
  });

  it('counts only what is in force today: a 2016-19 priority, still "active", covers nothing, and is shown as past', async () => {
    const view = (await call('GET', `/v1/areas/${AREA}/joint-priorities`)).body;

    expect(view.asOf).toBe('2026-07-01');
    expect(view.gaps).toEqual([
      {
        theme: 'child-sexual-exploitation',
        name: 'Child sexual exploitation',
        coveredBy: [],
        partlyCoveredBy: [],
        partly: [],
        missingFrom: [CSP, OTHER_CSP],
        missing: [
          { organisationId: CSP, reason: 'no-plan-published' },
          { organisationId: OTHER_CSP, reason: 'no-plan-published' },
        ],
      },
    ]);
    const theme = view.themes.find((entry: { theme: string }) => entry.theme === 'child-sexual-exploitation');
    expect(theme.inPoliceAndCrimePlan).toBe(true);
    expect(theme.organisations.find((entry: { organisationId: string }) => entry.organisationId === CSP).priorities).toEqual([
      expect.objectContaining({ id: 'srp-cse', status: 'active', current: false }),
    ]);
  });

  it('counts a priority whose own dates run on, and one whose plan is in force', async () => {
    await putPriority(CSP, 'srp-cse', priority({ planId: 'srp-2016', endDate: '2027-03-31' }));
    await putPlan(OTHER_CSP, 'beta-2025', plan({ startDate: '2025-04-01', endDate: '2028-03-31' }));
    await putPriority(OTHER_CSP, 'beta-cse', priority({ planId: 'beta-2025' }));

    expect((await call('GET', `/v1/areas/${AREA}/joint-priorities`)).body.gaps).toEqual([]);
  });

  it('answers a new ETag once the date turns, so a 304 is never for another day', async () => {
    const today = await call('GET', `/v1/areas/${AREA}/joint-priorities`);
    const etag = today.headers.get('etag')!;
    expect((await call('GET', `/v1/areas/${AREA}/joint-priorities`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    now = new Date('2026-07-01T23:00:00.000Z');
    const tomorrow = await call('GET', `/v1/areas/${AREA}/joint-priorities`, { headers: { 'if-none-match': etag } });

    expect(tomorrow.status).toBe(200);
    expect(tomorrow.body.asOf).toBe('2026-07-02');
  });
});

describe('the joint view as at another date (?asOf=)', () => {
  const asOf = (date: string, headers: Record<string, string> = {}) =>
    call('GET', `/v1/areas/${AREA}/joint-priorities?asOf=${encodeURIComponent(date)}`, { headers });
  const gapOf = (view: { gaps: { theme: string }[] }, theme: string) => view.gaps.find((gap) => gap.theme === theme);

  beforeEach(async () => {
    // The PCC's 2013-17 plan on burglary, superseded by its 2016 refresh on hate crime.
    await putPlan(PCC, 'pcp-2013', plan({ kind: 'police-and-crime-plan', startDate: '2013-04-01', endDate: '2017-03-31' }));
    await putPriority(PCC, 'pcc-burglary', priority({ themes: ['burglary'], planId: 'pcp-2013' }));
    await putPlan(
      PCC,
      'pcp-2016',
      plan({ kind: 'police-and-crime-plan', startDate: '2016-03-01', endDate: '2017-03-31', supersedes: 'pcp-2013' }),
    );
    await putPriority(PCC, 'pcc-hate', priority({ themes: ['hate-crime'], planId: 'pcp-2016' }));
    await putPlan(CSP, 'srp-2016', plan());
    await putPriority(CSP, 'srp-burglary', priority({ themes: ['burglary'], planId: 'srp-2016' }));
  });

  it("counts the older plan's priorities as at a date before the superseding plan, and the newer plan's after", async () => {
    const before = await asOf('2015-06-01');
    const after = await asOf('2016-06-01');

    expect(before.status).toBe(200);
    expect(before.body.asOf).toBe('2015-06-01');
    expect(before.body.gaps.map((gap: { theme: string }) => gap.theme)).toEqual(['burglary']);
    // In 2015 the CSP's 2016-19 plan had not started: it had published nothing for that date.
    expect(gapOf(before.body, 'burglary')).toMatchObject({
      coveredBy: [],
      missing: [
        { organisationId: CSP, reason: 'no-plan-published' },
        { organisationId: OTHER_CSP, reason: 'no-plan-published' },
      ],
    });
    expect(after.body.gaps.map((gap: { theme: string }) => gap.theme)).toEqual(['hate-crime']);
    expect(gapOf(after.body, 'hate-crime')).toMatchObject({
      missing: [
        { organisationId: CSP, reason: 'plan-silent' },
        { organisationId: OTHER_CSP, reason: 'no-plan-published' },
      ],
    });
    expect(after.body.noPlanInForce).toEqual([OTHER_CSP]);
  });

  it("does not let a status changed later change an earlier date's view", async () => {
    const earlier = await asOf('2016-06-01');
    expect(gapOf(earlier.body, 'hate-crime')).toBeDefined();

    now = new Date('2026-08-01T09:00:00.000Z');
    await putPriority(PCC, 'pcc-hate', priority({ themes: ['hate-crime'], planId: 'pcp-2016', status: 'closed' }));
    await putPlan(
      PCC,
      'pcp-2016',
      plan({ kind: 'police-and-crime-plan', startDate: '2016-03-01', endDate: undefined, supersedes: 'pcp-2013' }),
    );

    // As at 2016 the priority was active: closing it in 2026 changes nothing then, but does today.
    expect(gapOf((await asOf('2016-06-01')).body, 'hate-crime')).toBeDefined();
    expect(gapOf((await call('GET', `/v1/areas/${AREA}/joint-priorities`)).body, 'hate-crime')).toBeUndefined();
    expect(gapOf((await asOf('2026-09-01')).body, 'hate-crime')).toBeUndefined();
  });

  it('never answers 304 for another date, and answers 304 for the same one', async () => {
    const first = await asOf('2015-06-01');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();

    expect((await asOf('2015-06-01', { 'if-none-match': etag })).status).toBe(304);
    const other = await asOf('2016-06-01', { 'if-none-match': etag });
    expect([other.status, other.body.asOf]).toEqual([200, '2016-06-01']);
    const today = await call('GET', `/v1/areas/${AREA}/joint-priorities`, { headers: { 'if-none-match': etag } });
    expect([today.status, today.body.asOf]).toEqual([200, '2026-07-01']);
  });

  it('serves today for asOf naming today, the same as no asOf', async () => {
    const plain = await call('GET', `/v1/areas/${AREA}/joint-priorities`);
    const named = await asOf('2026-07-01');

    expect(named.body).toEqual(plain.body);
    expect(named.headers.get('etag')).toBe(plain.headers.get('etag'));
  });

  it.each(['2022-02-30', 'yesterday', '2022-2-4', ''])('refuses asOf=%j with a 400 problem naming asOf', async (date) => {
    const answer = await asOf(date);

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ field: 'asOf' }));
  });

  it('answers 404 for an area that does not exist', async () => {
    expect((await call('GET', '/v1/areas/no-such-area/joint-priorities?asOf=2016-06-01')).status).toBe(404);
  });
});

describe('partners-only plans', () => {
  beforeEach(async () => {
    await putPlan(CSP, 'secret-plan', plan({ visibility: 'partners' }));
    await putPlan(CSP, 'open-plan', plan({ title: 'Open plan', startDate: '2019-04-01', endDate: undefined, supersedes: 'secret-plan' }));
    await putPriority(CSP, 'in-secret', priority({ planId: 'secret-plan' }));
  });

  it('are not there for the public, and the public never sees their id in what links to them', async () => {
    const read = (path: string, key?: string) => call('GET', `${body(CSP)}${path}`, key ? { key } : {});

    expect((await read('/plans/secret-plan')).status).toBe(404);
    expect((await read('/plans/secret-plan', keys[OTHER_CSP])).status).toBe(200);
    expect((await read('/plans')).body.plans.map((entry: { id: string }) => entry.id)).toEqual(['open-plan']);
    expect(JSON.stringify((await read('/plans')).body)).not.toContain('secret-plan');
    expect(JSON.stringify((await read('/plans/open-plan')).body)).not.toContain('secret-plan');
    expect(JSON.stringify((await read('/priorities/in-secret')).body)).not.toContain('secret-plan');
    expect(JSON.stringify((await read('/priorities')).body)).not.toContain('secret-plan');
    expect((await read('/priorities/in-secret', keys[CSP])).body.planId).toBe('secret-plan');
  });
});
