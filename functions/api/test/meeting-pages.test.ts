import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { settingUp } from './json-call.ts';

/**
 * Meetings in the pages and feeds, read by the public through the app's own request path over
 * in-memory stores: a meeting's page, the body page, the calendar page, "Coming to the panel" on
 * the overview, the note on a theme's page, iCalendar and the syndication feeds. A restricted
 * agenda item reaches each of them as "Restricted item" and its number only.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'panel';
const SECRET = 'Complaint by Mr Smith';
const api = (path: string) => `/v1/areas/${AREA}/organisations/${PANEL}${path}`;

let app: ReturnType<typeof createApp>;
let key = '';

const send = settingUp(
  () => app,
  () => key,
);

async function read(path: string, accept = 'text/html'): Promise<{ status: number; text: string }> {
  const response = await app.request(path, { headers: { accept } });
  return { status: response.status, text: await response.text() };
}

/** The text of a page in reading order, tags and spacing aside. */
const words = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

const meeting = (overrides: Record<string, unknown> = {}) => ({
  title: 'Police and Crime Panel',
  date: '2026-12-10',
  time: '18:30',
  location: 'Town Hall, Barnsley',
  status: 'confirmed',
  agenda: [
    { number: '1', title: 'Apologies' },
    { number: '5', title: 'Domestic abuse services <b>report</b>', themes: ['domestic-abuse'] },
    { number: '9', title: SECRET, themes: ['hate-crime'], restricted: true },
  ],
  visibility: 'public',
  ...overrides,
});

beforeAll(async () => {
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => new Date('2026-12-01T09:00:00.000Z') }));
  await send('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' }, ADMIN_KEY);
  await send('PUT', `/v1/areas/${AREA}/organisations/${PANEL}`, { name: 'Test Police and Crime Panel', kind: 'panel' }, ADMIN_KEY);
  key = (await send('POST', `/v1/areas/${AREA}/organisations/${PANEL}/api-keys`, {}, ADMIN_KEY)).key!;
  await send('PUT', api('/meetings/pcp-2026-12-10'), meeting());
  await send('PUT', api('/meetings/pcp-2027-01-14'), meeting({ date: '2027-01-14', time: '10:00', status: 'cancelled', agenda: [] }));
  await send('PUT', api('/meetings/pcp-2014-05-02'), meeting({ date: '2014-05-02', time: undefined, status: 'held' }));
});

describe('meeting pages', () => {
  it("a meeting's page: when (UK time), where, status, and the agenda with a restricted item shown only as such", async () => {
    const page = await read(`/areas/${AREA}/bodies/${PANEL}/meetings/pcp-2026-12-10`);

    expect(page.status).toBe(200);
    expect(words(page.text)).toContain('10 December 2026 at 18:30 (UK time)');
    expect(words(page.text)).toContain('Town Hall, Barnsley');
    expect(words(page.text)).toContain('9. Restricted item');
    expect(page.text).toContain('Domestic abuse services &lt;b&gt;report&lt;/b&gt;');
    expect(page.text).not.toContain(SECRET);
  });

  it('the body page lists coming meetings earliest first and earlier ones after', async () => {
    const text = words((await read(`/areas/${AREA}/bodies/${PANEL}`)).text);

    expect(text).toContain('Meetings (3)');
    expect(text.indexOf('10 December 2026 at 18:30')).toBeLessThan(text.indexOf('14 January 2027 at 10:00'));
    expect(text.indexOf('14 January 2027')).toBeLessThan(text.indexOf('2 May 2014'));
    expect(text).toMatch(/14 January 2027 at 10:00 Police and Crime Panel Cancelled/);
  });

  it('the calendar page lists every meeting with its status', async () => {
    const text = words((await read(`/areas/${AREA}/calendar`)).text);

    expect(text).toContain('3 meetings, earliest first');
    expect(text).toMatch(/2 May 2014 Test Police and Crime Panel Police and Crime Panel Held/);
  });

  it('the overview shows what is coming to the panel, with its agenda', async () => {
    const text = words((await read(`/areas/${AREA}`)).text);

    expect(text).toContain('Coming to the panel');
    expect(text).toContain('Test Police and Crime Panel, 10 December 2026 at 18:30');
    expect(text).toContain('5. Domestic abuse services');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('2 May 2014');
  });

  it("a theme's page notes the agenda items on it, not a restricted one's theme", async () => {
    const onTheme = words((await read(`/areas/${AREA}/themes/domestic-abuse`)).text);
    const restrictedTheme = words((await read(`/areas/${AREA}/themes/hate-crime`)).text);

    expect(onTheme).toContain('is on the agenda of Test Police and Crime Panel on 10 December 2026 (item 5)');
    expect(restrictedTheme).toContain("No meeting's agenda shared here names this theme.");
  });
});

describe('meeting feeds', () => {
  it('iCalendar: one VEVENT per meeting, times with TZID=Europe/London, a cancelled one STATUS:CANCELLED', async () => {
    const calendar = await read(`/v1/areas/${AREA}/calendar.ics`, 'text/calendar');
    // Unfolded (RFC 5545 folds long lines) and split into its events.
    const events = calendar.text
      .replace(/\r\n[ \t]/g, '')
      .split('BEGIN:VEVENT')
      .slice(1);

    expect(events).toHaveLength(3);
    expect(calendar.text).toContain('DTSTART;TZID=Europe/London:20261210T183000');
    expect(calendar.text).toContain('DTSTART;TZID=Europe/London:20270114T100000');
    expect(calendar.text).toMatch(/DTSTART;VALUE=DATE:20140502/);
    const statusOf = (id: string) => /STATUS:(\w+)/.exec(events.find((event) => event.includes(`meeting/${id}@`)) ?? '')?.[1];
    expect([statusOf('pcp-2027-01-14'), statusOf('pcp-2026-12-10'), statusOf('pcp-2014-05-02')]).toEqual([
      'CANCELLED',
      'CONFIRMED',
      'CONFIRMED',
    ]);
    expect(calendar.text).not.toContain(SECRET);
  });

  it('Atom and JSON Feed carry meetings with their agendas as the public may see them', async () => {
    const atom = await read(`/v1/areas/${AREA}/feed.atom`, 'application/atom+xml');
    const json = JSON.parse((await read(`/v1/areas/${AREA}/feed.json`, 'application/feed+json')).text);

    expect(atom.text).toContain('Meeting: Police and Crime Panel');
    expect(json.items).toHaveLength(3);
    expect(json.items.map((item: { content_html: string }) => item.content_html).join(' ')).toContain('9. Restricted item');
    expect(atom.text + JSON.stringify(json)).not.toContain(SECRET);
  });
});

describe('meeting history', () => {
  // Last in the file: it revises a meeting the tests above count.
  it('shows each change to a meeting, its agenda as the public may see it', async () => {
    await send(
      'PUT',
      api('/meetings/pcp-2014-05-02'),
      meeting({ date: '2014-05-02', time: undefined, status: 'held', location: 'Online' }),
    );

    const history = await read(`/areas/${AREA}/history/meeting/${PANEL}/pcp-2014-05-02`);

    expect(history.status).toBe(200);
    expect(words(history.text)).toContain('Online');
    expect(words(history.text)).toContain('9. Restricted item (restricted)');
    expect(history.text).not.toContain(SECRET);
    // Each changed field by its name in words, as a priority's are, never the data's own key.
    expect(history.text).not.toMatch(/>\s*(time|location|agenda|status)\s*</);
    expect(history.text).toMatch(/>\s*Location\s*</);
    expect((await read(`/areas/${AREA}/bodies/${PANEL}/meetings/pcp-2014-05-02`)).text).toContain(
      `/areas/${AREA}/history/meeting/${PANEL}/pcp-2014-05-02`,
    );
  });
});

describe('public history of a change the public may not see', () => {
  const versionHeadings = (html: string) => [...html.matchAll(/id="version-(\d+)"/g)].map((match) => Number(match[1]));

  it('lists no version of a meeting whose only change was to a restricted agenda item', async () => {
    const id = 'pcp-2015-01-08';
    await send('PUT', api(`/meetings/${id}`), meeting({ date: '2015-01-08', status: 'held' }));
    const retitled = meeting({ date: '2015-01-08', status: 'held' });
    (retitled.agenda as { title: string }[])[2]!.title = 'Complaint by Mr Jones';
    await send('PUT', api(`/meetings/${id}`), retitled);
    await send('PUT', api(`/meetings/${id}`), { ...retitled, location: 'Online' });

    const history = await read(`/areas/${AREA}/history/meeting/${PANEL}/${id}`);

    expect(history.status).toBe(200);
    expect(versionHeadings(history.text)).toEqual([3, 1]);
    expect(words(history.text)).not.toContain('No field changed');
    expect(history.text).not.toContain('Mr Jones');
  });

  it('lists no version of a priority whose only change was a link to a partners-only priority', async () => {
    const priorities = `/v1/areas/${AREA}/organisations/${PANEL}/priorities`;
    await send('PUT', `${priorities}/hidden`, { title: 'Kept from the public', themes: ['hate-crime'], visibility: 'partners' });
    const shown = { title: 'Scrutinise the plan', themes: ['public-confidence'], visibility: 'public' };
    await send('PUT', `${priorities}/shown`, shown);
    await send('PUT', `${priorities}/shown`, { ...shown, supports: [{ organisationId: PANEL, priorityId: 'hidden' }] });
    await send('PUT', `${priorities}/shown`, { ...shown, supports: [{ organisationId: PANEL, priorityId: 'hidden' }], lead: 'Chair' });

    const history = await read(`/areas/${AREA}/history/priority/${PANEL}/shown`);

    expect(history.status).toBe(200);
    expect(versionHeadings(history.text)).toEqual([3, 1]);
    expect(words(history.text)).not.toContain('No field changed');
    expect(history.text).not.toContain('Kept from the public');
  });
});
