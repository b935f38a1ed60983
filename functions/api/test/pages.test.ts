import { type Audience, buildJointView, toViewRecord, type ViewRecord } from '@partnership-hub/domain';
import { type HubEvent, parseHubEvent } from '@partnership-hub/events';
import {
  type ApiKeyRecord,
  type ApiKeyStore,
  type EventLog,
  InMemoryApiKeyStore,
  inMemoryRateLimiter,
  type SubjectRef,
  subjectRef,
  type ViewStore,
} from '@partnership-hub/store';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';
import { withoutGovukBrand } from '../src/pages/assets.ts';
import { calendarGroups } from '../src/pages/calendar-page.tsx';
import { fieldChanges, listChanges } from '../src/pages/history-diff.ts';
import { bodiesOnPage, filterJointView, inPeriod, parseOverviewFilters } from '../src/pages/overview-filters.ts';
import { safeReturnPath } from '../src/pages/session.ts';
import { requestLimits } from '../src/rate-limits.ts';
import { expectFragmentLinksOnPage } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * The browser pages through the app's own request path (`app.request`), over in-memory stores
 * that fold the same events the projector folds. The journeys in a real browser, and axe, are in
 * infra/test/browser.
 */
const AREA = 'test-area';
const SECRET = 'test-session-secret-of-enough-length';
const PCC_KEY = 'phk_test-pcc-key';
const NOW = new Date('2026-03-01T09:00:00.000Z');
let sequence = 0;

function event(
  detailType: string,
  subject: { type: string; id: string; version: number },
  organisationId: string | null,
  data: Record<string, unknown>,
  visibility = 'public',
  occurredAt = '2026-01-10T10:00:00.000Z',
): HubEvent {
  return parseHubEvent(detailType, {
    eventId: `01EVENT${String(++sequence).padStart(6, '0')}`,
    schemaVersion: 1,
    occurredAt,
    areaId: AREA,
    organisationId,
    subject,
    actor: organisationId ? { kind: 'key', organisationId } : { kind: 'admin' },
    visibility,
    data,
  });
}

const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tackle domestic abuse',
  themes: ['domestic-abuse'],
  lead: 'Head of Community Safety',
  outcomes: ['Fewer repeat victims'],
  indicators: ['Repeat referrals to MARAC'],
  status: 'active',
  supports: [],
  visibility: 'public',
  ...overrides,
});

const events: HubEvent[] = [
  event('AreaRegistered', { type: 'area', id: AREA, version: 1 }, null, { name: 'Test Area' }),
  ...(
    [
      ['test-pcc', 'Test Police and Crime Commissioner', 'pcc'],
      ['test-panel', 'Test Police and Crime Panel', 'panel'],
      ['csp-a', 'Safer Alpha Partnership', 'csp'],
      ['csp-b', 'Safer Beta Partnership', 'csp'],
      ['scrutiny-a', 'Alpha Scrutiny Committee', 'scrutiny-committee'],
      // A partner that publishes nothing of its own: asked things of, never a column of the matrix.
      ['test-inspectorate', 'Test Inspectorate', 'partner'],
    ] as const
  ).map(([id, name, kind]) => event('OrganisationRegistered', { type: 'organisation', id, version: 1 }, id, { name, kind })),
  event(
    'PriorityPublished',
    { type: 'priority', id: 'vawg', version: 1 },
    'test-pcc',
    priority({ title: 'Violence against women and girls', themes: ['violence-against-women-and-girls'] }),
  ),
  event('PriorityPublished', { type: 'priority', id: 'da', version: 1 }, 'csp-a', priority()),
  event(
    'PriorityRevised',
    { type: 'priority', id: 'da', version: 2 },
    'csp-a',
    {
      ...priority({ lead: 'Director of Public Health', indicators: ['Repeat referrals to MARAC', 'Arrests for breach'] }),
      changedFields: ['indicators', 'lead'],
    },
    'public',
    '2026-02-01T10:00:00.000Z',
  ),
  event(
    'PriorityRevised',
    { type: 'priority', id: 'da', version: 3 },
    'csp-a',
    {
      ...priority({
        lead: 'Director of Public Health',
        indicators: ['Repeat referrals to MARAC', 'Arrests for breach'],
        outcomes: ['A confidential outcome'],
        visibility: 'partners',
      }),
      changedFields: ['outcomes', 'visibility'],
    },
    'partners',
    '2026-02-02T10:00:00.000Z',
  ),
  event('WorkProgrammeItemScheduled', { type: 'work-programme-item', id: 'review', version: 1 }, 'scrutiny-a', {
    title: 'Review of domestic abuse services',
    themes: ['domestic-abuse'],
    kind: 'scrutiny-review',
    quarter: '2026-Q2',
    status: 'planned',
    priorities: [],
    visibility: 'public',
  }),
  event('WorkProgrammeItemScheduled', { type: 'work-programme-item', id: 'panel-da', version: 1 }, 'test-panel', {
    title: 'Panel look at domestic abuse',
    themes: ['domestic-abuse'],
    kind: 'report',
    date: '2026-05-12',
    status: 'planned',
    priorities: [],
    visibility: 'public',
  }),
  event(
    'WorkProgrammeItemScheduled',
    { type: 'work-programme-item', id: 'secret', version: 1 },
    'test-pcc',
    {
      title: 'Confidential board update',
      themes: ['public-confidence'],
      kind: 'report',
      quarter: '2026-Q1',
      status: 'planned',
      priorities: [],
      visibility: 'partners',
    },
    'partners',
  ),
  event('ProtocolVersionProposed', { type: 'protocol', id: 'mou', version: 1 }, 'test-panel', {
    title: 'Memorandum of Understanding',
    parties: ['test-panel', 'test-pcc'],
    summary: 'How the panel and the PCC work together.',
    visibility: 'public',
    version: 1,
    proposedBy: 'test-panel',
    agreements: [],
    status: 'draft',
  }),
  event('ProtocolAgreed', { type: 'protocol', id: 'mou', version: 2 }, 'test-pcc', {
    title: 'Memorandum of Understanding',
    parties: ['test-panel', 'test-pcc'],
    summary: 'How the panel and the PCC work together.',
    visibility: 'public',
    version: 1,
    proposedBy: 'test-panel',
    agreements: [{ organisationId: 'test-pcc', version: 1, agreedAt: '2026-01-20T10:00:00.000Z' }],
    status: 'draft',
    agreedBy: 'test-pcc',
  }),
  event('ProtocolVersionProposed', { type: 'protocol', id: 'mou', version: 3 }, 'test-panel', {
    title: 'Memorandum of Understanding',
    parties: ['test-panel', 'test-pcc'],
    summary: 'How the panel and the PCC work together, reviewed yearly.',
    reviewDate: '2027-01-31',
    visibility: 'public',
    version: 2,
    proposedBy: 'test-panel',
    agreements: [{ organisationId: 'test-pcc', version: 1, agreedAt: '2026-01-20T10:00:00.000Z' }],
    status: 'draft',
  }),
];

/** A large area, to page: a PCC (one current priority, one superseded) and 25 CSPs, of which only the first has work on the plan's theme. */
const BIG = 'big-area';
const inBig = (
  detailType: string,
  subject: { type: string; id: string; version: number },
  organisationId: string | null,
  data: Record<string, unknown>,
) =>
  parseHubEvent(detailType, {
    eventId: `01BIG${String(++sequence).padStart(6, '0')}`,
    schemaVersion: 1,
    occurredAt: '2026-01-10T10:00:00.000Z',
    areaId: BIG,
    organisationId,
    subject,
    actor: organisationId ? { kind: 'key', organisationId } : { kind: 'admin' },
    visibility: 'public',
    data,
  });
const BIG_CSPS = Array.from({ length: 25 }, (_, index) => `csp-${String(index + 1).padStart(2, '0')}`);
events.push(
  inBig('AreaRegistered', { type: 'area', id: BIG, version: 1 }, null, { name: 'Big Area' }),
  inBig('OrganisationRegistered', { type: 'organisation', id: 'big-pcc', version: 1 }, 'big-pcc', {
    name: 'Big Police and Crime Commissioner',
    kind: 'pcc',
  }),
  ...BIG_CSPS.map((id) =>
    inBig('OrganisationRegistered', { type: 'organisation', id, version: 1 }, id, {
      name: `Safer Town ${id.slice(4)} Partnership`,
      kind: 'csp',
    }),
  ),
  inBig(
    'PriorityPublished',
    { type: 'priority', id: 'plan-2026-vawg', version: 1 },
    'big-pcc',
    priority({ title: 'Violence against women and girls', themes: ['violence-against-women-and-girls'] }),
  ),
  inBig(
    'PriorityPublished',
    { type: 'priority', id: 'plan-2016-vawg', version: 1 },
    'big-pcc',
    priority({ title: 'Protecting vulnerable people', themes: ['violence-against-women-and-girls'], status: 'superseded' }),
  ),
  inBig('WorkProgrammeItemScheduled', { type: 'work-programme-item', id: 'vawg-review', version: 1 }, 'csp-01', {
    title: 'Safe streets at night',
    themes: ['violence-against-women-and-girls'],
    kind: 'report',
    quarter: '2026-Q2',
    status: 'planned',
    priorities: [],
    visibility: 'public',
  }),
);

/** Stores that hold what the projector would hold after these events: the latest record of each subject and the joint view per audience. */
function inMemoryDeps({
  revokedKeyIds,
  ...options
}: {
  sessionSecret?: string;
  assetsDir?: string;
  revokedKeyIds?: string[];
  requestLimits?: ApiDeps['requestLimits'];
  clientAddress?: ApiDeps['clientAddress'];
  logger?: ApiDeps['logger'];
} = {}): ApiDeps {
  const records = new Map<string, ViewRecord>();
  for (const stored of events) {
    const record = toViewRecord(stored);
    records.set(`${record.subjectType}#${record.organisationId}#${record.id}`, record);
  }
  const all = () => [...records.values()];
  const views = {
    areas: async () =>
      all()
        .filter((record) => record.subjectType === 'area')
        .map((record) => ({ areaId: record.areaId, name: (record.state as { name: string }).name })),
    list: async (areaId: string, filter?: { subjectType: string; organisationId?: string }) =>
      all().filter(
        (record) =>
          record.areaId === areaId &&
          (!filter ||
            (record.subjectType === filter.subjectType && (!filter.organisationId || record.organisationId === filter.organisationId))),
      ),
    get: async (areaId: string, subjectType: string, _organisationId: string | null, id: string) =>
      all().find((record) => record.areaId === areaId && record.subjectType === subjectType && record.id === id),
    jointView: async (areaId: string, audience: Audience) =>
      all().some((record) => record.areaId === areaId)
        ? {
            body: JSON.stringify(
              buildJointView(
                areaId,
                all().filter((record) => record.areaId === areaId),
                audience,
                '2026-03-01',
              ),
            ),
            revision: 1,
            asOf: '2026-03-01',
          }
        : undefined,
  } as unknown as ViewStore;
  const sameRef = (a: SubjectRef, b: SubjectRef) =>
    a.areaId === b.areaId && a.subjectType === b.subjectType && a.organisationId === b.organisationId && a.id === b.id;
  const streamOf = (ref: SubjectRef) => events.filter((candidate) => sameRef(subjectRef(candidate.detail), ref));
  const eventLog = {
    stream: async (ref: SubjectRef) => streamOf(ref),
    // An item's page reads the head of its stream, as the record its last event leaves.
    current: async (ref: SubjectRef) => {
      const last = streamOf(ref).at(-1);
      return last ? toViewRecord(last) : undefined;
    },
  } as unknown as EventLog;
  const keys: ApiKeyRecord[] = [
    { keyHash: hashKey(PCC_KEY), keyId: 'pcckey', areaId: AREA, organisationId: 'test-pcc', createdAt: NOW.toISOString() },
  ];
  // The pages' key sessions are kept as the in-memory store keeps them; the keys and their revocation are this fake's.
  const sessions = new InMemoryApiKeyStore();
  const apiKeys = {
    find: async (keyHash: string) => keys.find((key) => key.keyHash === keyHash),
    status: async (_areaId: string, _organisationId: string, keyId: string) =>
      revokedKeyIds?.includes(keyId) ? 'revoked' : keys.some((key) => key.keyId === keyId) ? 'active' : 'unknown',
    startSession: (session) => sessions.startSession(session),
    findSession: (sessionHash) => sessions.findSession(sessionHash),
    endSession: (sessionHash) => sessions.endSession(sessionHash),
  } as Pick<ApiKeyStore, 'find' | 'status' | 'startSession' | 'findSession' | 'endSession'> as ApiKeyStore;
  return {
    eventLog,
    views,
    apiKeys,
    adminKeyHash: '0'.repeat(64),
    clock: () => NOW,
    newEventId: () => 'unused',
    newApiKey: () => 'unused',
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    ...options,
  };
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

async function page(app: ReturnType<typeof createApp>, path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers: { ...HTML, ...headers } });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** Cookies from Set-Cookie headers, as a Cookie header would send them back. */
function cookiesOf(response: Response, existing: Record<string, string> = {}): Record<string, string> {
  const jar = { ...existing };
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = pair!.split('=');
    if (/Max-Age=0/i.test(header)) delete jar[name!];
    else jar[name!] = value.join('=');
  }
  return jar;
}
const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
const csrfFrom = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)?.[1];

async function signedIn(app: ReturnType<typeof createApp>, key = PCC_KEY, base = 'http://localhost', headers: Record<string, string> = {}) {
  const form = await app.request(`${base}/sign-in`, { headers: { ...HTML, ...headers } });
  let jar = cookiesOf(form);
  const token = csrfFrom(await form.text())!;
  const response = await app.request(`${base}/sign-in`, {
    method: 'POST',
    headers: { ...HTML, ...headers, cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken: token, accessKey: key, return: '/' }).toString(),
  });
  jar = cookiesOf(response, jar);
  return { response, jar };
}

describe('the front door', () => {
  it('answers browsers with the start page and API clients with the JSON index', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const browser = await page(app, '/');
    const json = await app.request('/', { headers: { accept: 'application/json' } });
    const plain = await app.request('/');
    expect(browser.headers.get('content-type')).toContain('text/html');
    expect(browser.html).toMatch(/^<!DOCTYPE html><html lang="en-GB"/);
    expect(browser.html).toContain('Go to a police force area');
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(await json.json()).toMatchObject({ name: 'Partnership Hub' });
    expect(plain.headers.get('content-type')).toContain('application/json');
  });

  it('sends the area form on to the area, and says what is wrong with an empty one', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const go = await app.request('/areas?area=test-area', { headers: HTML });
    const empty = await page(app, '/areas?area=');
    expect(go.status).toBe(303);
    expect(go.headers.get('location')).toBe('/areas/test-area');
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('govuk-error-summary');
    expect(empty.html).toContain('Enter an area identifier');
  });

  it('answers a browser with a page-not-found page, and API clients with a problem as before', async () => {
    const deps = inMemoryDeps();
    const app = createApp(deps, allRoutes);
    const browser = await page(app, '/no/such/page');
    const api = await app.request('/v1/no-such-route', { headers: HTML });
    const missingArea = await page(app, '/areas/nowhere');
    expect(browser.status).toBe(404);
    expect(browser.html).toContain('Page not found');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(missingArea.status).toBe(404);
    expect(missingArea.html).toContain('There is no area called nowhere');
  });

  it('shows no success banner for a notice cookie that names none of its notices (toString, constructor)', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    for (const value of ['toString', 'constructor', 'nonsense']) {
      const answer = await page(app, `/areas/${AREA}`, { cookie: `hub_notice=${value}` });
      expect(answer.status, value).toBe(200);
      expect(answer.html, value).not.toContain('govuk-notification-banner');
    }
    expect((await page(app, `/areas/${AREA}`, { cookie: 'hub_notice=published' })).html).toContain('It has been published.');
  });

  it('answers a browser that posts to a page taking no form with the page-not-found page, whatever the method', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await app.request(`/areas/${AREA}`, {
        method,
        headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=b',
      });
      expect(answer.status, method).toBe(404);
      expect(answer.headers.get('content-type'), method).toContain('text/html');
      expect(await answer.text(), method).toContain('Page not found');
    }
  });
});

describe('the area overview', () => {
  it('shows the matrix with bodies across and themes down, the plan theme marked and the gap named in words', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { status, html } = await page(app, `/areas/${AREA}`);
    expect(status).toBe(200);
    expect(html).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--m" id="matrix-caption">Joint priorities in Test Area: themes down, bodies across</caption>',
    );
    const headers = [...html.matchAll(/<th scope="col"><a href="\/areas\/test-area\/bodies\/([a-z-]+)"/g)].map((match) => match[1]);
    expect(headers).toEqual(['test-pcc', 'test-panel', 'csp-a', 'csp-b', 'scrutiny-a']);
    expect(html).toMatch(
      /Violence against women and girls<\/a><span class="hub-note"><strong class="govuk-tag govuk-tag--blue">Police and Crime Plan<\/strong>/,
    );
    expect(html).toContain('<strong>Gap:</strong> nothing current from Safer Alpha Partnership and Safer Beta Partnership.');
  });

  it('leaves a partner body that publishes nothing of its own out of the matrix and its filter, and keeps its body page', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const overview = await page(app, `/areas/${AREA}`);
    const body = await page(app, `/areas/${AREA}/bodies/test-inspectorate`);
    expect(overview.html).not.toContain('Test Inspectorate');
    expect(overview.html).toContain('<option value="scrutiny-a">Alpha Scrutiny Committee</option>');
    // The area's own bodies are never left out: a CSP with nothing current is what a gap names.
    expect(overview.html).toContain('href="/areas/test-area/bodies/csp-b"');
    expect(body.status).toBe(200);
    expect(body.html).toContain('Test Inspectorate');
  });

  it("links the area's, a body's and a theme's feeds for browsers and feed readers to find", async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const alternates = async (path: string) =>
      [...(await (await app.request(path, { headers: HTML })).text()).matchAll(/<link rel="alternate" type="([^"]+)" href="([^"]+)"/g)].map(
        ([, type, href]) => `${type} ${href}`,
      );

    expect(await alternates(`/areas/${AREA}`)).toEqual([
      `application/atom+xml /v1/areas/${AREA}/feed.atom`,
      `application/feed+json /v1/areas/${AREA}/feed.json`,
      `text/calendar /v1/areas/${AREA}/calendar.ics`,
    ]);
    expect(await alternates(`/areas/${AREA}/themes/domestic-abuse`)).toEqual([
      `application/atom+xml /v1/areas/${AREA}/themes/domestic-abuse/feed.atom`,
      `application/feed+json /v1/areas/${AREA}/themes/domestic-abuse/feed.json`,
    ]);
    // The calendar page offers the calendar of what it shows, in its head and as a link a person can follow.
    expect(await alternates(`/areas/${AREA}/calendar`)).toEqual([`text/calendar /v1/areas/${AREA}/calendar.ics`]);
    expect(await alternates(`/areas/${AREA}/calendar?body=csp-a`)).toEqual([
      `text/calendar /v1/areas/${AREA}/organisations/csp-a/calendar.ics`,
    ]);
    const { html } = await page(app, `/areas/${AREA}/calendar?body=csp-a`);
    expect(html).toContain(
      `<a class="govuk-link" href="/v1/areas/${AREA}/organisations/csp-a/calendar.ics">Subscribe in your calendar app (iCalendar)</a>`,
    );
  });

  it('never shows partners-only content to the public', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { html } = await page(app, `/areas/${AREA}`);
    expect(html).not.toContain('Confidential board update');
    expect(html).not.toContain('Tackle domestic abuse');
    // The banner offers every way of signing in (an emailed link, a provider, a key), not a key alone.
    expect(html).toContain(`<a class="govuk-link" href="/sign-in?return=%2Fareas%2F${AREA}">Sign in</a> to see partners-only items too.`);
  });

  it('narrows by theme, body and period from the query string', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { html } = await page(app, `/areas/${AREA}?theme=domestic-abuse&body=scrutiny-a&period=2026-Q2`);
    const headers = [...html.matchAll(/<th scope="col"><a href="\/areas\/test-area\/bodies\/([a-z-]+)"/g)].map((match) => match[1]);
    const rows = [...html.matchAll(/<th scope="row"><a href="\/areas\/test-area\/themes\/([a-z-]+)"/g)].map((match) => match[1]);
    expect(headers).toEqual(['scrutiny-a']);
    expect(rows).toEqual(['domestic-abuse']);
    expect(html).toContain('Review of domestic abuse services');
    // The panel's item overlaps scrutiny-a's in the quarter, so it is named in the overlap, not in the matrix.
    expect(html).toContain('<strong>Overlap:</strong> 2 scrutinising bodies in Q1 2026/27 (April to June 2026).');
    expect(html).toContain('<option value="domestic-abuse" selected="">Domestic abuse</option>');
  });

  it('answers filters it cannot use with an error summary, and still shows the page', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { status, html } = await page(app, `/areas/${AREA}?theme=knitting&period=soon`);
    expect(status).toBe(400);
    expect(html).toContain('<title>Error: Joint priorities – Test Area – Partnership Hub</title>');
    expect(html).toContain('<a href="#theme">Choose a theme from the list</a>');
    expect(html).toContain(
      '<a href="#period">Enter a period as a financial year, like 2021/22, or a quarter, like 2021/22-Q4 (January to March 2022)</a>',
    );
    expect(html).toContain('hub-matrix');
  });
});

describe('the area overview of a large area', () => {
  const columnsOf = (html: string) =>
    [...html.matchAll(/<th scope="col"><a href="\/areas\/big-area\/bodies\/([a-z0-9-]+)"/g)].map((match) => match[1]);

  it('shows 12 bodies across at a time, with GOV.UK pagination carrying the filters, and says which bodies are shown', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const first = await page(app, `/areas/${BIG}`);
    expect(first.status).toBe(200);
    expect(columnsOf(first.html)).toEqual(['big-pcc', ...BIG_CSPS.slice(0, 11)]);
    expect(first.html).toContain('Joint priorities in Big Area: themes down, bodies across (bodies 1 to 12 of 26)</caption>');
    expect(first.html).toContain('this page shows bodies 1 to 12, from Big Police and Crime Commissioner to Safer Town 11 Partnership.');
    expect(first.html).toContain('<nav class="govuk-pagination" aria-label="Pages of bodies" id="page">');
    expect(first.html).toContain(
      '<a class="govuk-link govuk-pagination__link" href="/areas/big-area" aria-label="Page 1: bodies 1 to 12" aria-current="page">1</a>',
    );
    expect(first.html).toContain(
      '<a class="govuk-link govuk-pagination__link" href="/areas/big-area?page=3" aria-label="Page 3: bodies 25 to 26">3</a>',
    );
    expect(first.html).not.toContain('rel="prev"');
    expect(first.html).toMatch(/<a class="govuk-link govuk-pagination__link" href="\/areas\/big-area\?page=2" rel="next">/);

    const last = await page(app, `/areas/${BIG}?theme=violence-against-women-and-girls&page=3`);
    expect(columnsOf(last.html)).toEqual(BIG_CSPS.slice(23));
    expect(last.html).toContain('href="/areas/big-area?theme=violence-against-women-and-girls&amp;page=2" rel="prev"');
    expect(last.html).not.toContain('rel="next"');
  });

  it('shows every body on one page when asked, for printing, and keeps that choice through the filter form', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { status, html } = await page(app, `/areas/${BIG}?page=all`);
    expect(status).toBe(200);
    expect(columnsOf(html)).toEqual(['big-pcc', ...BIG_CSPS]);
    expect(html).toContain('(all 26 bodies)</caption>');
    expect(html).toContain('<input type="hidden" name="page" value="all"/>');
    expect(html).not.toContain('govuk-pagination');
    expect(html).toContain('<a class="govuk-link" href="/areas/big-area">Show 12 bodies at a time</a>');
  });

  it('answers a page that is not there with an error summary, and shows the first page', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { status, html } = await page(app, `/areas/${BIG}?page=7`);
    expect(status).toBe(400);
    expect(html).toContain('<a href="#page">Choose a page of bodies from 1 to 3</a>');
    expect(columnsOf(html)).toHaveLength(12);
    const small = await page(app, `/areas/${AREA}?page=2`);
    expect(small.status).toBe(400);
    expect(small.html).toContain('<a href="#matrix-caption">There is only one page of bodies</a>');
  });

  it('links a page error to the words standing in for the table when there is no table', async () => {
    const adminKey = 'phk_admin-key-for-an-empty-area';
    const { app } = inMemoryApp(adminKey, { project: true });
    const registered = await app.request('/v1/areas/empty-area', {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Empty Area' }),
    });
    expect(registered.status).toBe(201);
    const { status, html } = await page(app, '/areas/empty-area?page=-1');
    expect(status).toBe(400);
    expect(html).toContain('<a href="#nothing-shared">There is only one page of bodies</a>');
    expectFragmentLinksOnPage(html);
  });

  it('counts a gap across many partnerships in the row and names them all in the Gaps list', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { html } = await page(app, `/areas/${BIG}`);
    expect(html).toContain(
      '<strong>Gap:</strong> nothing current from 24 of the 25 Community Safety Partnerships (<a href="#gap-violence-against-women-and-girls">which ones</a>).',
    );
    const gap = html.slice(html.indexOf('<li id="gap-violence-against-women-and-girls">'));
    expect(gap.slice(0, gap.indexOf('</li>'))).toContain('Safer Town 02 Partnership, Safer Town 03 Partnership');
    expect(gap.slice(0, gap.indexOf('</li>'))).toContain('Safer Town 01 Partnership covers it.');
  });

  it('marks a superseded priority as past, after the current ones, and leaves the plan theme to the current one', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { html } = await page(app, `/areas/${BIG}`);
    const cell = html.slice(
      html.indexOf('<td>', html.indexOf('<th scope="row"><a href="/areas/big-area/themes/violence-against-women-and-girls"')),
    );
    expect(cell.slice(0, cell.indexOf('</td>'))).toMatch(
      /<span class="hub-label">Priority<\/span><a href="\/areas\/big-area\/bodies\/big-pcc#priority-plan-2026-vawg">Violence against women and girls<\/a><\/li><li><span class="hub-label">Past priority: superseded<\/span><a href="\/areas\/big-area\/bodies\/big-pcc#priority-plan-2016-vawg">Protecting vulnerable people<\/a>/,
    );
  });
});

describe('signing in and out', () => {
  it('signs in with an organisation key: a signed, HttpOnly, SameSite=Lax session cookie that holds no key, then partners-only content shows', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { response, jar } = await signedIn(app);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/areas/${AREA}`);
    const setCookie = response.headers.getSetCookie().find((header) => header.startsWith('hub_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(decodeURIComponent(setCookie)).not.toContain(PCC_KEY);
    expect(JSON.parse(decodeURIComponent(jar.hub_session!).replace(/\.[^.]+$/, ''))).toEqual({
      sessionId: expect.stringMatching(/^[\w-]{43}$/),
      areaId: AREA,
      organisationId: 'test-pcc',
      keyId: 'pcckey',
      expiresAt: NOW.getTime() / 1000 + 8 * 3600,
    });

    const overview = await page(app, `/areas/${AREA}`, { cookie: cookieHeader(jar) });
    expect(overview.html).toContain('Confidential board update');
    expect(overview.html).toMatch(/Confidential board update<\/a> <strong class="govuk-tag govuk-tag--orange">Partners only<\/strong>/);
    expect(overview.html).toContain('You are signed in as Test Police and Crime Commissioner.');
    expect(overview.headers.get('cache-control')).toBe('private, no-store');
  });

  it('marks the session cookie Secure when the request came over https', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { response } = await signedIn(app, PCC_KEY, 'https://hub.example');
    expect(response.headers.getSetCookie().find((header) => header.startsWith('hub_session='))).toMatch(/Secure/);
  });

  it('refuses a sign-in form without the CSRF token, and starts no session', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const response = await app.request('/sign-in', {
      method: 'POST',
      headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ accessKey: PCC_KEY }).toString(),
    });
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie().some((header) => header.startsWith('hub_session='))).toBe(false);
    expect(await response.text()).toContain('The sign-in form had expired');
  });

  it('says when a key is not recognised', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { response, jar } = await signedIn(app, 'phk_wrong');
    expect(response.status).toBe(400);
    expect(jar.hub_session).toBeUndefined();
    expect(await response.text()).toContain('The access key was not recognised');
  });

  describe('attempts that do not sign in, limited per client', () => {
    const from = (address: string) => ({ 'x-test-client-address': address });
    const limitedDeps = (options: { limit?: number; limiter?: typeof inMemoryRateLimiter } = {}) => {
      const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
      const policy = options.limit ? { signInAttemptsPerCaller: { points: options.limit, durationSeconds: 15 * 60 } } : {};
      return inMemoryDeps({
        sessionSecret: SECRET,
        requestLimits: requestLimits(options.limiter ?? inMemoryRateLimiter, policy, () => NOW),
        // Stands in for the server's view of the visitor (getConnInfo in the wirings).
        clientAddress: (c) => c.req.header('x-test-client-address'),
        logger,
      });
    };

    it('answers the eleventh wrong key in a quarter of an hour with a page saying how long to wait, and 429 with Retry-After', async () => {
      const app = createApp(limitedDeps(), allRoutes);
      for (let attempt = 1; attempt <= 10; attempt++)
        expect((await signedIn(app, `phk_guess-${attempt}`, undefined, from('198.51.100.7'))).response.status, `attempt ${attempt}`).toBe(
          400,
        );

      const { response, jar } = await signedIn(app, PCC_KEY, undefined, from('198.51.100.7'));

      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe(String(15 * 60));
      expect(jar.hub_session).toBeUndefined();
      const html = await response.text();
      expect(html).toMatch(/^<!DOCTYPE html><html lang="en-GB"/);
      expect(html).toContain('<title>You cannot sign in at the moment');
      expect(html).toContain('<h1 class="govuk-heading-xl">You cannot sign in at the moment</h1>');
      expect(html).toContain('too many attempts to sign in with an access key that was not recognised');
      expect(html).toContain('Wait 15 minutes, then');
      expect(html).toContain('href="/sign-in?return=%2F"');
      expect(html).not.toContain('name="accessKey"');
    });

    it('counts each client apart: another client still signs in', async () => {
      const app = createApp(limitedDeps({ limit: 2 }), allRoutes);
      for (let attempt = 1; attempt <= 3; attempt++) await signedIn(app, 'phk_guess', undefined, from('198.51.100.7'));

      const { response, jar } = await signedIn(app, PCC_KEY, undefined, from('203.0.113.9'));

      expect(response.status).toBe(303);
      expect(jar.hub_session).toBeDefined();
    });

    it('gives back an attempt that signs in, so signing in often is never limited', async () => {
      const app = createApp(limitedDeps({ limit: 2 }), allRoutes);
      for (let signIn = 1; signIn <= 5; signIn++)
        expect((await signedIn(app, PCC_KEY, undefined, from('198.51.100.7'))).response.status, `sign-in ${signIn}`).toBe(303);
      await signedIn(app, 'phk_guess', undefined, from('198.51.100.7'));

      expect((await signedIn(app, PCC_KEY, undefined, from('198.51.100.7'))).response.status).toBe(303);
    });

    it('refuses signing in with 503 when the attempts cannot be counted, and logs why', async () => {
      const deps = limitedDeps({
        limiter: () => ({
          consume: async () => {
            throw new Error('ProvisionedThroughputExceededException');
          },
          refund: async () => {},
        }),
      });
      const app = createApp(deps, allRoutes);

      const { response, jar } = await signedIn(app, PCC_KEY, undefined, from('198.51.100.7'));

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(jar.hub_session).toBeUndefined();
      expect(await response.text()).toContain('Signing in is not available just now');
      expect(deps.logger.error).toHaveBeenCalledWith(
        'a rate limit could not be counted, so the request was refused',
        expect.objectContaining({ limit: 'sign-in-attempts' }),
      );
    });
  });

  it('ignores a session cookie that was forged, edited, has expired or whose key was revoked', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { jar } = await signedIn(app);
    const [value, signature] = decodeURIComponent(jar.hub_session!).split(/\.(?=[^.]+$)/);
    const edited = encodeURIComponent(`${value!.replace('test-pcc', 'csp-a')}.${signature}`);
    const forged = await page(app, `/areas/${AREA}`, { cookie: `hub_session=${edited}` });
    const later = createApp(
      { ...inMemoryDeps({ sessionSecret: SECRET }), clock: () => new Date(NOW.getTime() + 9 * 3600 * 1000) },
      allRoutes,
    );
    const expired = await page(later, `/areas/${AREA}`, { cookie: cookieHeader(jar) });
    const otherSecret = await page(
      createApp(inMemoryDeps({ sessionSecret: 'another-secret-of-enough-length!!' }), allRoutes),
      `/areas/${AREA}`,
      { cookie: cookieHeader(jar) },
    );
    // The key it was signed in with has been revoked since.
    const revoked = await page(createApp(inMemoryDeps({ sessionSecret: SECRET, revokedKeyIds: ['pcckey'] }), allRoutes), `/areas/${AREA}`, {
      cookie: cookieHeader(jar),
    });
    for (const answer of [forged, expired, otherSecret, revoked]) {
      expect(answer.html).toContain('Public view');
      expect(answer.html).not.toContain('Confidential board update');
    }
  });

  it('signs out with the CSRF token: the session cookie is cleared', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { jar } = await signedIn(app);
    const overview = await page(app, `/areas/${AREA}`, { cookie: cookieHeader(jar) });
    const withoutToken = await app.request('/sign-out', {
      method: 'POST',
      headers: { ...HTML, cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'return=/',
    });
    const response = await app.request('/sign-out', {
      method: 'POST',
      headers: { ...HTML, cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrfFrom(overview.html)!, return: `/areas/${AREA}` }).toString(),
    });
    expect(withoutToken.status).toBe(400);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/areas/${AREA}`);
    expect(response.headers.getSetCookie().find((header) => header.startsWith('hub_session='))).toMatch(/Max-Age=0/);
    expect(overview.html).toContain('Sign out');
    // A copy of the cookie kept from before signs nobody in: the session ended on the server, not only in the browser.
    const replayed = await page(app, `/areas/${AREA}`, { cookie: cookieHeader(jar) });
    expect(replayed.status).toBe(200);
    expect(replayed.html).not.toContain('Sign out');
    expect(replayed.html).toContain('Sign in');
  });

  it('sends a sign-out sent again once signed out on with the signed-out notice, not an error', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { jar } = await signedIn(app);
    const overview = await page(app, `/areas/${AREA}`, { cookie: cookieHeader(jar) });
    const signOut = (cookies: Record<string, string>) =>
      app.request('/sign-out', {
        method: 'POST',
        headers: { ...HTML, cookie: cookieHeader(cookies), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken: csrfFrom(overview.html)!, return: `/areas/${AREA}` }).toString(),
      });
    const first = await signOut(jar);
    expect(first.status).toBe(303);
    // The same page's button pressed again (or in a tab opened before): its token is the signed-in session's.
    const signedOut = cookiesOf(first, jar);
    const again = await signOut(signedOut);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/areas/${AREA}`);
    const landed = await page(app, `/areas/${AREA}`, { cookie: cookieHeader(cookiesOf(again, signedOut)) });
    expect(landed.html).toContain('You have signed out. You now see public information only.');
    expect(landed.html).toContain('Sign in');
  });

  it('never tells someone signed in that they have signed out', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { jar } = await signedIn(app);
    const shown = await page(app, `/areas/${AREA}`, { cookie: cookieHeader({ ...jar, hub_notice: 'signed-out' }) });
    expect(shown.html).toContain('Sign out');
    expect(shown.html).not.toContain('You have signed out');
  });

  it('issues a new CSRF token at sign-in and at sign-out: one got before signing in signs nothing out after', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    // A token and its cookie got signed out: what someone could plant in another's browser.
    const before = await app.request('/sign-in', { headers: HTML });
    const planted = { token: csrfFrom(await before.text())!, cookie: cookiesOf(before).hub_csrf! };
    const { jar } = await signedIn(app);
    expect(jar.hub_csrf).toBeDefined();
    expect(jar.hub_csrf).not.toBe(planted.cookie);
    const overview = await page(app, `/areas/${AREA}`, { cookie: cookieHeader(jar) });
    expect(csrfFrom(overview.html)).not.toBe(planted.token);
    const signOut = (cookies: Record<string, string>, token: string) =>
      app.request('/sign-out', {
        method: 'POST',
        headers: { ...HTML, cookie: cookieHeader(cookies), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken: token, return: '/' }).toString(),
      });
    // The planted token, with the session: refused, and still signed in.
    expect((await signOut({ ...jar, hub_csrf: planted.cookie }, planted.token)).status).toBe(400);
    expect((await page(app, `/areas/${AREA}`, { cookie: cookieHeader(jar) })).html).toContain('Sign out');
    // The session's own token signs out, and a new one is issued for the signed-out browser.
    const signedOut = await signOut(jar, csrfFrom(overview.html)!);
    expect(signedOut.status).toBe(303);
    expect(cookiesOf(signedOut, jar).hub_csrf).not.toBe(jar.hub_csrf);
  });

  it('keeps the pages public, and says signing in is off, when no session secret is configured', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const signIn = await page(app, '/sign-in');
    expect(signIn.status).toBe(503);
    expect(signIn.html).toContain('Signing in is not available on this hub');
    expect(signIn.html).not.toContain('name="accessKey"');
  });

  it('sends people back only to a path on this site after signing in', () => {
    expect(safeReturnPath('/areas/x/calendar?by=month', '/')).toBe('/areas/x/calendar?by=month');
    expect(safeReturnPath('https://evil.example/', '/')).toBe('/');
    expect(safeReturnPath('//evil.example/', '/')).toBe('/');
    expect(safeReturnPath('/\\evil.example', '/')).toBe('/');
    expect(safeReturnPath(undefined, '/fallback')).toBe('/fallback');
    // Browsers drop tabs and newlines from a Location, so each of these is "//evil.example/" to them.
    for (const hostile of ['/\t/evil.example/', '/\n/evil.example/', '/\r\n/evil.example', '/ /evil.example', '/\u0000/evil.example'])
      expect(safeReturnPath(hostile, '/')).toBe('/');
    expect(safeReturnPath('javascript:alert(1)', '/')).toBe('/');
    expect(safeReturnPath('/areas/x?return=%2F%2Fevil.example', '/')).toBe('/areas/x?return=%2F%2Fevil.example');
  });

  it('signs in from a link whose return path hides another host behind a tab, and stays on this site', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const form = await app.request('/sign-in?return=/%09/evil.example/', { headers: HTML });
    const html = await form.text();
    const returnTo = /name="return" value="([^"]*)"/.exec(html)?.[1];
    const response = await app.request('/sign-in', {
      method: 'POST',
      headers: { ...HTML, cookie: cookieHeader(cookiesOf(form)), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrfFrom(html)!, accessKey: PCC_KEY, return: '/\t/evil.example/' }).toString(),
    });

    expect(returnTo).toBe('/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/areas/${AREA}`);
  });
});

describe('the body, theme, calendar and protocol pages', () => {
  it("shows a body's priorities with lead, outcomes and indicators, and the protocols it is party to with its agreement", async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { html } = await page(app, `/areas/${AREA}/bodies/test-pcc`);
    expect(html).toContain('<h1 class="govuk-heading-xl">Test Police and Crime Commissioner</h1>');
    expect(html).toContain(
      '<dt class="govuk-summary-list__key">Lead</dt><dd class="govuk-summary-list__value">Head of Community Safety</dd>',
    );
    expect(html).toContain('Repeat referrals to MARAC');
    expect(html).toContain('Memorandum of Understanding');
    // The PCC agreed version 1; the current version is 2.
    expect(html).toContain('Not yet agreed');
  });

  it('lists everything on a theme across the area', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { html } = await page(app, `/areas/${AREA}/themes/domestic-abuse`);
    expect(html).toContain('Review of domestic abuse services');
    expect(html).toContain('Panel look at domestic abuse');
    expect((await page(app, `/areas/${AREA}/themes/knitting`)).status).toBe(404);
  });

  it("groups all bodies' items by quarter, or by month", async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const byQuarter = await page(app, `/areas/${AREA}/calendar`);
    const byMonth = await page(app, `/areas/${AREA}/calendar?by=month`);
    expect(byQuarter.html).toContain('>Q1 2026/27 (April to June 2026)</h2>');
    expect(byMonth.html).toContain('>May 2026</h2>');
    expect(byMonth.html).toContain('>Q1 2026/27 (April to June 2026), month not given</h2>');
  });

  it('shows a protocol: each party and its agreement, and what changed between versions', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { html } = await page(app, `/areas/${AREA}/protocols/mou`);
    expect(html).toContain('0 of 2 parties have agreed version 2');
    expect(html).toContain('Version 1 on 20 January 2026');
    expect(html).toContain('What changed from version 1');
    expect(html).toContain('How the panel and the PCC work together, reviewed yearly.');
    expect(html).toContain('31 January 2027');
  });
});

describe('theme families and financial years on the pages', () => {
  const gapItem = (html: string, theme: string) => {
    const start = html.indexOf(`<li id="gap-${theme}">`);
    return start < 0 ? '' : html.slice(start, html.indexOf('</li>', start));
  };

  it('says in words that a partnership covers a plan theme partly, through a theme within it, to those who may see it', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { jar } = await signedIn(app);
    const partners = await page(app, `/areas/${AREA}`, { cookie: cookieHeader(jar) });
    const anyone = await page(app, `/areas/${AREA}`);

    // Safer Alpha's domestic abuse priority is partners-only: partners see it cover VAWG partly; the public see a plain gap.
    expect(partners.html).toContain(
      '<strong>Gap:</strong> nothing current from Safer Beta Partnership. Safer Alpha Partnership covers it partly, through domestic abuse.',
    );
    expect(gapItem(partners.html, 'violence-against-women-and-girls')).toContain(
      'but Safer Beta Partnership has no plan or priority in force on 1 March 2026 (none published). Safer Alpha Partnership covers it partly, through domestic abuse. No Community Safety Partnership covers it in full.',
    );
    expect(anyone.html).toContain('<strong>Gap:</strong> nothing current from Safer Alpha Partnership and Safer Beta Partnership.');
    expect(anyone.html).not.toContain('covers it partly');
  });

  it("lists on a theme's page the work on the themes within it, and says which, with the partial cover in the gap", async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { jar } = await signedIn(app);
    const { html } = await page(app, `/areas/${AREA}/themes/violence-against-women-and-girls`, { cookie: cookieHeader(jar) });

    expect(html).toContain(
      'Gap: Safer Beta Partnership has no plan or priority in force on 1 March 2026 (none published). Safer Alpha Partnership covers it partly, through domestic abuse.',
    );
    expect(html).toMatch(/Takes in <a class="govuk-link" href="\/areas\/test-area\/themes\/domestic-abuse">domestic abuse<\/a>, /);
    // The domestic abuse priority and work are listed under VAWG, each saying which theme brought it in.
    expect(html).toContain('Tackle domestic abuse');
    expect(html).toContain('<span class="hub-kind">Through domestic abuse</span>');
    expect(html).toContain('Review of domestic abuse services');
  });

  it("names a child theme's parent on its page, and a theme without family neither", async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const child = await page(app, `/areas/${AREA}/themes/domestic-abuse`);
    const alone = await page(app, `/areas/${AREA}/themes/burglary`);

    expect(child.html).toContain(
      'Part of <a class="govuk-link" href="/areas/test-area/themes/violence-against-women-and-girls">violence against women and girls</a>: work on domestic abuse covers that theme only partly.',
    );
    expect(alone.html).not.toContain('Part of');
    expect(alone.html).not.toContain('Takes in');
  });

  it('narrows the overview to a parent theme with the rows of the themes within it', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const { html } = await page(app, `/areas/${AREA}?theme=violence-against-women-and-girls`);
    const rows = [...html.matchAll(/<th scope="row"><a href="\/areas\/test-area\/themes\/([a-z-]+)"/g)].map((match) => match[1]);

    expect(rows).toEqual(['domestic-abuse', 'violence-against-women-and-girls']);
  });

  it('offers financial years and quarters as periods, takes either spelling of a quarter, and keeps a calendar year from an old link', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const financial = await page(app, `/areas/${AREA}?period=2026/27-Q1`);
    const calendar = await page(app, `/areas/${AREA}?period=2026-Q2`);
    const year = await page(app, `/areas/${AREA}?period=2026/27`);
    const oldLink = await page(app, `/areas/${AREA}?period=2026`);
    const elsewhere = await page(app, `/areas/${AREA}?period=2025/26`);

    for (const chosen of [financial, calendar]) {
      expect(chosen.status).toBe(200);
      expect(chosen.html).toContain('<option value="2026/27-Q1" selected="">Q1 2026/27 (April to June 2026)</option>');
      expect(chosen.html).toContain('Review of domestic abuse services');
    }
    expect(year.html).toContain('<option value="2026/27" selected="">2026/27 (April 2026 to March 2027)</option>');
    expect(year.html).toContain('Review of domestic abuse services');
    expect(oldLink.html).toContain('<option value="2026" selected="">2026 (calendar year)</option>');
    expect(oldLink.html).toContain('Review of domestic abuse services');
    expect(elsewhere.html).not.toContain('Review of domestic abuse services');
  });

  it('refuses a financial year whose second half does not follow its first, and a fifth quarter', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    for (const period of ['2016/18', '2016/17-Q5']) {
      const { status, html } = await page(app, `/areas/${AREA}?period=${encodeURIComponent(period)}`);
      expect(status).toBe(400);
      expect(html).toContain('<a href="#period">Enter a period as a financial year');
    }
  });
});

describe('history', () => {
  it('shows who changed what and when, with each changed field before and after', async () => {
    const app = createApp(inMemoryDeps({ sessionSecret: SECRET }), allRoutes);
    const { jar } = await signedIn(app);
    const { html } = await page(app, `/areas/${AREA}/history/priority/csp-a/da`, { cookie: cookieHeader(jar) });
    expect(html).toContain('Version 2: Revised');
    expect(html).toContain('Recorded in the hub 1 February 2026 at 10:00 (UTC) by Safer Alpha Partnership.');
    expect(html).toMatch(
      /<th scope="row" class="govuk-table__header">Lead<\/th><td class="govuk-table__cell">Head of Community Safety<\/td><td class="govuk-table__cell">Director of Public Health<\/td>/,
    );
    expect(html).toContain('<ins>Arrests for breach (added)</ins>');
    expect(html).toContain('Version 3: Revised');
  });

  it('shows the public no history of a subject that is now partners-only, nor any partners-only change', async () => {
    const app = createApp(inMemoryDeps(), allRoutes);
    const nowPartnersOnly = await page(app, `/areas/${AREA}/history/priority/csp-a/da`);
    const partnersItem = await page(app, `/areas/${AREA}/history/work-programme-item/test-pcc/secret`);
    const publicProtocol = await page(app, `/areas/${AREA}/history/protocol/-/mou`);
    expect(nowPartnersOnly.status).toBe(404);
    expect(nowPartnersOnly.html).not.toContain('A confidential outcome');
    expect(partnersItem.status).toBe(404);
    expect(publicProtocol.status).toBe(200);
    expect(publicProtocol.html).toContain('Agreed by Test Police and Crime Commissioner');
  });
});

describe('stylesheets', () => {
  it("serves GOV.UK Frontend's CSS without the GOV.UK Transport typeface or crest, and the print stylesheet", async () => {
    const app = createApp(inMemoryDeps({ assetsDir: (await import('../src/pages/assets.ts')).localAssetsDir() }), allRoutes);
    const govuk = await app.request('/assets/govuk-frontend.css');
    const print = await app.request('/assets/print.css');
    const css = await govuk.text();
    expect(govuk.headers.get('content-type')).toContain('text/css');
    expect(css).toContain('.govuk-summary-list');
    expect(css).not.toContain('@font-face');
    expect(css).not.toContain('GDS Transport');
    expect(css).not.toContain('govuk-crest');
    expect(await print.text()).toContain('@page');
  });

  it('answers 404, and says why in the log, when the GOV.UK stylesheet is missing', async () => {
    const deps = inMemoryDeps({ assetsDir: '/nowhere' });
    const answer = await createApp(deps, allRoutes).request('/assets/govuk-frontend.css');
    expect(answer.status).toBe(404);
    expect(deps.logger.error).toHaveBeenCalledWith(
      expect.stringContaining('GOV.UK Frontend stylesheet could not be read'),
      expect.anything(),
    );
  });

  it('removes only the brand from the CSS', () => {
    expect(
      withoutGovukBrand(
        '@font-face{font-family:GDS Transport;src:url(/x.woff2)}.a{font-family:GDS Transport,arial,sans-serif}.b{color:red}',
      ),
    ).toBe('.a{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}.b{color:red}');
  });
});

describe('the pure parts', () => {
  it('finds the fields that changed between versions, ignoring the fields that describe the change', () => {
    const before = { title: 'A', lead: 'X', themes: ['burglary'], changedFields: ['title'] };
    const after = { title: 'A', lead: 'Y', themes: ['burglary', 'vehicle-crime'], changedFields: ['lead', 'themes'] };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'themes', before: ['burglary'], after: ['burglary', 'vehicle-crime'] },
      { field: 'lead', before: 'X', after: 'Y' },
    ]);
    expect(fieldChanges(undefined, { title: 'A', outcomes: [] })).toEqual([{ field: 'title', before: undefined, after: 'A' }]);
    expect(listChanges(['a', 'b'], ['b', 'c'])).toEqual({ added: ['c'], removed: ['a'] });
  });

  it('reads filters, ignoring and reporting the unusable ones', () => {
    // A calendar quarter is read as the same financial quarter, the spelling the filter's choices use.
    expect(parseOverviewFilters({ theme: 'burglary', body: 'x', period: '2026q3' }, ['x'])).toEqual({
      filters: { theme: 'burglary', body: 'x', period: '2026/27-Q2', page: 1 },
      errors: [],
    });
    expect(parseOverviewFilters({ body: 'y' }, ['x']).errors).toEqual([{ field: 'body', message: 'Choose a body from the list' }]);
  });

  it('reads the page of bodies: a number while there are bodies for it, or all; anything else is reported and page 1 shown', () => {
    const bodies = Array.from({ length: 25 }, (_, index) => `body-${index}`);
    expect(parseOverviewFilters({ page: '3' }, bodies)).toEqual({ filters: { theme: '', body: '', period: '', page: 3 }, errors: [] });
    expect(parseOverviewFilters({ page: 'ALL' }, bodies).filters.page).toBe('all');
    for (const page of ['4', '0', '-1', '1.5', 'two', '99999']) {
      expect(parseOverviewFilters({ page }, bodies)).toEqual({
        filters: { theme: '', body: '', period: '', page: 1 },
        errors: [{ field: 'page', message: 'Choose a page of bodies from 1 to 3' }],
      });
    }
    // One body chosen, or a small area: one page.
    expect(parseOverviewFilters({ body: 'body-1', page: '2' }, bodies).errors).toEqual([
      { field: 'page', message: 'There is only one page of bodies' },
    ]);
    expect(parseOverviewFilters({ page: '2' }, bodies.slice(0, 12)).errors).toEqual([
      { field: 'page', message: 'There is only one page of bodies' },
    ]);
    expect(bodiesOnPage(bodies, 3)).toEqual(bodies.slice(24));
    expect(bodiesOnPage(bodies, 'all')).toEqual(bodies);
  });

  it('places items in a financial year or quarter whichever spelling they use', () => {
    expect(inPeriod({ quarter: '2016/17-Q1' }, '2016/17-Q1')).toBe(true);
    expect(inPeriod({ quarter: '2016-Q2' }, '2016/17-Q1')).toBe(true);
    expect(inPeriod({ quarter: '2017-Q1' }, '2016/17')).toBe(true);
    expect(inPeriod({ date: '2017-03-31' }, '2016/17')).toBe(true);
    expect(inPeriod({ date: '2017-04-01' }, '2016/17')).toBe(false);
    expect(inPeriod({ quarter: '2016/17-Q4' }, '2017')).toBe(true);
    expect(inPeriod({ quarter: '2016/17-Q4' }, '2016')).toBe(false);
  });

  it('places items in a period by their quarter or date; undated items are in none', () => {
    expect(inPeriod({ date: '2026-05-12' }, '2026-Q2')).toBe(true);
    expect(inPeriod({ quarter: '2026-Q2' }, '2026')).toBe(true);
    expect(inPeriod({ quarter: '2026-Q2' }, '2025')).toBe(false);
    expect(inPeriod({}, '2026')).toBe(false);
    expect(inPeriod({}, '')).toBe(true);
  });

  it('filters the joint view down to one body, keeping only the gaps and overlaps it is part of', () => {
    const view = {
      areaId: 'a',
      areaName: 'A',
      audience: 'public' as const,
      themes: [
        {
          theme: 'burglary' as const,
          name: 'Burglary',
          inPoliceAndCrimePlan: true,
          organisations: [
            { organisationId: 'x', name: 'X', kind: 'csp' as const, priorities: [{ id: 'p', title: 'P', version: 1 }], workProgramme: [] },
          ],
        },
      ],
      gaps: [{ theme: 'burglary' as const, name: 'Burglary', coveredBy: ['x'], partlyCoveredBy: [], partly: [], missingFrom: ['y'] }],
      overlaps: [],
    };
    expect(filterJointView(view, { theme: '', body: 'z', period: '', page: 1 })).toMatchObject({ themes: [], gaps: [] });
    expect(filterJointView(view, { theme: '', body: 'y', period: '', page: 1 }).gaps).toHaveLength(1);
  });

  it('puts undated items last in the calendar', () => {
    const item = (id: string, when: Record<string, string>) => ({ id, state: when }) as never;
    const groups = calendarGroups([item('u', {}), item('b', { date: '2026-02-03' }), item('a', { quarter: '2026-Q1' })], 'quarter');
    expect(groups.map((group) => group.heading)).toEqual(['Q4 2025/26 (January to March 2026)', 'Not dated']);
  });
});

describe('compression', () => {
  it('gzips pages and stylesheets for browsers that accept it', async () => {
    const app = createApp(inMemoryDeps({ assetsDir: (await import('../src/pages/assets.ts')).localAssetsDir() }), allRoutes);
    const overview = await app.request(`/areas/${AREA}`, { headers: { ...HTML, 'accept-encoding': 'gzip' } });
    const css = await app.request('/assets/govuk-frontend.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(overview.headers.get('content-encoding')).toBe('gzip');
    expect(css.headers.get('content-encoding')).toBe('gzip');
    const text = await new Response(css.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(text).toContain('.govuk-summary-list');
  });
});
