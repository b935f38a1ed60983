import { buildTrackerList, londonDate } from '@partnership-hub/domain';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../src/app.ts';
import { createOverdueCheck } from '../src/overdue-check.ts';
import { REQUESTS_PER_PAGE } from '../src/pages/tracker-pages.tsx';
import { expectFragmentLinksOnPage, formBrowser } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * Tracked requests through the API's own request path, over in-memory stores that project every
 * write at once: raising, responding, updating, closing, the status derived on each read, who may
 * do what, the tracker's filters and what a public reader may see.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const PANEL = 'panel';
const CSP = 'csp-a';
const PCC = 'pcc';
const requests = `/v1/areas/${AREA}/requests`;

let app: ReturnType<typeof createApp>;
let eventLog: ReturnType<typeof inMemoryApp>['eventLog'];
let views: ReturnType<typeof inMemoryApp>['views'];
let runOverdueCheck: ReturnType<typeof createOverdueCheck>;
const keys: Record<string, string> = {};
/** Now, which a test may move on. 23:30 UTC on 31 March 2026 is already 1 April in London (BST). */
let now = new Date('2026-03-01T09:00:00.000Z');

const call = jsonCaller(() => app);

const informationRequest = (overrides: Record<string, unknown> = {}) => ({
  kind: 'information-request',
  to: CSP,
  title: 'Figures on repeat victims of anti-social behaviour',
  raisedOn: '2026-03-01',
  dueDate: '2026-03-31',
  themes: ['anti-social-behaviour'],
  visibility: 'public',
  ...overrides,
});
const raise = (by: string, id: string, content: Record<string, unknown>) =>
  call('PUT', `${requests}/${id}`, { key: keys[by]!, body: content });
const respond = (by: string, id: string, content: Record<string, unknown>) =>
  call('POST', `${requests}/${id}/responses`, { key: keys[by]!, body: content });
const read = (id: string, key?: string) => call('GET', `${requests}/${id}`, key ? { key } : {});

beforeEach(async () => {
  now = new Date('2026-03-01T09:00:00.000Z');
  const hub = inMemoryApp(ADMIN_KEY, { project: true, clock: () => now });
  ({ app, eventLog, views } = hub);
  runOverdueCheck = createOverdueCheck(hub.deps);
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
  for (const [id, kind] of [
    [PANEL, 'panel'],
    [CSP, 'csp'],
    [PCC, 'pcc'],
  ] as const) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${id}`, { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
    keys[id] = (await call('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, { key: ADMIN_KEY })).body.key;
  }
});

describe('raising a request', () => {
  it('raises (201) with the caller as raiser, records nothing for the same content again, and revises its own', async () => {
    const raised = await raise(PANEL, 'asb-figures', informationRequest());
    const again = await raise(PANEL, 'asb-figures', informationRequest());
    const moved = await raise(PANEL, 'asb-figures', informationRequest({ dueDate: '2026-04-30' }));

    expect([raised.status, raised.body]).toEqual([201, { id: 'asb-figures', version: 1 }]);
    expect([again.status, again.body]).toEqual([200, { id: 'asb-figures', version: 1 }]);
    expect([moved.status, moved.body]).toEqual([200, { id: 'asb-figures', version: 2 }]);
    const request = (await read('asb-figures')).body;
    expect(request).toMatchObject({ from: PANEL, to: CSP, dueDate: '2026-04-30', status: 'open', responses: [], updates: [] });
    const stream = await eventLog.stream({ areaId: AREA, subjectType: 'request', organisationId: null, id: 'asb-figures' });
    expect(stream.map((event) => event.detailType)).toEqual(['RequestRaised', 'RequestRevised']);
    expect(stream[1]!.detail.data).toMatchObject({ changedFields: ['dueDate'] });
  });

  it("refuses a PUT on another body's request id in the area (403), and a request to a body not in the area (400)", async () => {
    await raise(PANEL, 'asb-figures', informationRequest());
    const taken = await raise(PCC, 'asb-figures', informationRequest());
    const nobody = await raise(PANEL, 'to-nobody', informationRequest({ to: 'no-such-body' }));
    const early = await raise(PANEL, 'early', informationRequest({ dueDate: '2026-02-01' }));

    expect(taken.status).toBe(403);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');
    expect(nobody.status).toBe(400);
    expect(nobody.body.errors.map((error: { field: string }) => error.field)).toEqual(['to']);
    expect(early.status).toBe(400);
    expect(early.body.errors).toMatchObject([{ field: 'dueDate', detail: 'must not be before the date it was raised' }]);
    expect((await read('asb-figures')).body.from).toBe(PANEL);
  });

  it('needs a key of a body in the area (401 without one)', async () => {
    expect((await call('PUT', `${requests}/x`, { body: informationRequest() })).status).toBe(401);
  });
});

describe('responding, updating, closing', () => {
  it('lets only the recipient respond (403 otherwise), adds each response to the thread, and derives the status', async () => {
    await raise(PANEL, 'asb-figures', informationRequest());
    const byRaiser = await respond(PANEL, 'asb-figures', { text: 'We answer ourselves' });
    const byOther = await respond(PCC, 'asb-figures', { text: 'Not ours' });
    const first = await respond(CSP, 'asb-figures', { text: 'Figures attached.' });
    const second = await respond(CSP, 'asb-figures', { text: 'Corrected figures.', effectiveDate: '2026-02-27' });

    expect([byRaiser.status, byOther.status]).toEqual([403, 403]);
    expect(byOther.body.detail).toContain(`Only ${CSP}`);
    expect([first.status, first.body]).toEqual([201, { id: 'asb-figures', version: 2, status: 'responded' }]);
    expect(second.status).toBe(201);
    const request = (await read('asb-figures')).body;
    expect(request.status).toBe('responded');
    expect(
      request.responses.map((response: { text: string; on: string; by: string }) => [response.by, response.text, response.on]),
    ).toEqual([
      [CSP, 'Figures attached.', '2026-03-01'],
      [CSP, 'Corrected figures.', '2026-02-27'],
    ]);
  });

  it('records a response or update sent again (a form sent twice, a retry) once, and the same words after another entry or on another day anew', async () => {
    await raise(PANEL, 'asb-repeat', informationRequest());
    const first = await respond(CSP, 'asb-repeat', { text: 'Figures attached.' });
    const again = await respond(CSP, 'asb-repeat', { text: 'Figures attached.' });
    expect([first.status, again.status, again.body]).toEqual([201, 200, first.body]);
    const update = () => call('POST', `${requests}/asb-repeat/updates`, { key: keys[CSP]!, body: { text: 'Still gathering' } });
    const [firstUpdate, updateAgain] = [await update(), await update()];
    expect([firstUpdate.status, updateAgain.status, updateAgain.body.version]).toEqual([201, 200, firstUpdate.body.version]);
    // The same words another day, or after another entry, are a new entry.
    const otherDay = await respond(CSP, 'asb-repeat', { text: 'Figures attached.', effectiveDate: '2026-02-27' });
    const byRaiser = await call('POST', `${requests}/asb-repeat/updates`, { key: keys[PANEL]!, body: { text: 'Thank you' } });
    const updateAfter = await update();
    expect([otherDay.status, byRaiser.status, updateAfter.status]).toEqual([201, 201, 201]);

    const request = (await read('asb-repeat')).body;
    expect(request.responses.map((response: { text: string; on: string }) => [response.text, response.on])).toEqual([
      ['Figures attached.', '2026-03-01'],
      ['Figures attached.', '2026-02-27'],
    ]);
    expect(request.updates.map((entry: { by: string; text: string }) => [entry.by, entry.text])).toEqual([
      [CSP, 'Still gathering'],
      [PANEL, 'Thank you'],
      [CSP, 'Still gathering'],
    ]);
  });

  it('takes an outcome for recommendations only (400 otherwise), and the latest outcome is the status', async () => {
    await raise(PANEL, 'asb-figures', informationRequest());
    await raise(PANEL, 'rec-1', informationRequest({ kind: 'recommendation', to: PCC, title: 'Publish the plan sooner' }));
    const wrongKind = await respond(CSP, 'asb-figures', { text: 'Accepted', outcome: 'accepted' });
    const badOutcome = await respond(PCC, 'rec-1', { text: 'Maybe', outcome: 'maybe' });
    const partly = await respond(PCC, 'rec-1', { text: 'In part', outcome: 'partially-accepted' });

    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors.map((error: { field: string }) => error.field)).toEqual(['outcome']);
    expect(wrongKind.body.errors[0].detail).toBe(
      'is only for recommendations: request asb-figures is an information request, so respond with text alone',
    );
    expect(badOutcome.status).toBe(400);
    expect(partly.body.status).toBe('partially-accepted');
    await respond(PCC, 'rec-1', { text: 'Now in full', outcome: 'accepted' });
    expect((await read('rec-1')).body.status).toBe('accepted');
  });

  it('takes updates from either side only, whose latest progress is the status, and lets only the raiser close', async () => {
    await raise(PANEL, 'rec-1', informationRequest({ kind: 'recommendation', to: PCC }));
    await respond(PCC, 'rec-1', { text: 'Accepted', outcome: 'accepted' });
    const byRecipient = await call('POST', `${requests}/rec-1/updates`, {
      key: keys[PCC]!,
      body: { text: 'Started', status: 'in-progress' },
    });
    const byRaiser = await call('POST', `${requests}/rec-1/updates`, { key: keys[PANEL]!, body: { text: 'Panel noted progress' } });
    const byOther = await call('POST', `${requests}/rec-1/updates`, { key: keys[CSP]!, body: { text: 'Not ours' } });
    expect([byRecipient.status, byRecipient.body.status, byRaiser.status, byOther.status]).toEqual([201, 'in-progress', 201, 403]);
    const done = await call('POST', `${requests}/rec-1/updates`, { key: keys[PCC]!, body: { text: 'Done', status: 'implemented' } });
    expect(done.body.status).toBe('implemented');

    const closeByRecipient = await call('POST', `${requests}/rec-1/close`, { key: keys[PCC]!, body: {} });
    const closed = await call('POST', `${requests}/rec-1/close`, { key: keys[PANEL]!, body: { text: 'Thank you' } });
    const closedAgain = await call('POST', `${requests}/rec-1/close`, { key: keys[PANEL]!, body: {} });
    const lateResponse = await respond(PCC, 'rec-1', { text: 'One more thing' });
    expect([closeByRecipient.status, closed.status, closed.body.status]).toEqual([403, 200, 'closed']);
    expect([closedAgain.status, closedAgain.body.version]).toEqual([200, closed.body.version]);
    expect(lateResponse.status).toBe(409);

    const stream = await eventLog.stream({ areaId: AREA, subjectType: 'request', organisationId: null, id: 'rec-1' });
    expect(
      stream.map(({ detailType, detail: { actor } }) => [detailType, 'organisationId' in actor ? actor.organisationId : actor.kind]),
    ).toEqual([
      ['RequestRaised', PANEL],
      ['RequestResponded', PCC],
      ['RequestUpdated', PCC],
      ['RequestUpdated', PANEL],
      ['RequestUpdated', PCC],
      ['RequestClosed', PANEL],
    ]);
  });

  it('answers 404 for a step on a request that does not exist', async () => {
    expect((await respond(CSP, 'nothing', { text: 'Hello' })).status).toBe(404);
  });
});

describe('steps sent with If-Match', () => {
  it('refuses a response, update or close to a request changed since its sender read it (412), and takes one sent with its version', async () => {
    await raise(PANEL, 'asb-figures', informationRequest());
    await respond(CSP, 'asb-figures', { text: 'Figures attached.' }); // now at version 2
    const stale = { 'if-match': '"1"' };
    const steps = [
      call('POST', `${requests}/asb-figures/responses`, { key: keys[CSP]!, body: { text: 'More figures.' }, headers: stale }),
      call('POST', `${requests}/asb-figures/updates`, { key: keys[CSP]!, body: { text: 'Under way.' }, headers: stale }),
      call('POST', `${requests}/asb-figures/close`, { key: keys[PANEL]!, body: {}, headers: stale }),
    ];
    for (const answer of await Promise.all(steps)) {
      expect(answer.status).toBe(412);
      expect(answer.body.detail).toContain('Request asb-figures is at version 2, not 1');
    }
    const current = await call('POST', `${requests}/asb-figures/close`, { key: keys[PANEL]!, body: {}, headers: { 'if-match': '"2"' } });
    expect([current.status, current.body.version]).toEqual([200, 3]);
    expect((await read('asb-figures')).body).toMatchObject({
      status: 'closed',
      responses: [expect.objectContaining({ text: 'Figures attached.' })],
      updates: [],
    });
  });
});

describe('status in time and the tracker list', () => {
  it('is overdue once the due date has passed in Europe/London with no response, and not before', async () => {
    await raise(PANEL, 'asb-figures', informationRequest());
    now = new Date('2026-03-31T22:59:00.000Z'); // 23:59 on 31 March in London (BST)
    expect((await read('asb-figures')).body.status).toBe('open');
    now = new Date('2026-03-31T23:00:00.000Z'); // midnight: 1 April in London
    expect((await read('asb-figures')).body.status).toBe('overdue');
    await respond(CSP, 'asb-figures', { text: 'Late, but here.' });
    expect((await read('asb-figures')).body.status).toBe('responded');
  });

  it('filters by raiser, recipient, either, kind, status and theme, overdue first', async () => {
    await raise(PANEL, 'a-open', informationRequest({ dueDate: '2026-06-30' }));
    await raise(PANEL, 'b-late', informationRequest({ to: PCC, dueDate: '2026-03-02', themes: ['domestic-abuse'] }));
    await raise(PCC, 'c-action', informationRequest({ kind: 'action', to: CSP, dueDate: undefined }));
    now = new Date('2026-03-05T09:00:00.000Z');
    const ids = async (query: string) =>
      (await call('GET', `${requests}${query}`)).body.requests.map((request: { id: string }) => request.id);

    expect(await ids('')).toEqual(['b-late', 'a-open', 'c-action']);
    expect(await ids(`?from=${PANEL}`)).toEqual(['b-late', 'a-open']);
    expect(await ids(`?to=${CSP}`)).toEqual(['a-open', 'c-action']);
    expect(await ids(`?organisation=${PCC}`)).toEqual(['b-late', 'c-action']);
    expect(await ids('?kind=action')).toEqual(['c-action']);
    expect(await ids('?status=overdue')).toEqual(['b-late']);
    expect(await ids('?theme=violence-against-women-and-girls')).toEqual(['b-late']);
    expect((await call('GET', `${requests}?status=late`)).status).toBe(400);
    const misspelt = await call('GET', `${requests}?theme=bogus`);
    expect([misspelt.status, misspelt.body.errors.map((error: { field: string }) => error.field)]).toEqual([400, ['theme']]);
  });

  it('never shows a partners-only request to the public, in the list or by id', async () => {
    await raise(PANEL, 'public-one', informationRequest());
    await raise(PANEL, 'private-one', informationRequest({ visibility: 'partners' }));
    const publicList = (await call('GET', requests)).body.requests.map((request: { id: string }) => request.id);
    const partnersList = (await call('GET', requests, { key: keys[PCC]! })).body.requests.map((request: { id: string }) => request.id);

    expect(publicList).toEqual(['public-one']);
    expect(partnersList.sort()).toEqual(['private-one', 'public-one']);
    expect((await read('private-one')).status).toBe(404);
    expect((await read('private-one', keys[CSP])).status).toBe(200);
  });
});

describe('a partners-only request made public', () => {
  it("is refused (409) once the body asked has written in its thread, whose words stay for partners; before that, or with the raiser's own words only, it is made public", async () => {
    await raise(PANEL, 'answered', informationRequest({ visibility: 'partners' }));
    expect((await respond(CSP, 'answered', { text: 'Partners-only figures: 412 repeat callers' })).status).toBe(201);
    const refused = await raise(PANEL, 'answered', informationRequest());
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(`that ${CSP} gave while it was for partners only`);
    expect((await read('answered')).status).toBe(404);
    expect(JSON.stringify((await call('GET', requests)).body)).not.toContain('412 repeat callers');

    await raise(PANEL, 'own-words', informationRequest({ visibility: 'partners' }));
    expect((await call('POST', `${requests}/own-words/updates`, { key: keys[PANEL]!, body: { text: 'Chased by phone' } })).status).toBe(
      201,
    );
    expect((await raise(PANEL, 'own-words', informationRequest())).status).toBe(200);
    expect((await read('own-words')).body.updates).toEqual([expect.objectContaining({ by: PANEL, text: 'Chased by phone' })]);
  });
});

describe('a step on a request from outside the area', () => {
  it("is 401 without a key and 403 with another area's, whether or not the request exists, so nobody can tell a partners-only one is there", async () => {
    await raise(PANEL, 'quiet', informationRequest({ visibility: 'partners' }));
    await call('PUT', '/v1/areas/elsewhere', { key: ADMIN_KEY, body: { name: 'Elsewhere' } });
    await call('PUT', '/v1/areas/elsewhere/organisations/other', { key: ADMIN_KEY, body: { name: 'Other', kind: 'csp' } });
    const other = (await call('POST', '/v1/areas/elsewhere/organisations/other/api-keys', { key: ADMIN_KEY })).body.key;
    for (const id of ['quiet', 'not-there'])
      for (const [step, body] of [
        ['responses', { text: 'An answer' }],
        ['updates', { text: 'Progress' }],
        ['close', {}],
      ] as const) {
        expect((await call('POST', `${requests}/${id}/${step}`, { body })).status, `${id} ${step}`).toBe(401);
        expect((await call('POST', `${requests}/${id}/${step}`, { key: other, body })).status, `${id} ${step}`).toBe(403);
      }
  });
});

describe('the overdue check', () => {
  const noticesOf = async (id: string) =>
    (await eventLog.stream({ areaId: AREA, subjectType: 'request', organisationId: null, id }))
      .filter((event) => event.detailType === 'RequestDueSoon' || event.detailType === 'RequestOverdue')
      .map((event) => [event.detailType, londonDate(new Date(event.detail.occurredAt)), event.detail.actor]);

  it('records RequestDueSoon seven days before and RequestOverdue after the end of the due day in London, each once', async () => {
    await raise(PANEL, 'asb-figures', informationRequest());
    const system = { kind: 'system', job: 'overdue check' };
    now = new Date('2026-03-23T12:00:00.000Z'); // eight days before
    expect(await runOverdueCheck()).toEqual({ notices: 0 });
    now = new Date('2026-03-24T12:00:00.000Z'); // seven days before
    expect(await runOverdueCheck()).toEqual({ notices: 1 });
    expect(await runOverdueCheck()).toEqual({ notices: 0 });
    now = new Date('2026-03-31T22:59:00.000Z'); // the last minute of the due day in London
    expect(await runOverdueCheck()).toEqual({ notices: 0 });
    now = new Date('2026-03-31T23:00:00.000Z');
    expect(await runOverdueCheck()).toEqual({ notices: 1 });
    now = new Date('2026-04-10T08:00:00.000Z');
    expect(await runOverdueCheck()).toEqual({ notices: 0 });
    expect(await noticesOf('asb-figures')).toEqual([
      ['RequestDueSoon', '2026-03-24', system],
      ['RequestOverdue', '2026-04-01', system],
    ]);
  });

  it('arms both again when the due date moves, and gives none once the request is answered or closed', async () => {
    await raise(PANEL, 'moved', informationRequest());
    await raise(PANEL, 'answered', informationRequest());
    await raise(PANEL, 'closed', informationRequest());
    await raise(PANEL, 'no-date', informationRequest({ dueDate: undefined }));
    await respond(CSP, 'answered', { text: 'Here you are' });
    await call('POST', `${requests}/closed/close`, { key: keys[PANEL]!, body: {} });
    now = new Date('2026-04-02T09:00:00.000Z');
    expect(await runOverdueCheck()).toEqual({ notices: 1 });
    await raise(PANEL, 'moved', informationRequest({ dueDate: '2026-04-05' }));
    expect((await read('moved')).body.status).toBe('open');
    expect(await runOverdueCheck()).toEqual({ notices: 1 });
    now = new Date('2026-04-06T09:00:00.000Z');
    expect(await runOverdueCheck()).toEqual({ notices: 1 });
    expect((await noticesOf('moved')).map(([type]) => type)).toEqual(['RequestOverdue', 'RequestDueSoon', 'RequestOverdue']);
    expect([...(await noticesOf('answered')), ...(await noticesOf('closed')), ...(await noticesOf('no-date'))]).toEqual([]);
  });
});

/** The projector's tracker lists, stored as it stores them (in these tests only records are projected): at the next revision, for each audience. */
let listRevision = 0;
async function storeTrackerLists() {
  const records = await views.list(AREA, { subjectType: 'request' });
  listRevision += 1;
  for (const audience of ['public', 'partners'] as const)
    await views.putTrackerList(AREA, audience, listRevision, JSON.stringify(buildTrackerList(records, audience)));
}

// The tracker reads the list the projector stored; before there is one, it builds the same rows from the records.
describe.each([
  ['as the projector stored its list', storeTrackerLists],
  ['before the projector stored a list', async () => {}],
])('%s', (_, storeLists) => {
  describe('the tracker pages', () => {
    it('lists the requests a visitor may see, overdue first, filtered by GET parameters, each linking to its page with its thread', async () => {
      await raise(PANEL, 'a-open', informationRequest({ title: 'Open one', dueDate: '2026-06-30' }));
      await raise(PANEL, 'b-late', informationRequest({ title: 'Late one', to: PCC, dueDate: '2026-03-02' }));
      await raise(PANEL, 'c-private', informationRequest({ title: 'Private one', visibility: 'partners' }));
      await respond(CSP, 'a-open', { text: 'Figures are attached to this response.' });
      now = new Date('2026-03-05T09:00:00.000Z');
      await storeLists();
      const page = await call('GET', `/areas/${AREA}/tracker`, { headers: { accept: 'text/html' } });
      const filtered = await call('GET', `/areas/${AREA}/tracker?to=${CSP}`, { headers: { accept: 'text/html' } });
      const requestPage = await call('GET', `/areas/${AREA}/requests/a-open`, { headers: { accept: 'text/html' } });
      const hidden = await call('GET', `/areas/${AREA}/requests/c-private`, { headers: { accept: 'text/html' } });

      expect(page.status).toBe(200);
      expect(page.body.indexOf('Late one')).toBeGreaterThan(0);
      expect(page.body.indexOf('Late one')).toBeLessThan(page.body.indexOf('Open one'));
      expect(page.body).not.toContain('Private one');
      expect(page.body).toContain(`href="/areas/${AREA}/requests/b-late"`);
      expect(filtered.body).toContain('Open one');
      expect(filtered.body).not.toContain('Late one');
      expect(requestPage.status).toBe(200);
      expect(requestPage.body).toContain('Figures are attached to this response.');
      expect(hidden.status).toBe(404);
    });
  });

  describe('the tracker, paged', () => {
    it('lists 50 requests a page, overdue first, with GOV.UK pagination that keeps the filters, and all on one page for printing', async () => {
      // 54 to the CSP (the last four overdue once the clock moves on), and one to the PCC that the filter leaves out.
      for (let index = 1; index <= 54; index++)
        await raise(
          PANEL,
          `r-${String(index).padStart(2, '0')}`,
          informationRequest({ dueDate: index > 50 ? '2026-03-02' : '2026-06-30' }),
        );
      await raise(PANEL, 'to-the-pcc', informationRequest({ to: PCC }));
      now = new Date('2026-03-05T09:00:00.000Z');
      await storeLists();
      const html = async (query: string) =>
        String((await call('GET', `/areas/${AREA}/tracker${query}`, { headers: { accept: 'text/html' } })).body);
      const rows = (page: string) => [...page.matchAll(/href="\/areas\/test-area\/requests\/([a-z0-9-]+)"/g)].map((match) => match[1]);

      const first = await html(`?to=${CSP}`);
      const second = await html(`?to=${CSP}&page=2`);
      const all = await html(`?to=${CSP}&page=all`);

      expect(rows(first)).toHaveLength(REQUESTS_PER_PAGE);
      expect(rows(first).slice(0, 4)).toEqual(['r-51', 'r-52', 'r-53', 'r-54']);
      expect(first).toContain('54 requests (1 to 50)');
      expect(first).toContain('<nav class="govuk-pagination" aria-label="Pages of requests" id="pages">');
      expect(first).toContain(
        `<a class="govuk-link govuk-pagination__link" href="/areas/test-area/tracker?to=${CSP}&amp;page=2" aria-label="Page 2: requests 51 to 54">2</a>`,
      );
      expect(first).toContain(`href="/areas/test-area/tracker?to=${CSP}&amp;page=2" rel="next"`);
      expect(first).toContain(
        `<a class="govuk-link" href="/areas/test-area/tracker?to=${CSP}&amp;page=all">Show all 54 requests on one page</a>`,
      );
      expect(rows(second)).toEqual(['r-47', 'r-48', 'r-49', 'r-50']);
      expect(second).toContain(`href="/areas/test-area/tracker?to=${CSP}" rel="prev"`);
      expect(rows(all)).toHaveLength(54);
      expect(all).not.toContain('govuk-pagination');
      expect(all).toContain('<input type="hidden" name="page" value="all"/>');
      // A page that is not there is named in an error summary (400, as the overview does), over the first page.
      for (const page of ['99', 'nonsense']) {
        const answer = await call('GET', `/areas/${AREA}/tracker?to=${CSP}&page=${page}`, { headers: { accept: 'text/html' } });
        expect(answer.status, page).toBe(400);
        expect(answer.body).toContain('<a href="#pages">Choose a page of requests from 1 to 2</a>');
        expect(rows(String(answer.body))).toEqual(rows(first));
      }
    });
  });
});

describe("a request's forms, with JavaScript off", () => {
  /** An app whose pages sign in, the panel's request 'figures' to the CSP, and the CSP signed in on its page. */
  const openAsTheBodyAsked = async () => {
    app = inMemoryApp(ADMIN_KEY, { project: true, clock: () => now, sessionSecret: 'request-forms-test-session-secret-long' }).app;
    await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: { name: 'Test Area' } });
    for (const [id, kind] of [
      [PANEL, 'panel'],
      [CSP, 'csp'],
    ] as const) {
      await call('PUT', `/v1/areas/${AREA}/organisations/${id}`, { key: ADMIN_KEY, body: { name: `Body ${id}`, kind } });
      keys[id] = (await call('POST', `/v1/areas/${AREA}/organisations/${id}/api-keys`, { key: ADMIN_KEY })).body.key;
    }
    await raise(PANEL, 'figures', informationRequest());
    const page = `/areas/${AREA}/requests/figures`;
    const csp = formBrowser(app);
    await csp.signIn(keys[CSP]!);
    await csp.get(page);
    return { page, csp };
  };

  it('shows a refused response or update again with what was sent and what is wrong with it, and refuses another body’s step with 403', async () => {
    const { page, csp } = await openAsTheBodyAsked();

    const bidi = await csp.post(`${page}/respond`, { text: 'Figures attached \u202e here' });
    expect(bidi.status).toBe(400);
    expect(bidi.html).toContain('href="#field-text">Your response contains a bidirectional formatting character (U+202E)');
    expect(bidi.html).toContain('Figures attached \u202e here</textarea>');
    const long = await csp.post(`${page}/update`, { text: 'x'.repeat(5001), status: 'in-progress' });
    expect(long.status).toBe(400);
    expect(long.html).toMatch(/href="#field-update-text">Progress must be/);
    expect(long.html).toContain('<option value="in-progress" selected="">In progress</option>');
    const status = await csp.post(`${page}/update`, { text: 'Under way', status: '<b>' });
    expect(status.html).toContain('href="#field-update-text">Status ');
    expect(status.html).toContain('Under way</textarea>');
    expect(status.html).not.toContain('<b>');
    expect((await csp.post(`${page}/respond`, { text: '' })).html).toContain('href="#field-text">Enter your response');

    expect((await csp.post(`${page}/close`, {})).status).toBe(403);
    expect((await read('figures')).body).toMatchObject({ status: 'open', responses: [], updates: [] });
  });

  it('keeps what was sent in a form that had expired, and shows it back to copy once the request is closed, linking only to what is on the page', async () => {
    const { page, csp } = await openAsTheBodyAsked();

    const expired = await csp.send(
      `${page}/update`,
      { text: 'Figures are being gathered.', status: 'in-progress' },
      { csrfToken: 'stale' },
    );
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('href="#field-update-text">The form had expired. Send it again');
    expect(expired.html).toContain('Figures are being gathered.</textarea>');
    expect(expired.html).toContain('<option value="in-progress" selected="">In progress</option>');
    expectFragmentLinksOnPage(expired.html);

    // The raiser closes it while the update is being written: no form any more, so the update is shown back to copy.
    expect((await call('POST', `${requests}/figures/close`, { key: keys[PANEL]!, body: {} })).status).toBeLessThan(300);
    const closed = await csp.send(`${page}/update`, { text: 'Figures are being gathered.' });
    expect(closed.status).toBe(400);
    expect(closed.html).not.toContain('id="field-update-text"');
    expect(closed.html).toContain('href="#sent-text"');
    expect(closed.html).toContain('Figures are being gathered.</textarea>');
    expectFragmentLinksOnPage(closed.html);
    expect((await read('figures')).body).toMatchObject({ updates: [] });
  });
});

describe("the tracker's reads", () => {
  it('reads the stored list, not every request record, once the projector stored it; until then the records', async () => {
    await raise(PANEL, 'a-open', informationRequest({ title: 'Open one' }));
    const lists = vi.spyOn(views, 'list');
    const requestsRead = () => lists.mock.calls.filter(([, filter]) => filter?.subjectType === 'request').length;
    const tracker = () => call('GET', `/areas/${AREA}/tracker`, { headers: { accept: 'text/html' } });

    expect((await tracker()).body).toContain('Open one');
    expect(requestsRead()).toBe(1);
    await storeTrackerLists();
    lists.mockClear();
    expect((await tracker()).body).toContain('Open one');
    expect(requestsRead()).toBe(0);
  });
});

describe('requests in the feeds and calendars', () => {
  it("carry each request in the area's, its two bodies' and its themes' feeds, linked to its page, and its due date in the calendars", async () => {
    await raise(PANEL, 'asb-figures', informationRequest());
    await respond(CSP, 'asb-figures', { text: 'The figures are attached.' });
    await raise(PANEL, 'secret', informationRequest({ title: 'Partners-only request', visibility: 'partners' }));
    const titles = async (path: string, key?: string) =>
      ((await call('GET', path, key ? { key } : {})).body as { items: { title: string; url: string }[] }).items
        .filter((item) => item.url.includes('/requests/'))
        .map((item) => [item.title, item.url]);
    const entry = [
      'Body panel asked Body csp-a — Responded: Figures on repeat victims of anti-social behaviour',
      'http://localhost/areas/test-area/requests/asb-figures',
    ];

    expect(await titles(`/v1/areas/${AREA}/feed.json`)).toEqual([entry]);
    expect(await titles(`/v1/areas/${AREA}/organisations/${PANEL}/feed.json`)).toEqual([entry]);
    expect(await titles(`/v1/areas/${AREA}/organisations/${CSP}/feed.json`)).toEqual([entry]);
    expect(await titles(`/v1/areas/${AREA}/organisations/${PCC}/feed.json`)).toEqual([]);
    expect(await titles(`/v1/areas/${AREA}/themes/anti-social-behaviour/feed.json`)).toEqual([entry]);
    expect(await titles(`/v1/areas/${AREA}/themes/burglary/feed.json`)).toEqual([]);
    expect((await titles(`/v1/areas/${AREA}/feed.json`, keys[PCC])).map(([title]) => title)).toContain(
      'Body panel asked Body csp-a — Raised: Partners-only request',
    );
    const calendar = String((await call('GET', `/v1/areas/${AREA}/organisations/${CSP}/calendar.ics`)).body);
    expect(calendar).toContain('UID:test-area/request/asb-figures@partnership-hub');
    expect(calendar).toContain('DTSTART;VALUE=DATE:20260331');
    expect(calendar).not.toContain('Partners-only request');
  });
});
