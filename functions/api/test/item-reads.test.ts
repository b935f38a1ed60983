import { toViewRecord } from '@partnership-hub/domain';
import type { InMemoryEventLog, InMemoryViewStore } from '@partnership-hub/store';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * An item's read answers its last accepted write, from the head of its stream in the event log:
 * visible the moment its PUT is answered, with nothing projected. Withdrawn and partners-only
 * items are refused as before, and a public reader's links are decided by the few subjects the
 * item links to, never by a listing of the area.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const CSP = 'csp-a';
const PCC = 'pcc';
const body = (organisationId: string) => `/v1/areas/${AREA}/organisations/${organisationId}`;

let app: ReturnType<typeof createApp>;
let views: InMemoryViewStore;
let eventLog: InMemoryEventLog;
const keys: Record<string, string> = {};
const call = jsonCaller(() => app);

const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tackling anti-social behaviour',
  themes: ['anti-social-behaviour'],
  visibility: 'public',
  ...overrides,
});
const plan = (overrides: Record<string, unknown> = {}) => ({
  title: 'Safer Alpha Partnership Plan',
  kind: 'partnership-plan',
  startDate: '2025-04-01',
  endDate: '2028-03-31',
  visibility: 'public',
  ...overrides,
});
const put = async (organisationId: string, path: string, content: Record<string, unknown>) => {
  const answer = await call('PUT', `${body(organisationId)}/${path}`, { key: keys[organisationId]!, body: content });
  expect([200, 201], JSON.stringify(answer.body)).toContain(answer.status);
  return answer;
};

beforeEach(async () => {
  // Nothing is projected: the views hold only what the directory's routes need (the area and its bodies).
  ({ app, views, eventLog } = inMemoryApp(ADMIN_KEY) as ReturnType<typeof inMemoryApp> & { eventLog: InMemoryEventLog });
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [CSP, 'csp'],
    [PCC, 'pcc'],
  ] as const) {
    await call('PUT', body(id), { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `${body(id)}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
  for (const subjectType of ['area', 'organisation'] as const) {
    for (const event of (await eventLog.unpublished('9999')).filter((event) => event.detail.subject.type === subjectType)) {
      await views.put(toViewRecord(event));
    }
  }
});

describe('GET one item: the accepted write', () => {
  it('answers a priority and a work programme item the moment their PUTs are answered, with nothing projected', async () => {
    const published = await put(CSP, 'priorities/asb', priority());
    const first = await call('GET', `${body(CSP)}/priorities/asb`);
    await put(CSP, 'priorities/asb', priority({ title: 'Revised at once' }));
    const revised = await call('GET', `${body(CSP)}/priorities/asb`);
    await put(CSP, 'work-programme/wp1', {
      title: 'Review the partnership plan',
      date: '2026-03-10',
      themes: ['anti-social-behaviour'],
      kind: 'report',
      status: 'planned',
      visibility: 'public',
    });
    const item = await call('GET', `${body(CSP)}/work-programme/wp1`);

    expect(published.status).toBe(201);
    expect([first.status, first.body.version, first.body.title, first.headers.get('etag')]).toEqual([
      200,
      1,
      'Tackling anti-social behaviour',
      '"1"',
    ]);
    expect([revised.status, revised.body.version, revised.body.title, revised.headers.get('etag')]).toEqual([
      200,
      2,
      'Revised at once',
      '"2"',
    ]);
    expect(revised.body).toMatchObject({ id: 'asb', areaId: AREA, organisationId: CSP, status: 'active' });
    expect(revised.body.updatedAt).toEqual(expect.any(String));
    expect([item.status, item.body.version, item.body.title]).toEqual([200, 1, 'Review the partnership plan']);
    expect(await views.get(AREA, 'priority', CSP, 'asb')).toBeUndefined();
  });

  it('answers the same body as the projected record would give', async () => {
    await put(CSP, 'priorities/asb', priority({ visibility: 'partners' }));
    await put(CSP, 'priorities/asb', priority({ title: 'Second' }));
    const fromLog = await call('GET', `${body(CSP)}/priorities/asb`);
    const record = (await eventLog.current({ areaId: AREA, subjectType: 'priority', organisationId: CSP, id: 'asb' }))!;

    expect(fromLog.body).toEqual({
      id: 'asb',
      areaId: AREA,
      organisationId: CSP,
      version: record.version,
      updatedAt: record.updatedAt,
      ...record.state,
    });
  });

  it('refuses a withdrawn item with 404 at once', async () => {
    await put(CSP, 'priorities/asb', priority());
    await call('DELETE', `${body(CSP)}/priorities/asb`, { key: keys[CSP]! });

    const read = await call('GET', `${body(CSP)}/priorities/asb`, { key: keys[CSP]! });

    expect(read.status).toBe(404);
    expect(read.headers.get('content-type')).toContain('application/problem+json');
    expect(read.body.detail).toBe(`Priority asb of ${CSP} does not exist, has been withdrawn, or is for partners only.`);
  });

  it('refuses a partners-only item to the public with the same 404, and answers it to partners', async () => {
    await put(CSP, 'priorities/hidden', priority({ visibility: 'partners', title: 'Partners only' }));

    const anonymous = await call('GET', `${body(CSP)}/priorities/hidden`);
    const partner = await call('GET', `${body(CSP)}/priorities/hidden`, { key: keys[PCC]! });

    expect(anonymous.status).toBe(404);
    expect(anonymous.body.detail).toBe(`Priority hidden of ${CSP} does not exist, has been withdrawn, or is for partners only.`);
    expect(JSON.stringify(anonymous.body)).not.toContain('Partners only');
    expect([partner.status, partner.body.title]).toEqual([200, 'Partners only']);
  });

  it("hides a public priority's links to a partners-only plan and priority from the public, reading only those, and shows them to partners", async () => {
    await put(CSP, 'plans/secret-plan', plan({ visibility: 'partners' }));
    await put(PCC, 'priorities/secret', priority({ visibility: 'partners' }));
    await put(PCC, 'priorities/open', priority());
    const supports = [
      { organisationId: PCC, priorityId: 'secret' },
      { organisationId: PCC, priorityId: 'open' },
    ];
    await put(CSP, 'priorities/linking', priority({ planId: 'secret-plan', supports }));
    const list = vi.spyOn(views, 'list');
    const current = vi.spyOn(eventLog, 'current');

    const anonymous = await call('GET', `${body(CSP)}/priorities/linking`);
    const read = current.mock.calls.map(([ref]) => `${ref.subjectType}:${ref.organisationId}/${ref.id}`);
    const partner = await call('GET', `${body(CSP)}/priorities/linking`, { key: keys[PCC]! });

    expect(anonymous.status).toBe(200);
    expect(anonymous.body.supports).toEqual([{ organisationId: PCC, priorityId: 'open' }]);
    expect(anonymous.body).not.toHaveProperty('planId');
    expect(JSON.stringify(anonymous.body)).not.toContain('secret');
    expect(read.sort()).toEqual([`plan:${CSP}/secret-plan`, `priority:${CSP}/linking`, `priority:${PCC}/open`, `priority:${PCC}/secret`]);
    expect(list).not.toHaveBeenCalled();
    expect([partner.status, partner.body.supports, partner.body.planId]).toEqual([200, supports, 'secret-plan']);
  });

  it('shows a link the moment what it names is made public, and hides it the moment that is withdrawn', async () => {
    await put(PCC, 'priorities/named', priority({ visibility: 'partners' }));
    await put(CSP, 'priorities/linking', priority({ supports: [{ organisationId: PCC, priorityId: 'named' }] }));
    const before = await call('GET', `${body(CSP)}/priorities/linking`);
    await put(PCC, 'priorities/named', priority());
    const shown = await call('GET', `${body(CSP)}/priorities/linking`);
    await call('DELETE', `${body(PCC)}/priorities/named`, { key: keys[PCC]! });
    const withdrawn = await call('GET', `${body(CSP)}/priorities/linking`);

    expect(before.body.supports).toEqual([]);
    expect(shown.body.supports).toEqual([{ organisationId: PCC, priorityId: 'named' }]);
    expect(withdrawn.body.supports).toEqual([]);
    // Its tag changes with the links shown, though its version does not: a conditional GET gets the new body, never a 304.
    const tags = [before, shown, withdrawn].map((answer) => answer.headers.get('etag'));
    expect(new Set(tags).size).toBe(2);
    expect(tags[0]).toBe(tags[2]);
    const revalidated = await call('GET', `${body(CSP)}/priorities/linking`, { headers: { 'if-none-match': tags[0]! } });
    expect(revalidated.status).toBe(304);
    await put(PCC, 'priorities/named', priority());
    const afterChange = await call('GET', `${body(CSP)}/priorities/linking`, { headers: { 'if-none-match': tags[0]! } });
    expect([afterChange.status, afterChange.body.supports]).toEqual([200, [{ organisationId: PCC, priorityId: 'named' }]]);
  });

  it("answers If-None-Match holding the head's version with 304 and no body, and a stale one with the item", async () => {
    await put(CSP, 'priorities/asb', priority());
    await put(CSP, 'priorities/asb', priority({ title: 'Second' }));

    const held = await call('GET', `${body(CSP)}/priorities/asb`, { headers: { 'if-none-match': '"2"' } });
    const stale = await call('GET', `${body(CSP)}/priorities/asb`, { headers: { 'if-none-match': '"1"' } });

    expect([held.status, held.body, held.headers.get('etag')]).toEqual([304, '', '"2"']);
    expect([stale.status, stale.body.title, stale.headers.get('etag')]).toEqual([200, 'Second', '"2"']);
  });

  it('never answers 304 for a partners-only item to the public', async () => {
    await put(CSP, 'priorities/hidden', priority({ visibility: 'partners' }));

    const guessed = await call('GET', `${body(CSP)}/priorities/hidden`, { headers: { 'if-none-match': '"1"' } });

    expect(guessed.status).toBe(404);
  });

  it('answers a meeting at once, its agenda naming a work programme item only while the public can see that item', async () => {
    const workItem = (visibility: string) => ({
      title: 'Exempt review',
      themes: ['anti-social-behaviour'],
      kind: 'report',
      status: 'planned',
      visibility,
    });
    await put(CSP, 'work-programme/wp-1', workItem('public'));
    await put(CSP, 'meetings/m1', {
      title: 'Community Safety Partnership board',
      date: '2026-03-10',
      status: 'confirmed',
      agenda: [
        { number: '1', title: 'Review', workProgrammeItemId: 'wp-1' },
        { number: '2', title: 'Complaint by Mr Smith', restricted: true },
      ],
      visibility: 'public',
    });
    const shown = await call('GET', `${body(CSP)}/meetings/m1`);
    await put(CSP, 'work-programme/wp-1', workItem('partners'));
    const hidden = await call('GET', `${body(CSP)}/meetings/m1`);
    const partner = await call('GET', `${body(CSP)}/meetings/m1`, { key: keys[PCC]! });

    expect([shown.status, shown.body.version]).toEqual([200, 1]);
    expect(shown.body.agenda).toEqual([
      { number: '1', title: 'Review', workProgrammeItemId: 'wp-1' },
      { number: '2', title: 'Restricted item', restricted: true },
    ]);
    expect(hidden.body.agenda[0]).toEqual({ number: '1', title: 'Review' });
    expect(JSON.stringify(hidden.body)).not.toContain('Mr Smith');
    expect(partner.body.agenda).toEqual([
      { number: '1', title: 'Review', workProgrammeItemId: 'wp-1' },
      { number: '2', title: 'Complaint by Mr Smith', restricted: true },
    ]);
    expect(await views.get(AREA, 'meeting', CSP, 'm1')).toBeUndefined();
  });
});
