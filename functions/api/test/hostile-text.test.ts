import { buildJointView, toViewRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import { InMemoryApiKeyStore, InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';
import {
  AREA,
  areaRegistered,
  CSP,
  organisationRegistered,
  PANEL,
  priorityPublished,
  priorityState,
  workProgrammeItemScheduled,
  workProgrammeItemState,
} from '@partnership-hub/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import { allRoutes } from '../src/groups/index.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * Text meant to mislead or break whoever shows it (control characters, bidi overrides, bytes that
 * are not UTF-8), and links that would name a partners-only priority to the public.
 */
const ADMIN_KEY = 'test-admin-key';
const BODY = 'csp-a';
const ORG = `/v1/areas/test-area/organisations/${BODY}`;

describe('text fields', () => {
  let app: ReturnType<typeof createApp>;
  let bodyKey: string;
  let eventLog: InMemoryEventLog;

  const put = (path: string, body: string | Uint8Array, key = bodyKey) =>
    app.request(path, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });

  beforeEach(async () => {
    ({ app, eventLog } = inMemoryApp(ADMIN_KEY));
    await put('/v1/areas/test-area', JSON.stringify({ name: 'Test Area' }), ADMIN_KEY);
    await put(ORG, JSON.stringify({ name: 'Safer Alpha', kind: 'csp' }), ADMIN_KEY);
    const keyAnswer = await app.request(`${ORG}/api-keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    bodyKey = ((await keyAnswer.json()) as { key: string }).key;
  });

  const priority = { title: 'Tackle burglary', themes: ['burglary'], visibility: 'public' };

  it.each([
    ['title', { title: 'Tackle\u0001 burglary' }, 'title contains a control character (U+0001)'],
    ['title', { title: 'Tackle \u001b[2J burglary' }, 'title contains a control character (U+001B)'],
    ['lead', { lead: 'Inspector \u202Eevil' }, 'lead contains a bidirectional formatting character (U+202E)'],
    ['outcomes', { outcomes: ['Fewer\u0000 victims'] }, 'outcomes[0] contains a control character (U+0000)'],
    ['title', { title: 'Tackle \ud800 burglary' }, 'title contains a lone surrogate (U+D800)'],
    ['title', { title: 'Tackle\nburglary' }, 'title must be on one line: it contains a line break (U+000A)'],
  ])('refuses a %s holding hostile characters with 400, naming the field and the character', async (_field, change, detail) => {
    const answer = await put(`${ORG}/priorities/p1`, JSON.stringify({ ...priority, ...change }));
    const problem = (await answer.json()) as { type: string; detail: string };

    expect(answer.status).toBe(400);
    expect(problem.type).toBe('/problems/validation-error');
    expect(problem.detail).toContain(detail);
  });

  it("says what is wrong in plain words, not in the validator's", async () => {
    const answer = await put(
      `${ORG}/priorities/too-long`,
      JSON.stringify({ title: 'x'.repeat(201), themes: [], status: 'done', visibility: 7 }),
    );
    expect(answer.status).toBe(400);
    const problem = (await answer.json()) as { errors: { field: string; detail: string }[] };
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'title', detail: 'must be 200 characters or fewer' }),
        expect.objectContaining({ field: 'themes', detail: 'must have at least 1 entry' }),
        expect.objectContaining({ field: 'status', detail: 'must be one of active, achieved, closed, superseded (got "done")' }),
        expect.objectContaining({ field: 'visibility', detail: 'must be one of "public", "partners"' }),
      ]),
    );
  });

  it('says a number past its bound once, by its own bound, not also by the largest integer JavaScript holds', async () => {
    const answer = await app.request('/v1/areas/test-area/changes?limit=999999999999999999999');
    const problem = (await answer.json()) as { errors: { field: string; detail: string }[]; detail: string };
    expect([answer.status, problem.errors]).toEqual([400, [expect.objectContaining({ field: 'limit', detail: 'must be 1000 or less' })]]);
    expect(problem.detail).toBe('limit must be 1000 or less');
  });

  it('refuses a name with a control character in the directory too', async () => {
    const answer = await put(ORG, JSON.stringify({ name: 'Safer\u0007 Alpha', kind: 'csp' }), ADMIN_KEY);

    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { detail: string }).detail).toContain('name contains a control character (U+0007)');
  });

  it('stores a description sent with CRLF line endings with LF', async () => {
    const item = { title: 'Report', themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public' };
    const answer = await put(`${ORG}/work-programme/w1`, JSON.stringify({ ...item, description: 'One\r\nTwo\rThree' }));

    expect(answer.status).toBe(201);
    const [event] = await eventLog.stream({ areaId: 'test-area', subjectType: 'work-programme-item', organisationId: BODY, id: 'w1' });
    expect(event?.detail.data).toMatchObject({ description: 'One\nTwo\nThree' });
  });

  it('answers 400 malformed-request to a body that is not valid UTF-8, and stores nothing', async () => {
    const json = new TextEncoder().encode(JSON.stringify({ ...priority, title: 'Tackle burglary XX' }));
    const bytes = Uint8Array.from(json);
    const at = json.indexOf('X'.charCodeAt(0));
    bytes[at] = 0xff; // never valid in UTF-8
    bytes[at + 1] = 0xc3; // a lead byte with no continuation

    const answer = await put(`${ORG}/priorities/p1`, bytes);
    const problem = (await answer.json()) as { type: string; detail: string };

    expect(answer.status).toBe(400);
    expect(problem.type).toBe('/problems/malformed-request');
    expect(problem.detail).toContain('not valid UTF-8');
    expect(await eventLog.stream({ areaId: 'test-area', subjectType: 'priority', organisationId: BODY, id: 'p1' })).toEqual([]);
  });

  it('refuses an import that is not valid UTF-8', async () => {
    const csv = Uint8Array.from([
      ...new TextEncoder().encode('id,title,themes,visibility\np1,Tackle '),
      0xff,
      ...new TextEncoder().encode(',burglary,public\n'),
    ]);
    const answer = await app.request(`${ORG}/priorities/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bodyKey}`, 'content-type': 'text/csv' },
      body: csv,
    });

    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { detail: string }).detail).toContain('not valid UTF-8');
  });
});

describe('links to priorities the reader cannot see', () => {
  // The hidden priority's id is a marker, so that any output naming it is caught, however it is written.
  const HIDDEN = 'HIDDEN-MARKER-7f3a';
  const PCC = 'test-pcc';
  let app: ReturnType<typeof createApp>;

  beforeEach(async () => {
    const views = new InMemoryViewStore();
    const events: HubEvent[] = [
      areaRegistered(),
      organisationRegistered({ organisationId: PCC, name: 'The PCC', kind: 'pcc' }),
      organisationRegistered({ organisationId: CSP }),
      organisationRegistered({ organisationId: PANEL, name: 'The Panel', kind: 'panel' }),
      priorityPublished({ organisationId: PCC, id: HIDDEN, state: priorityState({ title: 'Covert plan', visibility: 'partners' }) }),
      priorityPublished({ organisationId: PCC, id: 'pcc-open', state: priorityState({ title: 'Open plan' }) }),
      priorityPublished({
        organisationId: CSP,
        id: 'csp-1',
        state: priorityState({
          title: 'Local plan',
          supports: [
            { organisationId: PCC, priorityId: HIDDEN },
            { organisationId: PCC, priorityId: 'pcc-open' },
          ],
        }),
      }),
      workProgrammeItemScheduled({
        organisationId: PANEL,
        id: 'wp-1',
        state: workProgrammeItemState({
          title: 'Scrutiny of the plan',
          priorities: [
            { organisationId: PCC, priorityId: HIDDEN },
            { organisationId: PCC, priorityId: 'pcc-open' },
          ],
        }),
      }),
    ];
    const eventLog = new InMemoryEventLog();
    for (const event of events) {
      await eventLog.append(event);
      await views.put(toViewRecord(event));
    }
    const records = await views.list(AREA);
    for (const audience of ['public', 'partners'] as const)
      await views.putJointView(AREA, audience, 1, JSON.stringify(buildJointView(AREA, records, audience, '2026-03-01')), '2026-03-01');
    app = createApp(
      {
        eventLog,
        views,
        apiKeys: new InMemoryApiKeyStore(),
        adminKeyHash: hashKey(ADMIN_KEY),
        clock: () => new Date('2026-03-01T09:00:00.000Z'),
        newEventId: () => 'unused',
        newApiKey: () => 'unused',
        logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
      },
      allRoutes,
    );
  });

  const read = async (path: string, key?: string) => {
    const answer = await app.request(path, key ? { headers: { authorization: `Bearer ${key}` } } : {});
    expect(answer.status).toBe(200);
    return answer.text();
  };

  it("leaves the partners-only priority out of a public priority's supports", async () => {
    const body = JSON.parse(await read(`/v1/areas/${AREA}/organisations/${CSP}/priorities/csp-1`));

    expect(body.supports).toEqual([{ organisationId: PCC, priorityId: 'pcc-open' }]);
    expect(JSON.stringify(body)).not.toContain(HIDDEN);
  });

  it("leaves it out of a public work programme item's priorities", async () => {
    const body = JSON.parse(await read(`/v1/areas/${AREA}/organisations/${PANEL}/work-programme/wp-1`));

    expect(body.priorities).toEqual([{ organisationId: PCC, priorityId: 'pcc-open' }]);
    expect(JSON.stringify(body)).not.toContain(HIDDEN);
  });

  it("leaves it out of the public lists of a body's priorities and work programme", async () => {
    expect(await read(`/v1/areas/${AREA}/organisations/${CSP}/priorities`)).not.toContain(HIDDEN);
    expect(await read(`/v1/areas/${AREA}/organisations/${PANEL}/work-programme`)).not.toContain(HIDDEN);
  });

  it.each([
    ['the joint view', `/v1/areas/${AREA}/joint-priorities`],
    ["the area's Atom feed", `/v1/areas/${AREA}/feed.atom`],
    ["the area's JSON Feed", `/v1/areas/${AREA}/feed.json`],
    ["the body's Atom feed", `/v1/areas/${AREA}/organisations/${CSP}/feed.atom`],
    ["the body's JSON Feed", `/v1/areas/${AREA}/organisations/${PANEL}/feed.json`],
    ["the body's page", `/areas/${AREA}/bodies/${CSP}`],
    ["the panel's page", `/areas/${AREA}/bodies/${PANEL}`],
  ])('does not name it in %s', async (_name, path) => {
    expect(await read(path)).not.toContain(HIDDEN);
  });

  it('still shows partners every link', async () => {
    const body = JSON.parse(await read(`/v1/areas/${AREA}/organisations/${CSP}/priorities/csp-1`, ADMIN_KEY));

    expect(body.supports).toEqual([
      { organisationId: PCC, priorityId: HIDDEN },
      { organisationId: PCC, priorityId: 'pcc-open' },
    ]);
  });
});
