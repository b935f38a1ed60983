import type { EmailMessage } from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import type { PeopleServices } from '../src/deps.ts';
import { MEMBERS_PER_PAGE } from '../src/pages/member-pages.tsx';
import { expectFragmentLinksOnPage, formBrowser } from './form-browser.ts';
import { inMemoryApp, inMemoryPeople } from './in-memory-app.ts';

/**
 * A body's members page, through the app's request path over in-memory stores: its lead (signed
 * in by emailed link) lists, adds, re-roles and removes members with the same rules as the API;
 * everyone else gets a 403 page without the list.
 */
const ADMIN_KEY = 'test-admin-key';
const SECRET = 'a-session-secret-of-at-least-thirty-two-characters';
const AREA = 'test-area';
const MEMBERS = `/areas/${AREA}/bodies/csp-a/members`;

type App = ReturnType<typeof createApp>;

describe("a body's members page", () => {
  let app: App;
  let people: PeopleServices;
  let sent: EmailMessage[];

  const api = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Signs in by emailed link, as the sign-in pages do it. */
  async function signedIn(email: string) {
    const person = formBrowser(app);
    await person.get('/sign-in');
    expect((await person.post('/sign-in/email', { email, return: '/' })).status).toBe(303);
    const token = /\/sign-in\/link\?token=([\w-]+)/.exec(sent.at(-1)?.text ?? '')?.[1];
    await person.get(`/sign-in/link?token=${token}`);
    expect((await person.post('/sign-in/link', { token: token! })).status).toBe(303);
    sent = [];
    return person;
  }

  beforeEach(async () => {
    sent = [];
    people = inMemoryPeople((message) => sent.push(message));
    ({ app } = inMemoryApp(ADMIN_KEY, { people, project: true, sessionSecret: SECRET }));
    await api('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-a`, { name: 'Safer Alpha Partnership', kind: 'csp' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-b`, { name: 'Safer Beta Partnership', kind: 'csp' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-a/members/lead@alpha.example`, { role: 'lead', name: 'Lee Lead' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-a/members/jane@alpha.example`, { role: 'editor', name: 'Jane Smith' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-b/members/bea@beta.example`, { role: 'lead', name: 'Bea Lead' });
    sent = [];
  });

  it('lists the members for the lead, linked from the body page, and adds one who is emailed an invitation', async () => {
    const lead = await signedIn('lead@alpha.example');
    expect((await lead.get(`/areas/${AREA}/bodies/csp-a`)).html).toContain(`href="${MEMBERS}"`);
    const page = await lead.get(MEMBERS);
    expect(page.status).toBe(200);
    for (const text of ['Lee Lead', 'lead@alpha.example', 'Jane Smith', 'jane@alpha.example', '>Editor<', '>Lead<', 'Add a member'])
      expect(page.html).toContain(text);
    expect(page.html).toContain('Also agrees protocols for Safer Alpha Partnership and manages its members.');

    const invalid = await lead.post(MEMBERS, { email: 'not an address', name: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('There is a problem');
    expect(invalid.html).toContain('href="#field-email">Enter an email address in the correct format, like name@example.com');
    expect(invalid.html).toContain('href="#field-role">Select a role');
    const bidi = await lead.post(MEMBERS, { email: 'vic@alpha.example', name: 'Bidi \u202egnp.exe', role: 'viewer' });
    expect(bidi.status).toBe(400);
    expect(bidi.html).toContain('href="#field-name">Name contains a bidirectional formatting character (U+202E)');
    expect(bidi.html).toContain('value="vic@alpha.example"');
    expect(sent).toEqual([]);

    const added = await lead.post(MEMBERS, { email: 'Vic@Alpha.Example', name: 'Vic Viewer', role: 'viewer' });
    expect(added.status).toBe(303);
    expect(added.location).toBe(MEMBERS);
    expect(sent.map((message) => [message.to, message.subject])).toEqual([
      ['vic@alpha.example', 'You have been added to Safer Alpha Partnership on Partnership Hub'],
    ]);
    const after = await lead.get(MEMBERS);
    expect(after.html).toContain('The member has been added.');
    expect(after.html).toContain('vic@alpha.example');
    expect(await people.memberships.bodiesOf('vic@alpha.example')).toEqual([{ areaId: AREA, organisationId: 'csp-a', role: 'viewer' }]);
  });

  it('changes a role and removes a member behind a confirmation page, ending their sessions', async () => {
    const jane = await signedIn('jane@alpha.example');
    const lead = await signedIn('lead@alpha.example');
    const rolePage = await lead.get(`${MEMBERS}/jane%40alpha.example/role`);
    expect(rolePage.status).toBe(200);
    expect(rolePage.html).toContain('Change the role of Jane Smith');
    expect((await lead.post(`${MEMBERS}/jane%40alpha.example/role`, { role: 'lead' })).status).toBe(303);
    expect((await people.memberships.members(AREA, 'csp-a')).members.find((m) => m.email === 'jane@alpha.example')?.role).toBe('lead');

    const confirm = await lead.get(`${MEMBERS}/jane%40alpha.example/remove`);
    expect(confirm.html).toContain('Are you sure you want to remove Jane Smith from Safer Alpha Partnership?');
    // Still there until the button is pressed.
    expect((await people.memberships.members(AREA, 'csp-a')).members.map((m) => m.email)).toContain('jane@alpha.example');
    expect((await lead.post(`${MEMBERS}/jane%40alpha.example/remove`, {})).status).toBe(303);
    expect((await people.memberships.members(AREA, 'csp-a')).members.map((m) => m.email)).toEqual(['lead@alpha.example']);
    // Jane's session ended: the members page now sends her to sign in.
    expect((await jane.get(MEMBERS)).location).toMatch(/^\/sign-in\?return=/);
  });

  it('refuses to remove or demote the last lead, with the error on the page', async () => {
    const lead = await signedIn('lead@alpha.example');
    await lead.get(`${MEMBERS}/lead%40alpha.example/remove`);
    const removal = await lead.post(`${MEMBERS}/lead%40alpha.example/remove`, {});
    expect(removal.status).toBe(409);
    expect(removal.html).toContain('Lee Lead is the last lead of Safer Alpha Partnership. Make someone else a lead first.');
    await lead.get(`${MEMBERS}/lead%40alpha.example/role`);
    const demotion = await lead.post(`${MEMBERS}/lead%40alpha.example/role`, { role: 'editor' });
    expect(demotion.status).toBe(409);
    expect(demotion.html).toContain('href="#field-role">Lee Lead is the last lead');
    expect((await people.memberships.members(AREA, 'csp-a')).members.find((m) => m.email === 'lead@alpha.example')?.role).toBe('lead');
  });

  it('shows a non-lead, another body’s lead and the public no list, and refuses their posts and forged ones', async () => {
    const editor = await signedIn('jane@alpha.example');
    expect((await editor.get(`/areas/${AREA}/bodies/csp-a`)).html).not.toContain(`href="${MEMBERS}"`);
    const refused = await editor.get(MEMBERS);
    expect(refused.status).toBe(403);
    expect(refused.html).not.toContain('lead@alpha.example');
    expect((await editor.post(MEMBERS, { email: 'x@alpha.example', role: 'lead' })).status).toBe(403);

    const otherLead = await signedIn('bea@beta.example');
    expect((await otherLead.get(MEMBERS)).status).toBe(403);
    expect((await otherLead.get(`${MEMBERS}/jane%40alpha.example/remove`)).status).toBe(403);

    const lead = await signedIn('lead@alpha.example');
    await lead.get(MEMBERS);
    expect((await lead.post(MEMBERS, { email: 'x@alpha.example', role: 'lead' }, 'forged-token')).status).toBe(403);

    expect((await formBrowser(app).get(MEMBERS)).location).toMatch(/^\/sign-in\?return=/);
    expect((await people.memberships.members(AREA, 'csp-a')).members.map((m) => m.email)).toEqual([
      'jane@alpha.example',
      'lead@alpha.example',
    ]);
  });
  it('answers a page past the only one with 400 and the list below, as the tracker does', async () => {
    const lead = await signedIn('lead@alpha.example');
    const missing = await lead.get(`${MEMBERS}?page=2`);
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('<a href="#members">There is only one page of members</a>');
    expect(missing.html).toContain('jane@alpha.example');
    expectFragmentLinksOnPage(missing.html);
    expect((await lead.get(`${MEMBERS}?page=1`)).status).toBe(200);
  });

  it('lists a large body a page at a time, by address, with GOV.UK pagination, and still adds and removes members', async () => {
    const body = await people.memberships.members(AREA, 'csp-a');
    const many = Array.from({ length: 1000 }, (_, index) => ({
      email: `person-${String(index).padStart(4, '0')}@alpha.example`,
      role: 'viewer' as const,
      name: `Person ${index}`,
      addedAt: '2026-01-01T00:00:00.000Z',
    }));
    const members = [...body.members, ...many].sort((a, b) => a.email.localeCompare(b.email));
    expect(await people.memberships.replace({ ...body, members, revision: body.revision + 1 }, body.revision)).toBe(true);
    const lead = await signedIn('lead@alpha.example');

    const first = await lead.get(MEMBERS);
    expect(first.status).toBe(200);
    expect(first.html.length).toBeLessThan(100_000);
    // By address, as the whole list was: the first MEMBERS_PER_PAGE, and not the next.
    const at = (index: number) => members[index]!.email;
    expect(first.html).toContain(at(0));
    expect(first.html).toContain(at(MEMBERS_PER_PAGE - 1));
    expect(first.html).not.toContain(at(MEMBERS_PER_PAGE));
    expect(first.html).toContain('<nav class="govuk-pagination" aria-label="Pages of members"');
    expect(first.html).toContain(`href="${MEMBERS}?page=2" rel="next"`);
    expect(first.html).toContain('Members of Safer Alpha Partnership (page 1 of 21)');
    expect(first.html).toContain('Add a member');

    const second = await lead.get(`${MEMBERS}?page=2`);
    expect(second.status).toBe(200);
    expect(second.html.length).toBeLessThan(100_000);
    expect(second.html).toContain(at(MEMBERS_PER_PAGE));
    expect(second.html).toContain(at(2 * MEMBERS_PER_PAGE - 1));
    expect(second.html).not.toContain(at(MEMBERS_PER_PAGE - 1));
    expect(second.html).not.toContain(at(2 * MEMBERS_PER_PAGE));
    expect(second.html).toContain(`href="${MEMBERS}" rel="prev"`);
    expect(second.html).toContain('aria-current="page"');
    expect(second.html).toContain('Page 2: members 51 to 100');
    const last = await lead.get(`${MEMBERS}?page=21`);
    expect(last.html).toContain(at(members.length - 1));
    expect(last.html).toContain('Page 21: members 1001 to 1002');
    // A page that is not there is answered as the overview and the tracker answer it: 400, the pages there are, and the first page.
    for (const page of ['99', '0', 'abc', 'all']) {
      const missing = await lead.get(`${MEMBERS}?page=${page}`);
      expect(missing.status, page).toBe(400);
      expect(missing.html).toContain('<title>Error: Members of Safer Alpha Partnership (page 1 of 21)');
      expect(missing.html).toContain('<a href="#pages">Choose a page of members from 1 to 21</a>');
      expect(missing.html).toContain(at(0));
      expect(missing.html).not.toContain(at(members.length - 1));
      expectFragmentLinksOnPage(missing.html);
    }

    // With JavaScript off: the form on page 2 adds, and a member listed there is removed.
    await lead.get(`${MEMBERS}?page=2`);
    const added = await lead.send(MEMBERS, { email: 'new@alpha.example', role: 'viewer' });
    expect(added.status).toBe(303);
    await lead.get(`${MEMBERS}?page=2`);
    const remove = `${MEMBERS}/${encodeURIComponent('person-0060@alpha.example')}/remove`;
    expect(lead.html).toContain(`href="${remove}"`);
    await lead.get(remove);
    expect((await lead.send(remove)).status).toBe(303);
    const emails = (await people.memberships.members(AREA, 'csp-a')).members.map((member) => member.email);
    expect(emails).toContain('new@alpha.example');
    expect(emails).not.toContain('person-0060@alpha.example');
  });
});
