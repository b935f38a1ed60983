import { InMemoryConnectorStore } from '@partnership-hub/store';
import {
  InMemoryDeliveryStore,
  InMemorySubscriptionStore,
  randomGenerators,
  type SubscriptionServices,
} from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inProcessConnectorServices } from '../src/connector-services.ts';
import { expectFragmentLinksOnPage, formBrowser } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Hostile or mistaken input at the edges that used to get through: absurd years, a meeting time UK
 * clocks never show, a tracker page that is not there, a request raised in another body's name, an
 * alerts form for a body that is not in the area. In-memory stores, the app's own request path.
 */
const ADMIN_KEY = 'test-admin-key';
const SECRET = 'a-session-secret-of-at-least-thirty-two-characters';
const SUBSCRIPTION = 'sub_0123456789abcdef';
const AREA = 'test-area';
const CSP = 'csp-a';
const PANEL = 'panel';
const PCC = 'pcc';
const org = (id: string) => `/v1/areas/${AREA}/organisations/${id}`;
const requestPath = (id: string) => `/v1/areas/${AREA}/requests/${id}`;
const years = (date: string) => `must be in the years 1900 to 2199 (got "${date}")`;

let app: ReturnType<typeof createApp>;
let subscriptions: SubscriptionServices;
const keys: Record<string, string> = {};
const call = jsonCaller(() => app);

const action = (overrides: Record<string, unknown> = {}) => ({
  kind: 'action',
  to: CSP,
  title: 'Report on repeat burglary',
  raisedOn: '2026-03-01',
  visibility: 'public',
  ...overrides,
});

beforeEach(async () => {
  subscriptions = {
    subscriptions: new InMemorySubscriptionStore(),
    deliveries: new InMemoryDeliveryStore(),
    queue: { enqueue: async () => {} },
    endpointPolicy: { allowLoopback: false },
    resendIntervalMs: 60_000,
    // One known id, so a test can see that no subscription was made.
    generate: { ...randomGenerators, subscriptionId: () => SUBSCRIPTION },
  };
  ({ app } = inMemoryApp(ADMIN_KEY, {
    project: true,
    sessionSecret: SECRET,
    subscriptions,
    connectors: inProcessConnectorServices({
      store: new InMemoryConnectorStore(),
      allowLoopback: false,
      resolve: async () => [{ address: '93.184.216.34', family: 4 }],
      writerFor: () => {
        throw new Error('no run in these tests');
      },
      clock: () => new Date('2026-03-01T09:00:00.000Z'),
      newRunId: () => 'run-0001',
      logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    }),
  }));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [CSP, 'csp'],
    [PANEL, 'panel'],
    [PCC, 'pcc'],
  ] as const) {
    await call('PUT', org(id), { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `${org(id)}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
});

describe('a date with an absurd year', () => {
  const plan = { title: 'Police and Crime Plan', kind: 'police-and-crime-plan', startDate: '2026-01-01', visibility: 'public' };
  const meeting = { title: 'Panel meeting', date: '2026-06-01', status: 'scheduled', visibility: 'public' };

  it.each([
    ['a priority', CSP, 'priorities/p1', { title: 'T', themes: ['burglary'], visibility: 'public', startDate: '0000-01-01' }, 'startDate'],
    ['a priority', CSP, 'priorities/p1', { title: 'T', themes: ['burglary'], visibility: 'public', endDate: '9999-12-31' }, 'endDate'],
    [
      'a work programme item',
      PANEL,
      'work-programme/w1',
      { title: 'T', themes: ['burglary'], kind: 'report', status: 'planned', visibility: 'public', date: '0206-01-01' },
      'date',
    ],
    ['a plan', PCC, 'plans/plan', { ...plan, startDate: '1066-10-14' }, 'startDate'],
    ['a meeting', PANEL, 'meetings/m1', { ...meeting, date: '2260-06-01' }, 'date'],
    [
      'any write, as its effective date',
      CSP,
      'priorities/p1',
      { title: 'T', themes: ['burglary'], visibility: 'public', effectiveDate: '0000' },
      'effectiveDate',
    ],
  ])('is refused in %s, naming the years (%s)', async (_what, body, path, sent, field) => {
    const answer = await call('PUT', `${org(body)}/${path}`, { key: keys[body]!, body: sent });
    const date = String((sent as Record<string, unknown>)[field]);
    expect([answer.status, answer.body.errors]).toEqual([400, [expect.objectContaining({ field, detail: years(date) })]]);
  });

  it("is refused in a request's dates and a protocol's review date", async () => {
    const request = await call('PUT', requestPath('r1'), {
      key: keys[PANEL]!,
      body: action({ raisedOn: '0000-01-01', meeting: { organisationId: PANEL, date: '9999-01-01' } }),
    });
    expect(request.body.errors).toEqual([
      expect.objectContaining({ field: 'raisedOn', detail: years('0000-01-01') }),
      expect.objectContaining({ field: 'meeting.date', detail: years('9999-01-01') }),
    ]);
    const protocol = await call('PUT', `/v1/areas/${AREA}/protocols/sharing`, {
      key: keys[CSP]!,
      body: { title: 'Sharing', parties: [CSP, PCC], summary: 'What we share', reviewDate: '2999-01-01', visibility: 'public' },
    });
    expect([protocol.status, protocol.body.errors]).toEqual([
      400,
      [expect.objectContaining({ field: 'reviewDate', detail: years('2999-01-01') })],
    ]);
  });

  it("is refused as a plan variation's response date", async () => {
    const plans = `${org(PCC)}/plans/plan`;
    expect((await call('PUT', plans, { key: keys[PCC]!, body: plan })).status).toBe(201);
    const started = await call('POST', `${plans}/variations`, {
      key: keys[PCC]!,
      body: { title: 'V', summary: 'S', visibility: 'public' },
    });
    await call('POST', `${started.body.url}/steps/chief-constable-consulted`, { key: keys[PCC]! });
    const sent = await call('POST', `${started.body.url}/steps/sent-to-panel`, {
      key: keys[PCC]!,
      body: { responseDueDate: '0000-02-01' },
    });
    expect([sent.status, sent.body.errors]).toEqual([
      400,
      [expect.objectContaining({ field: 'responseDueDate', detail: years('0000-02-01') })],
    ]);
  });

  it('is refused as the date to see the joint view as at, in the API and on the pages', async () => {
    const api = await call('GET', `/v1/areas/${AREA}/joint-priorities?asOf=0000-01-01`);
    expect([api.status, api.body.errors]).toEqual([400, [expect.objectContaining({ field: 'asOf', detail: years('0000-01-01') })]]);
    const page = await formBrowser(app).get(`/areas/${AREA}?asOf=0000-01-01`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('The date to see the joint view as at must be between 1 January 1900 and 31 December 2199');
    expect((await call('GET', `/v1/areas/${AREA}/joint-priorities?asOf=1999-01-01`)).status).toBe(200);
  });

  it('still takes the first and last days of the years', async () => {
    for (const [startDate, endDate] of [['1900-01-01', '2199-12-31']])
      expect((await call('PUT', `${org(PCC)}/plans/plan`, { key: keys[PCC]!, body: { ...plan, startDate, endDate } })).status).toBe(201);
  });
});

describe('a meeting time UK clocks never show', () => {
  const meeting = (date: string, time: string) => ({ title: 'Panel meeting', date, time, status: 'scheduled', visibility: 'public' });

  it('is refused in the hour the clocks go forward, saying so', async () => {
    const answer = await call('PUT', `${org(PANEL)}/meetings/m1`, { key: keys[PANEL]!, body: meeting('2026-03-29', '01:30') });
    expect([answer.status, answer.body.errors]).toEqual([
      400,
      [
        expect.objectContaining({
          field: 'time',
          detail:
            'is 01:30 on 29 March 2026, when the clocks go forward: at 01:00 they go forward to 02:00, so UK clocks never show 01:30. Give the time as UK clocks will show it',
        }),
      ],
    ]);
  });

  it('is taken in the hour that happens twice when the clocks go back, and either side of the skipped hour', async () => {
    for (const [id, date, time] of [
      ['autumn', '2026-10-25', '01:30'],
      ['before', '2026-03-29', '00:59'],
      ['after', '2026-03-29', '02:00'],
    ])
      expect((await call('PUT', `${org(PANEL)}/meetings/${id}`, { key: keys[PANEL]!, body: meeting(date!, time!) })).status, id).toBe(201);
  });
});

describe("the tracker's page number", () => {
  const tracker = (page: string) => formBrowser(app).get(`/areas/${AREA}/tracker?page=${page}`);

  it.each(['abc', '-1', '1e9', '0', '1.5', '99999', '2'])(
    'answers ?page=%s, a page that is not there, with 400 and an error summary',
    async (page) => {
      expect((await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: action() })).status).toBe(201);
      const answer = await tracker(page);
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('<title>Error: Requests tracker');
      expect(answer.html).toContain('<a href="#requests">There is only one page of requests</a>');
      // The first page is shown below it.
      expect(answer.html).toContain(`href="/areas/${AREA}/requests/r1"`);
      expectFragmentLinksOnPage(answer.html);
    },
  );

  it('still takes page 1, all, and no page at all', async () => {
    for (const page of ['1', 'all', '']) expect((await tracker(page)).status, page).toBe(200);
  });
});

describe("the tracker's filters", () => {
  const tracker = (query: string) => formBrowser(app).get(`/areas/${AREA}/tracker?${query}`);
  const listed = (html: string) => [...html.matchAll(/href="\/areas\/test-area\/requests\/([\w-]+)"/g)].map((match) => match[1]);

  beforeEach(async () => {
    expect((await call('PUT', requestPath('to-csp'), { key: keys[PANEL]!, body: action() })).status).toBe(201);
    expect((await call('PUT', requestPath('to-pcc'), { key: keys[PANEL]!, body: action({ to: PCC }) })).status).toBe(201);
  });

  it('keeps the good filters when one is bad, and names the bad one in an error summary (400)', async () => {
    const answer = await tracker(`to=${CSP}&status=bogus`);
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('<title>Error: Requests tracker');
    expect(answer.html).toContain('<a href="#filter-status">Choose a status from the list</a>');
    expect(listed(answer.html)).toEqual(['to-csp']);
    // The good filter stays chosen in the form and in the links; the bad one is not carried on.
    expect(answer.html).toContain(`<option value="${CSP}" selected="">`);
    expectFragmentLinksOnPage(answer.html);
  });

  it("names each filter it cannot use, a body that is not the area's among them, with the page number", async () => {
    const answer = await tracker('from=nobody&to=NOT%20A%20SLUG&kind=wish&theme=weather&organisation=elsewhere&page=7');
    expect(answer.status).toBe(400);
    const summary = /<ul class="govuk-list govuk-error-summary__list">(.*?)<\/ul>/s.exec(answer.html)?.[1] ?? '';
    expect([...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[1], match[2]])).toEqual([
      ['#filter-from', 'Choose the body that asked from the list'],
      ['#filter-to', 'Choose the body asked from the list'],
      ['#filter-kind', 'Choose a kind of request from the list'],
      ['#filter-theme', 'Choose a theme from the list'],
      ['#filter-organisation', 'Choose a body of the area'],
      ['#requests', 'There is only one page of requests'],
    ]);
    expect(listed(answer.html).sort()).toEqual(['to-csp', 'to-pcc']);
    expectFragmentLinksOnPage(answer.html);
  });

  it("keeps a body's requests chosen through the filter form: the body page's link has its control", async () => {
    const answer = await tracker(`organisation=${CSP}`);
    expect(answer.status).toBe(200);
    const control =
      /<select class="govuk-select" id="filter-organisation" name="organisation">(.*?)<\/select>/s.exec(answer.html)?.[1] ?? '';
    expect(control).toContain(`<option value="${CSP}" selected="">`);
    expect(answer.html).toContain('<label class="govuk-label" for="filter-organisation">Asked by or of</label>');
  });

  it('takes the filter form as it is sent, an empty choice being "Any"', async () => {
    const answer = await tracker(`from=&to=${PCC}&kind=&status=&theme=`);
    expect(answer.status).toBe(200);
    expect(listed(answer.html)).toEqual(['to-pcc']);
  });
});

describe('a request whose "from" names another body', () => {
  it('is refused (403), changing nothing; its own body in "from" is taken', async () => {
    const forged = await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: action({ from: PCC }) });
    expect([forged.status, forged.body.detail]).toEqual([
      403,
      `"from" is "pcc", but this key is panel's: a body raises requests only in its own name. Send "from": "panel", or leave it out.`,
    ]);
    expect((await call('GET', requestPath('r1'))).status).toBe(404);

    const own = await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: action({ from: PANEL }) });
    expect([own.status, own.body.version]).toEqual([201, 1]);
    // A GET sent back unchanged is the same request: nothing new is recorded.
    const read = (await call('GET', requestPath('r1'))).body;
    const again = await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: read });
    expect([again.status, again.body.version]).toEqual([200, 1]);
    const changed = await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: { ...read, title: 'Changed', from: CSP } });
    expect(changed.status).toBe(403);
  });

  it('is refused in "organisationId" too (a request\'s address names no body), as it is in "from"', async () => {
    const forged = await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: action({ organisationId: PCC }) });
    expect([forged.status, forged.body.detail]).toEqual([
      403,
      `"organisationId" is "pcc", but this key is panel's: a body raises requests only in its own name. Send "organisationId": "panel", or leave it out.`,
    ]);
    expect((await call('GET', requestPath('r1'))).status).toBe(404);
    expect((await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: action({ organisationId: PANEL }) })).status).toBe(201);
  });

  it("is told first that the request is another body's, when it is", async () => {
    await call('PUT', requestPath('r1'), { key: keys[PANEL]!, body: action() });
    const taken = await call('PUT', requestPath('r1'), { key: keys[PCC]!, body: action({ from: PANEL }) });
    expect([taken.status, taken.body.detail]).toEqual([403, expect.stringContaining('was raised by panel')]);
  });
});

describe('a protocol PUT whose "proposedBy" names another body', () => {
  const protocolPath = `/v1/areas/${AREA}/protocols/sharing`;
  const protocol = (overrides: Record<string, unknown> = {}) => ({
    title: 'Information sharing',
    parties: [PANEL, CSP],
    summary: 'What the panel and the partnership share.',
    visibility: 'public',
    ...overrides,
  });

  it('is refused (403), changing nothing; its own body, or the proposer its GET answered sent back, is taken', async () => {
    const forged = await call('PUT', protocolPath, { key: keys[PANEL]!, body: protocol({ proposedBy: CSP }) });
    expect([forged.status, forged.body.detail]).toEqual([
      403,
      `"proposedBy" is "csp-a", but this key is panel's: a body proposes protocol versions only in its own name. Send "proposedBy": "panel", or leave it out.`,
    ]);
    expect((await call('GET', protocolPath)).status).toBe(404);
    const own = await call('PUT', protocolPath, { key: keys[PANEL]!, body: protocol({ proposedBy: PANEL }) });
    expect([own.status, own.body.version]).toEqual([201, 1]);

    // The other party reads it, edits it and sends it back: the panel's name is what the GET answered, and the new version is the CSP's.
    const read = (await call('GET', protocolPath)).body;
    expect(read.proposedBy).toBe(PANEL);
    const revised = await call('PUT', protocolPath, { key: keys[CSP]!, body: { ...read, summary: 'A revised summary.' } });
    expect([revised.status, revised.body.version]).toEqual([200, 2]);
    expect((await call('GET', protocolPath)).body.proposedBy).toBe(CSP);
    // Naming a body other than the caller's and the current proposer, or naming another in organisationId, is refused.
    const stale = await call('PUT', protocolPath, { key: keys[CSP]!, body: { ...read, summary: 'Another summary.' } });
    expect([stale.status, stale.body.detail]).toEqual([403, expect.stringContaining('"proposedBy" is "panel"')]);
    const foreign = await call('PUT', protocolPath, { key: keys[PANEL]!, body: protocol({ summary: 'Third.', organisationId: CSP }) });
    expect([foreign.status, foreign.body.detail]).toEqual([403, expect.stringContaining('"organisationId" is "csp-a"')]);
    expect((await call('GET', protocolPath)).body.version).toBe(2);
  });
});

describe("a connector's address", () => {
  const connector = (baseUrl: string) => ({ kind: 'moderngov', baseUrl, committees: [{ committeeId: '650', organisationId: PANEL }] });

  it.each([
    ['a fragment', 'https://democracy.example.gov.uk/mgWebService.asmx#frag', 'no "?" query or "#" fragment'],
    ['a user name and password', 'https://user:pw@democracy.example.gov.uk/mgWebService.asmx', 'must not carry a user name or password'],
    ['a user name', 'https://user@democracy.example.gov.uk/mgWebService.asmx', 'must not carry a user name or password'],
  ])('is refused with %s', async (_what, baseUrl, words) => {
    const answer = await call('PUT', `/v1/areas/${AREA}/connectors/council`, { key: ADMIN_KEY, body: connector(baseUrl) });
    expect([answer.status, answer.body.errors]).toEqual([
      400,
      [expect.objectContaining({ field: 'baseUrl', detail: expect.stringContaining(words) })],
    ]);
  });
});

describe('the alerts form for a body or theme that is not in the area', () => {
  it('is shown again with an error summary and what was typed, for the whole area, and sends nothing', async () => {
    const visitor = formBrowser(app);
    await visitor.get(`/areas/${AREA}/alerts?body=${CSP}`);
    const sent = await visitor.send(`/areas/${AREA}/alerts`, { body: 'no-such-body', email: 'sam@example.org', mode: 'daily-digest' });
    expect(sent.status).toBe(400);
    expect(sent.html).toContain('<title>Error: Get email alerts');
    expect(sent.html).toContain(
      '<a href="#field-about">There is no body called no-such-body in Test Area, so these alerts would be about every change in it</a>',
    );
    expect(sent.html).toContain('value="sam@example.org"');
    expect(sent.html).toMatch(/value="daily-digest"[^>]*checked/);
    expect(sent.html).not.toContain('name="body"');
    expectFragmentLinksOnPage(sent.html);
    expect(await subscriptions.subscriptions.get(SUBSCRIPTION)).toBeUndefined();

    const theme = await visitor.send(`/areas/${AREA}/alerts`, { theme: 'no-such-theme', email: 'nope' });
    expect(theme.status).toBe(400);
    expect(theme.html).toContain('There is no theme called no-such-theme in Test Area');
    expect(theme.html).toContain('href="#field-email"');
  });
});
