import type { EmailMessage } from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PeopleServices } from '../src/deps.ts';
import { expectFragmentLinksOnPage, formBrowser } from './form-browser.ts';
import { inMemoryApp, inMemoryPeople } from './in-memory-app.ts';

/**
 * A form sent after its sender's session ended (half an hour without a page, or signed out
 * elsewhere): the form comes back with what was typed and says why nothing was saved and how to
 * carry on, rather than refusing them as if they were a stranger. People sign in with an emailed
 * link; the clock is moved on between showing a form and sending it.
 */
const ADMIN_KEY = 'phk_admin-key-for-signed-out-form-tests';
const SECRET = 'signed-out-forms-test-session-secret-long-enough';
const AREA = 'test-area';
const BODY = `/areas/${AREA}/bodies/csp-a`;
const IDLE = 'You were signed out after 30 minutes without activity';

const priority: [string, string][] = [
  ['title', 'Tackle knife crime together'],
  ['themes', 'serious-violence'],
  ['status', 'active'],
  ['lead', 'Head of Community Safety'],
  ['outcomes', 'Fewer knife injuries'],
  ['visibility', 'public'],
];

describe('a form sent after the session ended', () => {
  let app: ReturnType<typeof inMemoryApp>['app'];
  let people: PeopleServices;
  let sent: EmailMessage[];
  let now: Date;
  let panelKey: string;

  const api = async (method: string, path: string, body?: unknown, key = ADMIN_KEY) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const read = async (path: string) => (await app.request(path)).json() as Promise<Record<string, unknown>>;

  /** Signs a person in with the emailed link, in `person` (a browser already used) or a new browser. */
  async function signIn(email: string, person = formBrowser(app)) {
    await person.get('/sign-in');
    await person.post('/sign-in/email', [
      ['email', email],
      ['return', '/'],
    ]);
    const token = /\/sign-in\/link\?token=([\w-]+)/.exec(sent.at(-1)?.text ?? '')?.[1];
    await person.get(`/sign-in/link?token=${token}`);
    expect((await person.post('/sign-in/link', [['token', token!]])).status).toBe(303);
    return person;
  }
  const idle = () => {
    now = new Date(now.getTime() + 31 * 60_000);
  };

  beforeEach(async () => {
    sent = [];
    now = new Date('2026-03-01T09:00:00.000Z');
    people = inMemoryPeople((message) => sent.push(message));
    ({ app } = inMemoryApp(ADMIN_KEY, { people, project: true, sessionSecret: SECRET, clock: () => now }));
    await api('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' });
    for (const [id, name, kind] of [
      ['csp-a', 'Safer Alpha Partnership', 'csp'],
      ['csp-b', 'Safer Beta Partnership', 'csp'],
      ['panel', 'Test Police and Crime Panel', 'panel'],
    ] as const)
      await api('PUT', `/v1/areas/${AREA}/organisations/${id}`, { name, kind });
    for (const [email, role, name] of [
      ['lead@alpha.example', 'lead', 'Lee Lead'],
      ['jane@alpha.example', 'editor', 'Jane Smith'],
    ] as const)
      expect((await api('PUT', `/v1/areas/${AREA}/organisations/csp-a/members/${email}`, { role, name })).status).toBe(201);
    panelKey = ((await (await api('POST', `/v1/areas/${AREA}/organisations/panel/api-keys`)).json()) as { key: string }).key;
    sent = [];
  });

  it('shows a publishing form again with what was typed, says why and how to carry on, and records nothing; sent again once signed in, it publishes', async () => {
    const jane = await signIn('jane@alpha.example');
    await jane.get(`${BODY}/priorities/new`);
    idle();
    const answer = await jane.send(`${BODY}/priorities/new`, priority);
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).not.toContain('You cannot do this');
    expect(answer.html).toContain(`href="/sign-in?return=${encodeURIComponent(`${BODY}/priorities/new`)}"`);
    expect(answer.html).toContain('value="Tackle knife crime together"');
    expect(answer.html).toContain('Fewer knife injuries</textarea>');
    expect(answer.html).toContain(`action="${BODY}/priorities/new"`);
    expect(((await read(`/v1/areas/${AREA}/organisations/csp-a/priorities`)) as { priorities: unknown[] }).priorities).toEqual([]);

    // Signed in again (in another tab: the same browser), the form on this page is sent again. Its
    // token is from before signing in, so it comes back once more with what was typed, then publishes.
    const page = jane.html;
    await signIn('jane@alpha.example', jane);
    const expired = await jane.post(`${BODY}/priorities/new`, priority, /name="csrfToken" value="([^"]+)"/.exec(page)![1]);
    expect(expired.status).toBe(403);
    expect(expired.html).toContain('The form had expired, so nothing has been saved');
    expect(expired.html).toContain('value="Tackle knife crime together"');
    const published = await jane.send(`${BODY}/priorities/new`, priority);
    expect(published.status).toBe(303);
    expect(published.location).toBe(`${BODY}/priorities/tackle-knife-crime-together`);
  });

  it('keeps an edit’s changes and the version it started from', async () => {
    const jane = await signIn('jane@alpha.example');
    await jane.get(`${BODY}/priorities/new`);
    expect((await jane.send(`${BODY}/priorities/new`, priority)).status).toBe(303);
    const path = `${BODY}/priorities/tackle-knife-crime-together`;
    await jane.get(`${path}/edit`);
    idle();
    const answer = await jane.send(`${path}/edit`, { lead: 'Chief Inspector, Alpha' });
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).toContain('value="Chief Inspector, Alpha"');
    expect(answer.html).toContain('name="version" value="1"');
    expect(answer.html).toContain(`href="/sign-in?return=${encodeURIComponent(`${path}/edit`)}"`);
    expect(await read(`/v1/areas/${AREA}/organisations/csp-a/priorities/tackle-knife-crime-together`)).toMatchObject({
      version: 1,
      lead: 'Head of Community Safety',
    });
  });

  it('says so, rather than refusing a stranger, when withdrawing', async () => {
    const jane = await signIn('jane@alpha.example');
    await jane.get(`${BODY}/priorities/new`);
    await jane.send(`${BODY}/priorities/new`, priority);
    const path = `${BODY}/priorities/tackle-knife-crime-together`;
    await jane.get(`${path}/withdraw`);
    idle();
    const answer = await jane.send(`${path}/withdraw`);
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).toContain(`href="/sign-in?return=${encodeURIComponent(`${path}/withdraw`)}"`);
    expect((await app.request(`/v1/areas/${AREA}/organisations/csp-a/priorities/tackle-knife-crime-together`)).status).toBe(200);
  });

  it('says “signed out” when the session was ended elsewhere, not that half an hour passed', async () => {
    const jane = await signIn('jane@alpha.example');
    await jane.get(`${BODY}/priorities/new`);
    await people.sessions.endAllOf('jane@alpha.example');
    const answer = await jane.send(`${BODY}/priorities/new`, priority);
    expect(answer.status).toBe(403);
    expect(answer.html).toContain('You have been signed out, so nothing has been saved');
    expect(answer.html).not.toContain(IDLE);
    expect(answer.html).toContain('value="Tackle knife crime together"');
  });

  it('still refuses a visitor who was never signed in, as before', async () => {
    const visitor = formBrowser(app);
    await visitor.get('/sign-in');
    const answer = await visitor.post(`${BODY}/priorities/new`, priority);
    expect(answer.status).toBe(403);
    expect(answer.html).toContain('You cannot do this');
    expect(answer.html).not.toContain('Tackle knife crime together');
  });

  it('shows back what was typed on the members page, without the list of members, and adds nobody', async () => {
    const lead = await signIn('lead@alpha.example');
    await lead.get(`${BODY}/members`);
    idle();
    const answer = await lead.send(`${BODY}/members`, { email: 'new.person@alpha.example', name: 'New Person', role: 'editor' });
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).toContain('new.person@alpha.example');
    expect(answer.html).toContain('New Person');
    expect(answer.html).not.toContain('jane@alpha.example');
    expect(answer.html).toContain(`href="/sign-in?return=${encodeURIComponent(`${BODY}/members`)}"`);
    expect((await people.memberships.members(AREA, 'csp-a')).members.map((member) => member.email)).not.toContain(
      'new.person@alpha.example',
    );
  });

  it('shows a protocol proposal again with what was typed, and tells a lead agreeing why nothing was recorded', async () => {
    const key = ((await (await api('POST', `/v1/areas/${AREA}/organisations/csp-a/api-keys`)).json()) as { key: string }).key;
    const protocol = {
      title: 'Joint working protocol',
      parties: ['csp-a', 'csp-b'],
      summary: 'How the partnerships work together.',
      visibility: 'public',
    };
    expect((await api('PUT', `/v1/areas/${AREA}/protocols/joint-working`, protocol, key)).status).toBe(201);
    const path = `/areas/${AREA}/protocols/joint-working/propose`;
    const jane = await signIn('jane@alpha.example');
    await jane.get(path);
    idle();
    const answer = await jane.send(path, { summary: 'How the partnerships work together, and share their work programmes.' });
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).toContain('How the partnerships work together, and share their work programmes.</textarea>');
    expect(answer.html).toContain('name="version" value="1"');
    expect((await read(`/v1/areas/${AREA}/protocols/joint-working`)).version).toBe(1);

    // A lead's agreement, sent after the same wait: told why, not that only a lead may agree.
    const lead = await signIn('lead@alpha.example');
    await lead.get(`/areas/${AREA}/protocols/joint-working`);
    idle();
    const agreed = await lead.send(`/areas/${AREA}/protocols/joint-working/agree`);
    expect(agreed.status).toBe(403);
    expect(agreed.html).toContain(IDLE);
    expect(agreed.html).not.toContain('Only a lead');
    expect((await read(`/v1/areas/${AREA}/protocols/joint-working`)).agreements).toEqual([]);
  });

  it('keeps a request’s update in its form, says the person was signed out, and links only to what is on the page', async () => {
    const request = {
      kind: 'information-request',
      to: 'csp-a',
      title: 'Figures on repeat victims',
      raisedOn: '2026-03-01',
      visibility: 'public',
    };
    expect((await api('PUT', `/v1/areas/${AREA}/requests/figures`, request, panelKey)).status).toBe(201);
    const page = `/areas/${AREA}/requests/figures`;
    const jane = await signIn('jane@alpha.example');
    await jane.get(page);
    idle();
    const answer = await jane.send(`${page}/update`, { text: 'Figures are being gathered.', status: 'in-progress' });
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).not.toContain('This needs the API key');
    expect(answer.html).toContain('Figures are being gathered.</textarea>');
    expect(answer.html).toContain(`href="/sign-in?return=${encodeURIComponent(page)}"`);
    expectFragmentLinksOnPage(answer.html);
    expect(await read(`/v1/areas/${AREA}/requests/figures`)).toMatchObject({ updates: [] });
  });

  it('keeps a response to a partners-only request to copy, and shows nothing of the request now it is hidden', async () => {
    const request = {
      kind: 'information-request',
      to: 'csp-a',
      title: 'Confidential figures',
      raisedOn: '2026-03-01',
      visibility: 'partners',
    };
    expect((await api('PUT', `/v1/areas/${AREA}/requests/confidential`, request, panelKey)).status).toBe(201);
    const page = `/areas/${AREA}/requests/confidential`;
    const jane = await signIn('jane@alpha.example');
    expect((await jane.get(page)).html).toContain('Confidential figures');
    idle();
    const answer = await jane.send(`${page}/respond`, { text: 'The figures are attached.' });
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).toContain('The figures are attached.</textarea>');
    expect(answer.html).not.toContain('Confidential figures');
    const asRaised = (await (await api('GET', `/v1/areas/${AREA}/requests/confidential`, undefined, panelKey)).json()) as Record<
      string,
      unknown
    >;
    expect(asRaised).toMatchObject({ title: 'Confidential figures', responses: [] });
  });

  /**
   * A PCC with an editor (pat@pcc.example) and a public plan, and a variation of it (variation-1)
   * whose chief constable has been consulted, so that its next step is sent-to-panel.
   */
  async function variationAwaitingThePanel(variation: { title: string; summary: string; visibility: 'public' | 'partners' }) {
    await api('PUT', `/v1/areas/${AREA}/organisations/pcc`, { name: 'Test Commissioner', kind: 'pcc' });
    await api('PUT', `/v1/areas/${AREA}/organisations/pcc/members/pat@pcc.example`, { role: 'editor', name: 'Pat Office' });
    const pccKey = ((await (await api('POST', `/v1/areas/${AREA}/organisations/pcc/api-keys`)).json()) as { key: string }).key;
    const plan = `/v1/areas/${AREA}/organisations/pcc/plans/pcp-2026`;
    const setUp = [
      await api(
        'PUT',
        plan,
        { title: 'Police and Crime Plan 2026', kind: 'police-and-crime-plan', startDate: '2026-01-01', visibility: 'public' },
        pccKey,
      ),
      await api('POST', `${plan}/variations`, variation, pccKey),
      await api('POST', `${plan}/variations/variation-1/steps/chief-constable-consulted`, { effectiveDate: '2026-02-27' }, pccKey),
    ];
    for (const answer of setUp) expect(answer.status).toBeLessThan(300);
    return { pccKey, plan };
  }

  it('keeps a plan variation’s step in its form', async () => {
    const { plan } = await variationAwaitingThePanel({ title: 'Year two refresh', summary: 'Focus shifts.', visibility: 'public' });
    const page = `/areas/${AREA}/bodies/pcc/plans/pcp-2026/variations/variation-1`;
    const pat = await signIn('pat@pcc.example');
    await pat.get(page);
    idle();
    const answer = await pat.send(`${page}/steps/sent-to-panel`, { responseDueDate: '2026-03-20' });
    expect(answer.status).toBe(403);
    expect(answer.html).toContain(IDLE);
    expect(answer.html).toContain('value="2026-03-20"');
    expect(answer.html).toContain(`href="/sign-in?return=${encodeURIComponent(page)}"`);
    expect(await read(`${plan}/variations/variation-1`)).toMatchObject({ nextStep: { step: 'sent-to-panel' } });
  });

  /** The page a signed-out sender is answered with, as far as it may differ: its CSRF token is this browser's own. */
  const sameBut = (html: string, id: string, as: string) =>
    html.replaceAll(id, as).replace(/name="csrfToken" value="[^"]*"/g, 'name="csrfToken" value=""');

  it('keeps a partners-only variation’s step in its form, answering as it would for a variation that does not exist', async () => {
    const { pccKey, plan } = await variationAwaitingThePanel({
      title: 'Confidential refresh',
      summary: 'Not yet public.',
      visibility: 'partners',
    });
    const plans = `/areas/${AREA}/bodies/pcc/plans/pcp-2026/variations`;
    const pat = await signIn('pat@pcc.example');
    expect((await pat.get(`${plans}/variation-1`)).html).toContain('Confidential refresh');
    idle();
    const typed = { responseDueDate: '2026-03-20', effectiveDate: '2026-03-02' };
    const hidden = await pat.send(`${plans}/variation-1/steps/sent-to-panel`, typed);
    expect(hidden.status).toBe(403);
    expect(hidden.html).toContain(IDLE);
    expect(hidden.html).toContain('value="2026-03-20"');
    expect(hidden.html).toContain('value="2026-03-02"');
    expect(hidden.html).toContain(`href="/sign-in?return=${encodeURIComponent(`${plans}/variation-1`)}"`);
    expect(hidden.html).toContain(`action="${plans}/variation-1/steps/sent-to-panel"`);
    expect(hidden.html).not.toContain('Confidential refresh');
    expect(hidden.html).not.toContain('Not yet public');
    expectFragmentLinksOnPage(hidden.html);
    const missing = await pat.send(`${plans}/variation-9/steps/sent-to-panel`, typed);
    expect(missing.status).toBe(hidden.status);
    expect(sameBut(missing.html, 'variation-9', 'variation-1')).toBe(sameBut(hidden.html, 'variation-9', 'variation-1'));
    const asRecorded = (await (await api('GET', `${plan}/variations/variation-1`, undefined, pccKey)).json()) as Record<string, unknown>;
    expect(asRecorded).toMatchObject({ nextStep: { step: 'sent-to-panel' } });
  });

  it('keeps a proposal to a partners-only protocol, and answers an agreement to it, as for a protocol that does not exist', async () => {
    const key = ((await (await api('POST', `/v1/areas/${AREA}/organisations/csp-a/api-keys`)).json()) as { key: string }).key;
    const protocol = {
      title: 'Confidential protocol',
      parties: ['csp-a', 'csp-b'],
      summary: 'Kept among partners.',
      visibility: 'partners',
    };
    expect((await api('PUT', `/v1/areas/${AREA}/protocols/confidential`, protocol, key)).status).toBe(201);
    const protocols = `/areas/${AREA}/protocols`;
    const jane = await signIn('jane@alpha.example');
    expect((await jane.get(`${protocols}/confidential/propose`)).html).toContain('Confidential protocol');
    idle();
    const typed = { version: '1', summary: 'Kept among partners, and reviewed each year.' };
    const hidden = await jane.send(`${protocols}/confidential/propose`, typed);
    expect(hidden.status).toBe(403);
    expect(hidden.html).toContain(IDLE);
    expect(hidden.html).toContain('Kept among partners, and reviewed each year.</textarea>');
    expect(hidden.html).toContain(`href="/sign-in?return=${encodeURIComponent(`${protocols}/confidential/propose`)}"`);
    expect(hidden.html).not.toContain('Confidential protocol');
    const missing = await jane.send(`${protocols}/not-a-protocol/propose`, typed);
    expect(missing.status).toBe(hidden.status);
    expect(sameBut(missing.html, 'not-a-protocol', 'confidential')).toBe(sameBut(hidden.html, 'not-a-protocol', 'confidential'));

    const lead = await signIn('lead@alpha.example');
    await lead.get(`${protocols}/confidential`);
    idle();
    const agreed = await lead.send(`${protocols}/confidential/agree`, { version: '1' });
    expect(agreed.status).toBe(403);
    expect(agreed.html).toContain(IDLE);
    expect(agreed.html).not.toContain('Confidential protocol');
    const agreedToNothing = await lead.send(`${protocols}/not-a-protocol/agree`, { version: '1' });
    expect(agreedToNothing.status).toBe(agreed.status);
    expect(sameBut(agreedToNothing.html, 'not-a-protocol', 'confidential')).toBe(sameBut(agreed.html, 'not-a-protocol', 'confidential'));
    expect(await (await api('GET', `/v1/areas/${AREA}/protocols/confidential`, undefined, key)).json()).toMatchObject({
      version: 1,
      agreements: [],
    });
  });
});
