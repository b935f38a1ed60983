import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Recorded time and effective time through the API's own request path, over in-memory stores that
 * project every write at once: a write may say when its change happened in the world and where
 * that is written down; the log keeps it beside when the hub recorded the change and for whom,
 * and the history and item pages show both.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const CSP = 'csp-a';
const body = `/v1/areas/${AREA}/organisations/${CSP}`;

let app: ReturnType<typeof createApp>;
let eventLog: ReturnType<typeof inMemoryApp>['eventLog'];
let key: string;

const call = jsonCaller(() => app);

const plan = {
  title: 'Safer Alpha Partnership Plan 2016–19',
  kind: 'partnership-plan',
  startDate: '2016-04-01',
  endDate: '2019-03-31',
  visibility: 'public',
};
const source = { document: 'Safer Alpha Partnership Plan 2016–19', section: 'section 3', url: 'https://example.org/plan-2016.pdf' };
const priority = {
  title: 'Protecting vulnerable children',
  themes: ['child-sexual-exploitation'],
  planId: 'plan-2016',
  visibility: 'public',
};

const stream = async (
  subjectType: 'plan' | 'priority' | 'work-programme-item' | 'protocol',
  id: string,
  organisationId: string | null = CSP,
) => eventLog.stream({ areaId: AREA, subjectType, organisationId, id });

beforeEach(async () => {
  ({ app, eventLog } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => new Date('2026-12-01T10:00:00.000Z') }));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  await call('PUT', body, { key: ADMIN_KEY, body: { name: 'Safer Alpha Partnership', kind: 'csp' } });
  await call('PUT', `/v1/areas/${AREA}/organisations/csp-b`, { key: ADMIN_KEY, body: { name: 'Safer Beta Partnership', kind: 'csp' } });
  key = (await call('POST', `${body}/api-keys`, { key: ADMIN_KEY })).body.key;
});

describe('a write that says when its change happened, and where', () => {
  it('keeps the effective date and source on the event, beside when the hub recorded it and for whom', async () => {
    const put = await call('PUT', `${body}/plans/plan-2016`, { key, body: { ...plan, effectiveDate: '2016-03', source } });
    expect(put.status).toBe(201);

    const [event] = await stream('plan', 'plan-2016');
    expect(event!.detail).toMatchObject({
      occurredAt: '2026-12-01T10:00:00.000Z',
      actor: { kind: 'key', organisationId: CSP },
      change: { effectiveDate: '2016-03', source },
    });
    expect(event!.detail.data).not.toHaveProperty('effectiveDate');
    expect(event!.detail.data).not.toHaveProperty('source');
  });

  it('records nothing when the same content comes again with only another effective date or source', async () => {
    await call('PUT', `${body}/plans/plan-2016`, { key, body: { ...plan, effectiveDate: '2016-03', source } });
    const again = await call('PUT', `${body}/plans/plan-2016`, {
      key,
      body: { ...plan, effectiveDate: '2016-04-01', source: { document: 'Another document' } },
    });
    expect(again).toMatchObject({ status: 200, body: { version: 1 } });
    expect(await stream('plan', 'plan-2016')).toHaveLength(1);
  });

  it('takes them on priorities, work programme items and protocols too', async () => {
    await call('PUT', `${body}/plans/plan-2016`, { key, body: plan });
    expect((await call('PUT', `${body}/priorities/p1`, { key, body: { ...priority, effectiveDate: '2016', source } })).status).toBe(201);
    const item = { title: 'Review of CSE services', themes: ['child-sexual-exploitation'], kind: 'scrutiny-review', status: 'completed' };
    const scheduled = await call('PUT', `${body}/work-programme/wp1`, {
      key,
      body: { ...item, date: '2014-10-01', visibility: 'public', effectiveDate: '2015-01-20', source: { document: 'Minutes' } },
    });
    expect(scheduled.status).toBe(201);
    const protocol = { title: 'Joint working protocol', parties: [CSP, 'csp-b'], summary: 'Who does what.', visibility: 'public' };
    const drafted = await call('PUT', `/v1/areas/${AREA}/protocols/jwp`, { key, body: { ...protocol, effectiveDate: '2015-06' } });
    expect(drafted.status).toBe(201);

    expect((await stream('priority', 'p1'))[0]!.detail.change).toEqual({ effectiveDate: '2016', source });
    expect((await stream('work-programme-item', 'wp1'))[0]!.detail.change).toEqual({
      effectiveDate: '2015-01-20',
      source: { document: 'Minutes' },
    });
    expect((await stream('protocol', 'jwp', null))[0]!.detail.change).toEqual({ effectiveDate: '2015-06' });
  });

  it('leaves the change off an event whose write said nothing about it', async () => {
    await call('PUT', `${body}/plans/plan-2016`, { key, body: plan });
    expect((await stream('plan', 'plan-2016'))[0]!.detail).not.toHaveProperty('change');
  });

  it.each([
    ['a month that is not one', { effectiveDate: '2016-13' }, 'effectiveDate'],
    ['a date written the British way', { effectiveDate: '16/03/2016' }, 'effectiveDate'],
    ['a day that is not in the month', { effectiveDate: '2016-02-30' }, 'effectiveDate'],
    ['a source without its document', { source: { section: 'section 3' } }, 'source.document'],
    ['a source address that is not http(s)', { source: { document: 'Plan', url: 'javascript:alert(1)' } }, 'source.url'],
    ['a source with a line break', { source: { document: 'Plan\nrefreshed' } }, 'source.document'],
    ['a source as plain text', { source: 'Plan, section 3' }, 'source'],
  ])('refuses %s with 400, naming the field', async (_, change, field) => {
    const answer = await call('PUT', `${body}/plans/plan-2016`, { key, body: { ...plan, ...change } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await stream('plan', 'plan-2016')).toHaveLength(0);
  });
});

describe('imports', () => {
  beforeEach(async () => {
    await call('PUT', `${body}/plans/plan-2016`, { key, body: plan });
  });

  it('take effectiveDate and source columns, applying to each row’s change', async () => {
    const csv = [
      'id,title,themes,planId,visibility,effectiveDate,source,sourceSection,sourceUrl',
      `p1,Protecting vulnerable children,child-sexual-exploitation,plan-2016,public,2016-03,${source.document},section 3,${source.url}`,
      'p2,Reducing reoffending,reoffending,plan-2016,public,,,,',
    ].join('\n');
    const answer = await call('POST', `${body}/priorities/import`, { key, body: csv, contentType: 'text/csv' });
    expect(answer).toMatchObject({ status: 200, body: { created: 2 } });
    expect((await stream('priority', 'p1'))[0]!.detail.change).toEqual({ effectiveDate: '2016-03', source });
    expect((await stream('priority', 'p2'))[0]!.detail).not.toHaveProperty('change');
  });

  it('take them as fields of each JSON item, and refuse a bad one by line and field', async () => {
    const ok = await call('POST', `${body}/priorities/import`, {
      key,
      body: [{ id: 'p1', ...priority, effectiveDate: '2016-03-31', source: { document: 'Plan' } }],
    });
    expect(ok.status).toBe(200);
    expect((await stream('priority', 'p1'))[0]!.detail.change).toEqual({ effectiveDate: '2016-03-31', source: { document: 'Plan' } });

    const bad = await call('POST', `${body}/priorities/import`, { key, body: [{ id: 'p2', ...priority, effectiveDate: '2016-13' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'items[0].effectiveDate', line: 1 })]);
  });

  it('record nothing for the same file again with only other effective dates', async () => {
    const file = (effectiveDate: string) => [{ id: 'p1', ...priority, effectiveDate }];
    await call('POST', `${body}/priorities/import`, { key, body: file('2016') });
    const again = await call('POST', `${body}/priorities/import`, { key, body: file('2017') });
    expect(again.body).toMatchObject({ created: 0, revised: 0, unchanged: 1 });
    expect(await stream('priority', 'p1')).toHaveLength(1);
  });
});

describe('pages', () => {
  const page = async (path: string) => {
    const response = await app.request(path);
    return { status: response.status, html: await response.text() };
  };

  it('history shows when a change happened in the world and when the hub recorded it', async () => {
    await call('PUT', `${body}/plans/plan-2016`, { key, body: { ...plan, effectiveDate: '2016-03', source } });
    await call('PUT', `${body}/plans/plan-2016`, { key, body: { ...plan, endDate: '2020-03-31' } });

    const { status, html } = await page(`/areas/${AREA}/history/plan/${CSP}/plan-2016`);
    expect(status).toBe(200);
    expect(html).toContain(
      'Published March 2016 in <a class="govuk-link" href="https://example.org/plan-2016.pdf" rel="noreferrer noopener">the Safer Alpha Partnership Plan 2016–19</a> (source: section 3); recorded in the hub 1 December 2026 at 10:00 (UTC) by Safer Alpha Partnership.',
    );
    expect(html).toContain('Recorded in the hub 1 December 2026 at 10:00 (UTC) by Safer Alpha Partnership.');
  });

  it('an item’s page shows the source of its latest change', async () => {
    await call('PUT', `${body}/plans/plan-2016`, { key, body: { ...plan, effectiveDate: '2016-03', source } });
    await call('PUT', `${body}/priorities/p1`, {
      key,
      body: { ...priority, effectiveDate: '2016', source: { document: 'The PCC’s plan' } },
    });

    const planPage = await page(`/areas/${AREA}/bodies/${CSP}/plans/plan-2016`);
    expect(planPage.html).toContain('<dt class="govuk-summary-list__key">Source</dt>');
    expect(planPage.html).toContain('March 2016, in <a class="govuk-link" href="https://example.org/plan-2016.pdf"');
    const bodyPage = await page(`/areas/${AREA}/bodies/${CSP}`);
    expect(bodyPage.html).toContain('In 2016, in The PCC’s plan');
  });
});
