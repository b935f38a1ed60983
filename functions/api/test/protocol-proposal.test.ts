import { InMemoryMembershipStore, InMemorySessionStore, InMemorySignInLinkStore } from '@partnership-hub/store';
import type { EmailMessage } from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PeopleServices } from '../src/deps.ts';
import { formBrowser } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * Proposing a new version of a protocol in the browser: a party's editor proposes with the form on
 * the protocol's page, the version then awaits agreement, and the parties' leads see the agree
 * button. People sign in with an emailed link, through the app's own request path.
 */
const ADMIN_KEY = 'phk_admin-key-for-protocol-proposal-tests';
const SECRET = 'protocol-proposal-test-session-secret-long-enough';
const AREA = 'test-area';
const PATH = `/areas/${AREA}/protocols/joint-working`;

type App = ReturnType<typeof inMemoryApp>['app'];

describe('proposing a new version of a protocol on its page', () => {
  let app: App;
  let sent: EmailMessage[];

  const api = async (method: string, path: string, body?: unknown, key = ADMIN_KEY) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Signs a person in with the emailed link; answers their browser. */
  async function signIn(email: string) {
    const person = formBrowser(app);
    await person.get('/sign-in');
    await person.post('/sign-in/email', [
      ['email', email],
      ['return', '/'],
    ]);
    const token = /\/sign-in\/link\?token=([\w-]+)/.exec(sent.at(-1)?.text ?? '')?.[1];
    expect(token).toBeDefined();
    await person.get(`/sign-in/link?token=${token}`);
    expect((await person.post('/sign-in/link', [['token', token!]])).status).toBe(303);
    return person;
  }

  beforeEach(async () => {
    sent = [];
    let ids = 0;
    const people: PeopleServices = {
      memberships: new InMemoryMembershipStore(),
      sessions: new InMemorySessionStore(),
      signInLinks: new InMemorySignInLinkStore(),
      sendEmail: async (message) => void sent.push(message),
      newPersonId: () => `person-${++ids}`,
    };
    ({ app } = inMemoryApp(ADMIN_KEY, { people, project: true, sessionSecret: SECRET }));
    await api('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' });
    for (const [id, name] of [
      ['csp-a', 'Safer Alpha Partnership'],
      ['csp-b', 'Safer Beta Partnership'],
      ['csp-c', 'Safer Gamma Partnership'],
    ] as const)
      await api('PUT', `/v1/areas/${AREA}/organisations/${id}`, { name, kind: 'csp' });
    for (const [organisation, email, role, name] of [
      ['csp-a', 'lead@alpha.example', 'lead', 'Lee Lead'],
      ['csp-a', 'jane@alpha.example', 'editor', 'Jane Smith'],
      ['csp-a', 'vic@alpha.example', 'viewer', 'Vic Viewer'],
      ['csp-b', 'lead@beta.example', 'lead', 'Bea Lead'],
      ['csp-c', 'ed@gamma.example', 'editor', 'Ed Gamma'],
    ] as const)
      expect((await api('PUT', `/v1/areas/${AREA}/organisations/${organisation}/members/${email}`, { role, name })).status).toBe(201);
    const key = (await (await api('POST', `/v1/areas/${AREA}/organisations/csp-a/api-keys`)).json()) as { key: string };
    expect(
      (
        await api(
          'PUT',
          `/v1/areas/${AREA}/protocols/joint-working`,
          {
            title: 'Joint working protocol',
            parties: ['csp-a', 'csp-b'],
            summary: 'How the partnerships work together.',
            visibility: 'public',
          },
          key.key,
        )
      ).status,
    ).toBe(201);
    sent = [];
  });

  it('lets a party’s editor propose a version through the API’s code; it then awaits agreement and the leads see the agree button', async () => {
    const editor = await signIn('jane@alpha.example');
    const page = await editor.get(PATH);
    expect(page.html).toContain(`href="${PATH}/propose"`);
    // Proposing is an editor's; agreeing is a lead's.
    expect(page.html).not.toContain('agreement to version 1');

    const form = await editor.get(`${PATH}/propose`);
    expect(form.status).toBe(200);
    for (const label of ['Title', 'Parties', 'Summary', 'Review date (optional)', 'Visibility', 'Public', 'Partners only'])
      expect(form.html).toContain(`>${label}<`);
    expect(form.html).toContain('value="Joint working protocol"');
    expect(form.html).toContain('name="version" value="1"');

    const proposed = await editor.post(`${PATH}/propose`, [
      ['version', '1'],
      ['title', 'Joint working protocol'],
      ['parties', 'csp-a'],
      ['parties', 'csp-b'],
      ['summary', 'How the partnerships work together, and share their work programmes.'],
      ['reviewDate', '2027-03-31'],
      ['visibility', 'public'],
    ]);
    expect(proposed.status).toBe(303);
    expect(proposed.location).toBe(PATH);
    const after = await editor.get(PATH);
    expect(after.html).toContain('The new version has been proposed. It now awaits the agreement of every party.');
    expect(after.html).toContain('Draft: not yet agreed by every party');
    expect(after.html).toContain('0 of 2 parties have agreed version 2');

    const read = (await (await app.request(`/v1/areas/${AREA}/protocols/joint-working`)).json()) as Record<string, unknown>;
    expect(read).toMatchObject({
      version: 2,
      status: 'draft',
      proposedBy: 'csp-a',
      summary: 'How the partnerships work together, and share their work programmes.',
      reviewDate: '2027-03-31',
    });

    const lead = await signIn('lead@beta.example');
    const leadPage = await lead.get(PATH);
    expect(leadPage.html).toContain('Record Safer Beta Partnership&#39;s agreement to version 2');
    expect((await lead.post(`${PATH}/agree`, [['version', '2']])).status).toBe(303);
  });

  it('shows the schema’s errors in the error summary and inline, and records nothing', async () => {
    const editor = await signIn('jane@alpha.example');
    await editor.get(`${PATH}/propose`);
    const answer = await editor.post(`${PATH}/propose`, [
      ['version', '1'],
      ['title', ''],
      ['parties', 'csp-a'],
      ['summary', ''],
      ['reviewDate', '31/03/2027'],
      ['visibility', 'public'],
    ]);
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('<title>Error: Propose a new version of Joint working protocol');
    expect(answer.html).toContain('There is a problem');
    for (const [field, message] of [
      ['title', 'Enter a title'],
      ['parties', 'Select at least two parties'],
      ['summary', 'Enter a summary'],
    ])
      expect(answer.html).toContain(`<a href="#field-${field}">${message}</a>`);
    expect(answer.html).toContain('href="#field-reviewDate"');
    expect(answer.html).toContain('id="field-summary-error"');
    const read = (await (await app.request(`/v1/areas/${AREA}/protocols/joint-working`)).json()) as Record<string, unknown>;
    expect(read.version).toBe(1);
  });

  it('refuses a forged POST, a viewer, and a body that is no party (no link for them either)', async () => {
    const fields: [string, string][] = [
      ['version', '1'],
      ['title', 'Taken over'],
      ['parties', 'csp-a'],
      ['parties', 'csp-b'],
      ['parties', 'csp-c'],
      ['summary', 'Changed by someone who may not.'],
      ['visibility', 'public'],
    ];
    const editor = await signIn('jane@alpha.example');
    await editor.get(`${PATH}/propose`);
    expect((await editor.post(`${PATH}/propose`, fields, 'forged')).status).toBe(403);

    const outsider = await signIn('ed@gamma.example');
    expect((await outsider.get(PATH)).html).not.toContain(`${PATH}/propose`);
    expect((await outsider.get(`${PATH}/propose`)).status).toBe(403);
    expect((await outsider.post(`${PATH}/propose`, fields)).status).toBe(403);

    const viewer = await signIn('vic@alpha.example');
    expect((await viewer.get(PATH)).html).not.toContain(`${PATH}/propose`);
    expect((await viewer.post(`${PATH}/propose`, fields)).status).toBe(403);

    const visitor = formBrowser(app);
    expect((await visitor.get(PATH)).html).not.toContain(`${PATH}/propose`);
    const signedOut = await visitor.get(`${PATH}/propose`);
    expect(signedOut.status).toBe(303);
    expect(signedOut.location).toBe(`/sign-in?return=${encodeURIComponent(`${PATH}/propose`)}`);

    const read = (await (await app.request(`/v1/areas/${AREA}/protocols/joint-working`)).json()) as Record<string, unknown>;
    expect(read).toMatchObject({ version: 1, title: 'Joint working protocol' });
  });

  it('refuses a proposal made on a version that is no longer current', async () => {
    const editor = await signIn('jane@alpha.example');
    await editor.get(`${PATH}/propose`);
    const lead = await signIn('lead@alpha.example');
    await lead.get(`${PATH}/propose`);
    const change = (summary: string): [string, string][] => [
      ['version', '1'],
      ['title', 'Joint working protocol'],
      ['parties', 'csp-a'],
      ['parties', 'csp-b'],
      ['summary', summary],
      ['visibility', 'public'],
    ];
    expect((await lead.post(`${PATH}/propose`, change('The lead’s version.'))).status).toBe(303);
    const late = await editor.post(`${PATH}/propose`, change('The editor’s version.'));
    expect(late.status).toBe(409);
    expect(late.html).toContain('Someone proposed another version of this protocol after you opened the form');
    const read = (await (await app.request(`/v1/areas/${AREA}/protocols/joint-working`)).json()) as Record<string, unknown>;
    expect(read).toMatchObject({ version: 2, summary: 'The lead’s version.' });
  });
});
