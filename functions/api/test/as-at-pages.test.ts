import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * The overview and theme pages as at a date (`?asOf=`), through the app's own request path over
 * in-memory stores: the heading says the date, the overview marks a partnership with no plan in
 * force, and each gap says why each partnership is missing. Axe checks the overview as at a date
 * in a real browser (infra/test/browser).
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const VAWG = 'violence-against-women-and-girls';

let app: ReturnType<typeof createApp>;
const keys: Record<string, string> = {};

async function send(method: string, path: string, body: unknown, key: string) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return response.json() as Promise<{ key?: string }>;
}

async function page(path: string): Promise<{ status: number; html: string; words: string }> {
  const response = await app.request(path, { headers: { accept: 'text/html' } });
  const html = await response.text();
  const words = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
  return { status: response.status, html, words };
}

beforeAll(async () => {
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => new Date('2026-12-01T09:00:00.000Z') }));
  await send('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' }, ADMIN_KEY);
  for (const [id, name, kind] of [
    ['pcc', 'Test Police and Crime Commissioner', 'pcc'],
    ['csp-a', 'Safer Alpha Partnership', 'csp'],
    ['csp-b', 'Safer Beta Partnership', 'csp'],
    ['csp-c', 'Safer Gamma Partnership', 'csp'],
  ] as const) {
    await send('PUT', `/v1/areas/${AREA}/organisations/${id}`, { name, kind }, ADMIN_KEY);
    keys[id] = (await send('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, {}, ADMIN_KEY)).key!;
  }
  const put = (organisationId: string, path: string, body: Record<string, unknown>) =>
    send('PUT', `/v1/areas/${AREA}/organisations/${organisationId}/${path}`, { visibility: 'public', ...body }, keys[organisationId]!);
  await put('pcc', 'plans/pcp-2022', { title: 'Police and Crime Plan 2022', kind: 'police-and-crime-plan', startDate: '2022-02-04' });
  await put('pcc', 'priorities/pcc-vawg', { title: 'Tackle VAWG', themes: [VAWG], planId: 'pcp-2022' });
  // Alpha: a plan in force from 2021 to 2024, silent on VAWG. Beta: nothing. Gamma: domestic abuse only, in no plan.
  await put('csp-a', 'plans/alpha-2021', {
    title: 'Alpha Plan 2021-24',
    kind: 'community-safety-plan',
    startDate: '2021-04-01',
    endDate: '2024-03-31',
  });
  await put('csp-a', 'priorities/alpha-burglary', { title: 'Burglary', themes: ['burglary'], planId: 'alpha-2021' });
  await put('csp-c', 'priorities/gamma-da', { title: 'Domestic abuse', themes: ['domestic-abuse'] });
});

describe('the overview as at a date', () => {
  it('says the date, marks a partnership with no plan in force, and gives each missing one its reason', async () => {
    const { status, html, words } = await page(`/areas/${AREA}?asOf=2022-02-04`);

    expect(status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-xl">Joint priorities as at 4 February 2022</h1>');
    expect(html).toMatch(/<title>Joint priorities as at 4 February 2022 /);
    expect(html).toMatch(/<input class="govuk-input govuk-input--width-10" type="date" id="asOf" name="asOf" value="2022-02-04"/);
    expect(html).toContain('<label class="govuk-label" for="asOf">As at</label>');
    expect(words).toContain('No plan in force on 4 February 2022: Safer Beta Partnership has no plan or priority in force on that date');
    expect(html.match(/No plan in force on 4 February 2022<\/strong>/g)).toHaveLength(1);
    expect(words).toContain(
      'but Safer Beta Partnership has no plan or priority in force on 4 February 2022 (none published); Safer Alpha Partnership has a plan in force on 4 February 2022 that says nothing on it or any theme within it.',
    );
    expect(words).toContain('Safer Gamma Partnership covers it partly, through domestic abuse.');
  });

  it('shows what was in force before the plan: no Police and Crime Plan theme, so no gap, and Alpha without a plan then', async () => {
    const { words } = await page(`/areas/${AREA}?asOf=2021-01-15`);

    expect(words).toContain('No gaps');
    expect(words).toContain('No plan in force on 15 January 2021: Safer Alpha Partnership and Safer Beta Partnership have');
  });

  it('keeps the chosen date in the form for the next search', async () => {
    const { html } = await page(`/areas/${AREA}?asOf=2022-02-04&page=all`);
    expect(html).toContain('value="2022-02-04"');
  });

  it.each(['2022-02-30', 'yesterday'])('reports an unusable date (%s) with 400, links the field, and shows today', async (date) => {
    const { status, html, words } = await page(`/areas/${AREA}?asOf=${date}`);

    expect(status).toBe(400);
    expect(html).toContain('<a href="#asOf">The date to see the joint view as at must be a real date, like 4 February 2022</a>');
    expect(html).toContain('class="govuk-input govuk-input--width-10 govuk-input--error"');
    expect(words).toContain('Test Area: as at 1 December 2026');
  });
});

describe('a theme page as at a date', () => {
  it('says the date and gives the gap with its reasons', async () => {
    const { status, html, words } = await page(`/areas/${AREA}/themes/${VAWG}?asOf=2022-02-04`);

    expect(status).toBe(200);
    expect(words).toContain('Violence against women and girls as at 4 February 2022');
    expect(html).toContain('action="/areas/test-area/themes/violence-against-women-and-girls"');
    expect(words).toContain('Gap: Safer Beta Partnership has no plan or priority in force on 4 February 2022 (none published)');
  });

  it('shows no gap before the Police and Crime Plan came into force, and one today', async () => {
    expect((await page(`/areas/${AREA}/themes/${VAWG}?asOf=2021-06-01`)).words).not.toContain('Gap:');
    expect((await page(`/areas/${AREA}/themes/${VAWG}`)).words).toContain('Gap:');
  });

  it('refuses an unusable date with 400 and the error linked', async () => {
    const { status, html } = await page(`/areas/${AREA}/themes/${VAWG}?asOf=2022-13-01`);

    expect(status).toBe(400);
    expect(html).toContain('href="#asOf"');
  });
});
