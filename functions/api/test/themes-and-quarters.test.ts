import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Theme families and financial-year quarters through the API: the theme list, what a write
 * accepts as a quarter (and the problem it answers otherwise), and what the joint view and the
 * feeds make of both. In-memory stores, projected as the projector would.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const VAWG = 'violence-against-women-and-girls';

let app: ReturnType<typeof createApp>;
const keys: Record<string, string> = {};

const call = jsonCaller(() => app);

const item = (overrides: Record<string, unknown> = {}) => ({
  title: 'Domestic abuse review',
  themes: ['domestic-abuse'],
  kind: 'scrutiny-review',
  status: 'planned',
  visibility: 'public',
  ...overrides,
});
const workPath = (organisationId: string, id: string) => `/v1/areas/${AREA}/organisations/${organisationId}/work-programme/${id}`;
const priorityPath = (organisationId: string, id: string) => `/v1/areas/${AREA}/organisations/${organisationId}/priorities/${id}`;

beforeEach(async () => {
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true }));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, name, kind] of [
    ['pcc', 'Test PCC', 'pcc'],
    ['panel', 'Test Panel', 'panel'],
    ['scrutiny', 'Test Scrutiny Committee', 'scrutiny-committee'],
    ['csp-a', 'Safer Alpha', 'csp'],
    ['csp-b', 'Safer Beta', 'csp'],
  ] as const) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${id}`, { key: ADMIN_KEY, body: { name, kind } });
    keys[id] = (await call('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
});

describe('GET /v1/themes', () => {
  it('gives each theme its parent where it has one, and none where it has none', async () => {
    const { status, body } = await call('GET', '/v1/themes');
    const bySlug = new Map(body.themes.map((theme: { slug: string }) => [theme.slug, theme]));

    expect(status).toBe(200);
    for (const child of ['domestic-abuse', 'stalking-and-harassment', 'honour-based-abuse', 'forced-marriage', 'female-genital-mutilation'])
      expect(bySlug.get(child)).toMatchObject({ slug: child, parent: VAWG });
    expect(bySlug.get('female-offenders')).toEqual({ slug: 'female-offenders', name: 'Female offenders', parent: 'reoffending' });
    expect(bySlug.get(VAWG)).toEqual({ slug: VAWG, name: 'Violence against women and girls' });
    expect(bySlug.get('burglary')).not.toHaveProperty('parent');
  });
});

describe('quarters on a work programme item', () => {
  it('accepts a financial quarter and keeps it as written, beside the calendar spelling', async () => {
    const financial = await call('PUT', workPath('panel', 'fy'), { key: keys.panel, body: item({ quarter: '2016/17-Q1' }) });
    const calendar = await call('PUT', workPath('panel', 'cal'), { key: keys.panel, body: item({ quarter: '2016-Q2' }) });

    expect(financial.status).toBe(201);
    expect(calendar.status).toBe(201);
    expect((await call('GET', workPath('panel', 'fy'))).body.quarter).toBe('2016/17-Q1');
    expect((await call('GET', workPath('panel', 'cal'))).body.quarter).toBe('2016-Q2');
  });

  it.each([
    ['2016/18-Q1', '2016/18 is not a financial year'],
    ['2016/17-Q5', 'YYYY/YY-Qn'],
    ['Q1 2016/17', 'YYYY/YY-Qn'],
  ])('refuses %s with a 400 naming quarter and the forms it takes', async (quarter, words) => {
    const answer = await call('PUT', workPath('panel', 'bad'), { key: keys.panel, body: item({ quarter }) });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const error = answer.body.errors.find((entry: { field: string }) => entry.field === 'quarter');
    expect(error.detail).toContain(words);
    expect(error.detail).toContain('YYYY/YY-Qn');
    expect(error.detail).toContain('YYYY-Qn');
    expect(answer.body.errors).toHaveLength(1);
    expect((await call('GET', workPath('panel', 'bad'))).status).toBe(404);
  });

  it('checks a date against its quarter in either spelling', async () => {
    const fits = await call('PUT', workPath('panel', 'fits'), {
      key: keys.panel,
      body: item({ date: '2016-05-12', quarter: '2016/17-Q1' }),
    });
    const wrong = await call('PUT', workPath('panel', 'wrong'), {
      key: keys.panel,
      body: item({ date: '2016-05-12', quarter: '2016/17-Q2' }),
    });

    expect(fits.status).toBe(201);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'quarter', detail: 'is not the quarter the date falls in' })]);
  });

  it('imports financial quarters from CSV, and refuses a bad one naming its line and column', async () => {
    const header = 'id,title,themes,kind,date,quarter,status,description,priorities,visibility';
    const path = `/v1/areas/${AREA}/organisations/panel/work-programme/import`;
    const good = await call('POST', path, {
      key: keys.panel,
      contentType: 'text/csv',
      body: `${header}\nimp-1,DA report,domestic-abuse,report,,2014/15-Q3,planned,,,public\n`,
    });
    const bad = await call('POST', path, {
      key: keys.panel,
      contentType: 'text/csv',
      body: `${header}\nimp-2,DA report,domestic-abuse,report,,2014/16-Q3,planned,,,public\n`,
    });

    expect(good.status).toBe(200);
    expect((await call('GET', workPath('panel', 'imp-1'))).body.quarter).toBe('2014/15-Q3');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'quarter', line: 2, detail: expect.stringContaining('2014/16 is not a financial year') }),
    ]);
  });
});

describe('the joint view', () => {
  it('finds two scrutinising bodies in the same quarter however each wrote it', async () => {
    await call('PUT', workPath('panel', 'da'), { key: keys.panel, body: item({ quarter: '2016-Q2' }) });
    await call('PUT', workPath('scrutiny', 'da'), { key: keys.scrutiny, body: item({ quarter: '2016/17-Q1' }) });

    // As at a date in 2016/17: the view as at a date holds the work planned for its financial year and the next.
    const { body } = await call('GET', `/v1/areas/${AREA}/joint-priorities?asOf=2016-06-01`);

    expect(body.overlaps).toEqual([
      expect.objectContaining({
        theme: 'domestic-abuse',
        quarter: '2016-Q2',
        financialQuarter: '2016/17-Q1',
        items: [expect.objectContaining({ organisationId: 'panel' }), expect.objectContaining({ organisationId: 'scrutiny' })],
      }),
    ]);
  });

  it('lists a partnership covering only a theme within a plan theme as partly covering it, not as missing', async () => {
    await call('PUT', priorityPath('pcc', 'vawg'), { key: keys.pcc, body: { title: 'Tackle VAWG', themes: [VAWG], visibility: 'public' } });
    await call('PUT', priorityPath('csp-a', 'da'), {
      key: keys['csp-a'],
      body: { title: 'Reduce domestic abuse', themes: ['domestic-abuse', 'forced-marriage'], visibility: 'public' },
    });

    const { body } = await call('GET', `/v1/areas/${AREA}/joint-priorities`);

    expect(body.gaps).toEqual([
      {
        theme: VAWG,
        name: 'Violence against women and girls',
        coveredBy: [],
        partlyCoveredBy: ['csp-a'],
        partly: [{ organisationId: 'csp-a', through: ['domestic-abuse', 'forced-marriage'] }],
        missingFrom: ['csp-b'],
        missing: [{ organisationId: 'csp-b', reason: 'no-plan-published' }],
      },
    ]);
  });
});

describe('the feeds of a theme', () => {
  it('carry the items on the themes within it, and a child theme carries only its own', async () => {
    await call('PUT', workPath('panel', 'on-da'), { key: keys.panel, body: item({ title: 'On domestic abuse', quarter: '2014/15-Q3' }) });
    await call('PUT', workPath('panel', 'on-vawg'), { key: keys.panel, body: item({ title: 'On VAWG as a whole', themes: [VAWG] }) });
    await call('PUT', workPath('panel', 'on-burglary'), { key: keys.panel, body: item({ title: 'On burglary', themes: ['burglary'] }) });

    const parent = (await call('GET', `/v1/areas/${AREA}/themes/${VAWG}/feed.json`)).body;
    const child = (await call('GET', `/v1/areas/${AREA}/themes/domestic-abuse/feed.json`)).body;
    const titles = (feed: { items: { title: string }[] }) => feed.items.map((entry) => entry.title.split(': ').pop()).sort();

    expect(titles(parent)).toEqual(['On VAWG as a whole', 'On domestic abuse']);
    expect(titles(child)).toEqual(['On domestic abuse']);
    // Quarters read in financial years.
    expect(JSON.stringify(child)).toContain('scrutiny review, Q3 2014/15 (planned).');
  });
});
