import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Meetings through the API's own request path, over in-memory stores that project every write at
 * once: putting a meeting and its agenda, revising, cancelling and withdrawing it, the events each
 * records, what the edge refuses, and what a reader who is not a partner sees of restricted items.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'panel';
const OTHER = 'scrutiny';
const body = (organisationId: string) => `/v1/areas/${AREA}/organisations/${organisationId}`;

let app: ReturnType<typeof createApp>;
let eventLog: ReturnType<typeof inMemoryApp>['eventLog'];
const keys: Record<string, string> = {};

const call = jsonCaller(() => app);

const meeting = (overrides: Record<string, unknown> = {}) => ({
  title: 'Police and Crime Panel',
  date: '2014-05-02',
  time: '10:00',
  location: 'Town Hall, Barnsley',
  status: 'confirmed',
  agenda: [
    { number: '1', title: 'Apologies' },
    {
      number: '7',
      title: 'Joint working protocol',
      themes: ['public-confidence'],
      links: [
        { title: 'Report', url: 'https://example.org/item-7.pdf' },
        { title: 'Exempt appendix', url: 'https://example.org/item-7-exempt.pdf', restricted: true },
      ],
    },
    { number: '12', title: 'Complaint against the Commissioner by Mr Smith', themes: ['public-confidence'], restricted: true },
  ],
  visibility: 'public',
  ...overrides,
});
const put = (id: string, content: Record<string, unknown>, headers: Record<string, string> = {}, key = keys[PANEL]!) =>
  call('PUT', `${body(PANEL)}/meetings/${id}`, { key, body: content, headers });
const eventTypes = async (id: string) =>
  (await eventLog.stream({ areaId: AREA, subjectType: 'meeting', organisationId: PANEL, id })).map((event) => event.detailType);

beforeEach(async () => {
  ({ app, eventLog } = inMemoryApp(ADMIN_KEY, { project: true }));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [PANEL, 'panel'],
    [OTHER, 'scrutiny-committee'],
  ] as const) {
    await call('PUT', body(id), { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `${body(id)}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
});

describe('PUT a meeting', () => {
  it('schedules (201), records nothing for the same content (200, same version), revises (200), each with its version as ETag', async () => {
    const scheduled = await put('pcp-2014-05-02', meeting());
    const again = await put('pcp-2014-05-02', meeting({ effectiveDate: '2014-04-24', source: { document: 'Agenda, 2 May 2014' } }));
    const revised = await put('pcp-2014-05-02', meeting({ status: 'held' }), { 'if-match': '"1"' });

    expect([scheduled.status, scheduled.body, scheduled.headers.get('etag')]).toEqual([201, { id: 'pcp-2014-05-02', version: 1 }, '"1"']);
    expect([again.status, again.body]).toEqual([200, { id: 'pcp-2014-05-02', version: 1 }]);
    expect([revised.status, revised.body, revised.headers.get('etag')]).toEqual([200, { id: 'pcp-2014-05-02', version: 2 }, '"2"']);
    expect(await eventTypes('pcp-2014-05-02')).toEqual(['MeetingScheduled', 'MeetingRevised']);
  });

  it('records MeetingCancelled when the status becomes cancelled, and MeetingRevised for a change to a cancelled meeting', async () => {
    await put('m1', meeting());
    await put('m1', meeting({ status: 'cancelled' }));
    await put('m1', meeting({ status: 'cancelled', location: 'Online' }));

    expect(await eventTypes('m1')).toEqual(['MeetingScheduled', 'MeetingCancelled', 'MeetingRevised']);
    expect((await call('GET', `${body(PANEL)}/meetings/m1`)).body).toMatchObject({ status: 'cancelled', location: 'Online', version: 3 });
  });

  it('keeps the connector origin with the meeting', async () => {
    await put('mg-187-4410', meeting({ origin: { system: 'moderngov', committeeId: '187', meetingId: 4410 } }));

    expect((await call('GET', `${body(PANEL)}/meetings/mg-187-4410`)).body.origin).toEqual({
      system: 'moderngov',
      committeeId: '187',
      meetingId: 4410,
    });
  });

  it('refuses a stale If-Match with 412, and another body’s key with 403', async () => {
    await put('m1', meeting());
    await put('m1', meeting({ title: 'Renamed' }));

    const stale = await put('m1', meeting({ title: 'Stale' }), { 'if-match': '"1"' });
    const otherBody = await put('m1', meeting({ title: 'Not theirs' }), {}, keys[OTHER]!);

    expect([stale.status, stale.body.currentVersion]).toEqual([412, 2]);
    expect(otherBody.status).toBe(403);
    expect((await call('GET', `${body(PANEL)}/meetings/m1`)).body.title).toBe('Renamed');
  });

  it('creates a meeting with If-None-Match: * only where none ever was: a live or withdrawn one is 412 and stays as it is', async () => {
    const created = await put('m1', meeting(), { 'if-none-match': '*' });
    const live = await put('m1', meeting({ title: 'Another' }), { 'if-none-match': '*' });
    await call('DELETE', `${body(PANEL)}/meetings/m1`, { key: keys[PANEL]! });
    const withdrawn = await put('m1', meeting(), { 'if-none-match': '*' });

    expect([created.status, live.status, withdrawn.status]).toEqual([201, 412, 412]);
    expect(await eventTypes('m1')).toEqual(['MeetingScheduled', 'MeetingWithdrawn']);
  });

  it.each([
    ['a time not HH:MM', { time: '6.00 pm' }, 'time'],
    ['a status off the list', { status: 'postponed' }, 'status'],
    ['a date not YYYY-MM-DD', { date: '02/05/2014' }, 'date'],
    ['a field nobody knows', { colour: 'red' }, '(body)'],
    ['an unknown field in an agenda item', { agenda: [{ number: '1', title: 'Apologies', minutes: 'x' }] }, 'agenda[0]'],
    [
      'a paper that is not a web address',
      { agenda: [{ number: '1', title: 'A', links: [{ title: 'P', url: 'javascript:alert(1)' }] }] },
      'agenda[0].links[0].url',
    ],
    ['an agenda item without a number', { agenda: [{ title: 'Apologies' }] }, 'agenda[0].number'],
  ])('refuses %s with a 400 problem, recording nothing', async (_case, overrides, field) => {
    const refused = await put('m1', meeting(overrides));

    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await eventTypes('m1')).toEqual([]);
  });

  it('refuses an agenda item naming a work programme item the body does not have', async () => {
    const refused = await put('m1', meeting({ agenda: [{ number: '1', title: 'Review', workProgrammeItemId: 'nope' }] }));

    expect([refused.status, refused.body.errors[0].field, refused.body.errors[0].pointer]).toEqual([
      400,
      'agenda[0].workProgrammeItemId',
      '#/agenda/0/workProgrammeItemId',
    ]);
  });
});

describe('DELETE a meeting', () => {
  it('withdraws it: MeetingWithdrawn, gone from reads and the list', async () => {
    await put('m1', meeting());

    const withdrawn = await call('DELETE', `${body(PANEL)}/meetings/m1`, { key: keys[PANEL]! });

    expect([withdrawn.status, withdrawn.body]).toEqual([200, { id: 'm1', version: 2, withdrawn: true }]);
    expect(await eventTypes('m1')).toEqual(['MeetingScheduled', 'MeetingWithdrawn']);
    expect((await call('GET', `${body(PANEL)}/meetings/m1`)).status).toBe(404);
    expect((await call('GET', `${body(PANEL)}/meetings`)).body.meetings).toEqual([]);
  });
});

describe('reading meetings', () => {
  it('lists a body’s meetings earliest first as {meetings}', async () => {
    await put('later', meeting({ date: '2014-09-11' }));
    await put('earlier', meeting({ date: '2014-01-31' }));

    const listed = await call('GET', `${body(PANEL)}/meetings`);

    expect(listed.body.meetings.map((entry: { id: string }) => entry.id)).toEqual(['earlier', 'later']);
  });

  it('shows a partner restricted items and papers whole; the public only "Restricted item" and its number', async () => {
    await put('m1', meeting());

    const partner = (await call('GET', `${body(PANEL)}/meetings/m1`, { key: keys[OTHER]! })).body;
    const publicRead = await call('GET', `${body(PANEL)}/meetings/m1`);
    const publicList = await call('GET', `${body(PANEL)}/meetings`);

    expect(partner.agenda[2]).toEqual(meeting().agenda[2]);
    expect(partner.agenda[1].links).toHaveLength(2);
    for (const shown of [publicRead.body, publicList.body.meetings[0]]) {
      expect(shown.agenda[2]).toEqual({ number: '12', title: 'Restricted item', restricted: true });
      expect(shown.agenda[1].links).toEqual([{ title: 'Report', url: 'https://example.org/item-7.pdf' }]);
    }
    expect(JSON.stringify(publicList.body)).not.toMatch(/Mr Smith|exempt/i);
  });

  it('names a partners-only work programme item to partners only', async () => {
    await call('PUT', `${body(PANEL)}/work-programme/wp-1`, {
      key: keys[PANEL]!,
      body: { title: 'Exempt review', themes: ['public-confidence'], kind: 'report', status: 'planned', visibility: 'partners' },
    });
    await put('m1', meeting({ agenda: [{ number: '1', title: 'Review', workProgrammeItemId: 'wp-1' }] }));

    expect((await call('GET', `${body(PANEL)}/meetings/m1`, { key: keys[OTHER]! })).body.agenda[0].workProgrammeItemId).toBe('wp-1');
    expect((await call('GET', `${body(PANEL)}/meetings/m1`)).body.agenda[0]).toEqual({ number: '1', title: 'Review' });
  });

  it('keeps a partners-only meeting from the public', async () => {
    await put('m1', meeting({ visibility: 'partners' }));

    expect((await call('GET', `${body(PANEL)}/meetings/m1`)).status).toBe(404);
    expect((await call('GET', `${body(PANEL)}/meetings`)).body.meetings).toEqual([]);
    expect((await call('GET', `${body(PANEL)}/meetings/m1`, { key: keys[OTHER]! })).status).toBe(200);
  });
});
