import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { settingUp } from './json-call.ts';

/**
 * The pages about plans, through the app's own request path over in-memory stores: a body's page
 * grouped by plan (plans in force first, earlier plans folded away), a plan's page, a plan's
 * history. Axe checks them in a real browser (infra/test/browser).
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const CSP = 'csp-a';
const api = (path: string) => `/v1/areas/${AREA}/organisations/${CSP}${path}`;

let app: ReturnType<typeof createApp>;
let key = '';

const send = settingUp(
  () => app,
  () => key,
);

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await app.request(path, { headers: { accept: 'text/html' } });
  return { status: response.status, html: await response.text() };
}

/** The text of the page in reading order, tags and spacing aside. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  ({ app } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => new Date('2026-12-01T09:00:00.000Z') }));
  await send('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' }, ADMIN_KEY);
  await send('PUT', `/v1/areas/${AREA}/organisations/${CSP}`, { name: 'Safer Alpha Partnership', kind: 'csp' }, ADMIN_KEY);
  key = (await send('POST', `/v1/areas/${AREA}/organisations/${CSP}/api-keys`, {}, ADMIN_KEY)).key!;
  const plan = (title: string, startDate: string, extra: Record<string, unknown> = {}) => ({
    title,
    kind: 'partnership-plan',
    startDate,
    visibility: 'public',
    ...extra,
  });
  await send('PUT', api('/plans/plan-2013'), plan('Partnership Plan 2013-2016', '2013-04-01', { endDate: '2016-03-31' }));
  await send(
    'PUT',
    api('/plans/plan-2016'),
    plan('Partnership Plan 2016-2019', '2016-04-01', {
      endDate: '2026-03-31',
      supersedes: 'plan-2013',
      documentUrl: 'https://www.example.gov.uk/plan-2016-2019.pdf',
    }),
  );
  await send('PUT', api('/plans/plan-2025'), plan('Partnership Plan 2025-2028', '2025-04-01', { supersedes: 'plan-2016' }));
  await send('PUT', api('/plans/secret-plan'), plan('Confidential delivery plan', '2025-04-01', { visibility: 'partners' }));
  const priority = (title: string, planId: string | undefined, extra: Record<string, unknown> = {}) => ({
    title,
    themes: ['child-sexual-exploitation'],
    visibility: 'public',
    ...(planId ? { planId } : {}),
    ...extra,
  });
  await send('PUT', api('/priorities/old-cse'), priority('Protecting vulnerable children, 2016', 'plan-2016'));
  await send('PUT', api('/priorities/new-cse'), priority('Tackling child exploitation, 2025', 'plan-2025'));
  await send('PUT', api('/priorities/done'), priority('A priority achieved', 'plan-2025', { status: 'achieved' }));
  await send('PUT', api('/priorities/loose'), priority('A priority in no plan', undefined));
  await send('PUT', api('/priorities/in-secret'), priority('A public priority in a confidential plan', 'secret-plan'));
});

describe("a body's page", () => {
  it('groups its priorities by plan: the plan in force first, then those in no plan, then earlier plans folded away', async () => {
    const { status, html } = await page(`/areas/${AREA}/bodies/${CSP}`);
    const words = text(html);

    expect(status).toBe(200);
    const order = [
      'Partnership Plan 2025-2028',
      'Tackling child exploitation, 2025',
      'A priority achieved',
      'Priorities in no plan',
      'A priority in no plan',
      'Earlier plans (2)',
      'Partnership Plan 2016-2019',
      'Protecting vulnerable children, 2016',
      'Partnership Plan 2013-2016',
    ].map((phrase) => words.indexOf(phrase));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toMatch(/<details class="govuk-details" id="earlier-plans">/);
    expect(html).toContain(`href="/areas/${AREA}/bodies/${CSP}/plans/plan-2025"`);
  });

  it('says which plan is in force and which ended, and that an achieved priority is not in force', async () => {
    const words = text((await page(`/areas/${AREA}/bodies/${CSP}`)).html);

    expect(words).toContain('Partnership plan: From 1 April 2025. In force');
    expect(words).toContain('Partnership plan: 1 April 2016 to 31 March 2025. Ended');
    expect(words).toMatch(/A priority achieved .*Status Achieved \(not in force today\)/);
  });

  it('shows the public nothing of a partners-only plan: a priority that names it stands in no plan', async () => {
    const { html } = await page(`/areas/${AREA}/bodies/${CSP}`);

    expect(html).not.toContain('Confidential delivery plan');
    expect(html).not.toContain('secret-plan');
    expect(text(html)).toMatch(/Priorities in no plan .*A public priority in a confidential plan/);
  });
});

describe("a theme's page", () => {
  it('says which priorities on the theme are not in force today', async () => {
    const words = text((await page(`/areas/${AREA}/themes/child-sexual-exploitation`)).html);

    expect(words).toMatch(/Protecting vulnerable children, 2016 Not given Active, not in force today/);
    expect(words).toMatch(/Tackling child exploitation, 2025 Not given Active /);
    expect(words).not.toMatch(/Tackling child exploitation, 2025 Not given Active, not in force/);
  });
});

describe("a plan's page", () => {
  it('shows what the plan is, its dates as they stand and why, the plans either side, its document and its priorities', async () => {
    const { status, html } = await page(`/areas/${AREA}/bodies/${CSP}/plans/plan-2016`);
    const words = text(html);

    expect(status).toBe(200);
    expect(html).toMatch(/<h1 class="govuk-heading-xl">Partnership Plan 2016-2019/);
    expect(words).toContain('Dates 1 April 2016 to 31 March 2026');
    expect(words).toContain('Today Not in force: it ended on 31 March 2025');
    expect(words).toContain(
      'Superseded by Partnership Plan 2025-2028 , from 1 April 2025: this plan ends the day before, on 31 March 2025',
    );
    expect(words).toContain('Supersedes Partnership Plan 2013-2016');
    expect(html).toContain('href="https://www.example.gov.uk/plan-2016-2019.pdf"');
    expect(words).toContain('Priorities in this plan (1)');
    expect(words).toContain('Protecting vulnerable children, 2016');
    expect(html).toContain(`href="/areas/${AREA}/history/plan/${CSP}/plan-2016"`);
  });

  it('answers page-not-found for a plan the reader may not see, or that is not there', async () => {
    expect((await page(`/areas/${AREA}/bodies/${CSP}/plans/secret-plan`)).status).toBe(404);
    expect((await page(`/areas/${AREA}/bodies/${CSP}/plans/no-such-plan`)).status).toBe(404);
  });

  it("has a history: each version's changes, dates in words", async () => {
    await send('PUT', api('/plans/plan-2013'), {
      title: 'Partnership Plan 2013-2016',
      kind: 'partnership-plan',
      startDate: '2013-04-01',
      endDate: '2016-06-30',
      visibility: 'public',
    });

    const { status, html } = await page(`/areas/${AREA}/history/plan/${CSP}/plan-2013`);
    const words = text(html);

    expect(status).toBe(200);
    expect(words).toContain('Version 2: Revised');
    expect(words).toContain('End date 31 March 2016 30 June 2016');
    expect(html).toContain(`href="/areas/${AREA}/bodies/${CSP}/plans/plan-2013"`);
  });
});
