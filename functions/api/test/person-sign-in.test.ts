import { inMemoryRateLimiter } from '@partnership-hub/store';
import { type EmailMessage, EmailNotSentError } from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import type { PeopleServices } from '../src/deps.ts';
import { requestLimits } from '../src/rate-limits.ts';
import { inMemoryApp, inMemoryPeople } from './in-memory-app.ts';

const ADMIN_KEY = 'test-admin-key';
const SECRET = 'a-session-secret-of-at-least-thirty-two-characters';
const AREA = 'test-area';
const HTML = { accept: 'text/html,application/xhtml+xml' };
const FORM = { ...HTML, 'content-type': 'application/x-www-form-urlencoded' };

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
const csrfFrom = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
const linkIn = (message: EmailMessage | undefined) => /http:\/\/localhost\/sign-in\/link\?token=([\w-]+)/.exec(message?.text ?? '')?.[1];

describe('signing in as a person, with an emailed link', () => {
  let app: ReturnType<typeof createApp>;
  let eventLog: ReturnType<typeof inMemoryApp>['eventLog'];
  let deps: ReturnType<typeof inMemoryApp>['deps'];
  let people: PeopleServices;
  let sent: EmailMessage[];
  let now: Date;

  const api = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Asks for a link on the sign-in page; answers the page shown and the browser's cookies. */
  async function askForLink(email: string) {
    const form = await app.request('/sign-in', { headers: HTML });
    const jar = cookiesOf(form);
    const html = await form.text();
    expect(html).toContain('Email address');
    const posted = await app.request('/sign-in/email', {
      method: 'POST',
      headers: { ...FORM, cookie: cookieHeader(jar) },
      body: new URLSearchParams({ csrfToken: csrfFrom(html), email, return: '/' }).toString(),
    });
    const postedJar = cookiesOf(posted, jar);
    if (posted.status !== 303) return { response: posted, html: await posted.text(), jar: postedJar };
    // Answered by a redirect to "Check your email", as a browser follows it.
    expect(posted.headers.get('location')).toBe('/sign-in/email');
    const response = await app.request('/sign-in/email', { headers: { ...HTML, cookie: cookieHeader(postedJar) } });
    return { response, html: await response.text(), jar: cookiesOf(response, postedJar) };
  }

  async function followLink(token: string, jar: Record<string, string>) {
    const confirm = await app.request(`/sign-in/link?token=${token}`, { headers: { ...HTML, cookie: cookieHeader(jar) } });
    const confirmJar = cookiesOf(confirm, jar);
    const response = await app.request('/sign-in/link', {
      method: 'POST',
      headers: { ...FORM, cookie: cookieHeader(confirmJar) },
      body: new URLSearchParams({ csrfToken: csrfFrom(await confirm.text()), token }).toString(),
    });
    return { response, jar: cookiesOf(response, confirmJar) };
  }

  async function signIn(email: string) {
    const asked = await askForLink(email);
    return followLink(linkIn(sent.at(-1))!, asked.jar);
  }

  beforeEach(async () => {
    sent = [];
    now = new Date('2026-03-01T09:00:00.000Z');
    people = inMemoryPeople((message) => sent.push(message));
    ({ app, eventLog, deps } = inMemoryApp(ADMIN_KEY, { people, project: true, sessionSecret: SECRET, clock: () => now }));
    await api('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-a`, { name: 'Safer Alpha Partnership', kind: 'csp' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-a/members/lead@alpha.example`, { role: 'lead', name: 'Lee Lead' });
    expect(
      (await api('PUT', `/v1/areas/${AREA}/organisations/csp-a/members/jane@alpha.example`, { role: 'editor', name: 'Jane Smith' })).status,
    ).toBe(201);
    sent = [];
  });

  it('answers the same whether or not the address is a member, and emails a link only to a member', async () => {
    const member = await askForLink('Jane@Alpha.Example');
    const stranger = await askForLink('nobody@alpha.example');
    expect(member.response.status).toBe(200);
    expect(stranger.response.status).toBe(200);
    expect(member.html.replace('jane@alpha.example', 'X')).toBe(stranger.html.replace('nobody@alpha.example', 'X'));
    expect(sent.map((message) => message.to)).toEqual(['jane@alpha.example']);
    expect(sent[0]!.text).toContain('It works once, for 15 minutes');
  });

  it('answers the form with a redirect, so that Refresh shows "Check your email" again and sends no second link', async () => {
    const asked = await askForLink('jane@alpha.example');
    expect(asked.response.status).toBe(200);
    expect(asked.html).toContain('Check your email');
    expect(asked.html).toContain('jane@alpha.example');
    // Refresh: the same GET again, nothing sent again.
    const again = await app.request('/sign-in/email', { headers: { ...HTML, cookie: cookieHeader(asked.jar) } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('jane@alpha.example');
    expect(sent).toHaveLength(1);
    // Another browser (no cookie) or a forged cookie is sent to the form, and told no address.
    for (const cookie of ['', 'hub_sign_in_asked=jane%40alpha.example.forged']) {
      const elsewhere = await app.request('/sign-in/email', { headers: { ...HTML, cookie } });
      expect(elsewhere.status).toBe(303);
      expect(elsewhere.headers.get('location')).toBe('/sign-in');
    }
  });

  it('stops emailing an address past its hourly limit but answers as before, so nobody can lock a member out by asking for their links', async () => {
    deps.requestLimits = requestLimits(inMemoryRateLimiter, {}, () => now);
    for (let ask = 1; ask <= 6; ask++) {
      const asked = await askForLink('jane@alpha.example');
      expect(asked.response.status, `ask ${ask}`).toBe(200);
      expect(asked.html).toContain('Check your email');
    }
    // The address's limit is 5 an hour: the sixth ask sends nothing, and is told what the others were.
    expect(sent).toHaveLength(5);
  });

  it('says what was limited when a browser asks for too many links: asking, not a wrong access key', async () => {
    deps.requestLimits = requestLimits(inMemoryRateLimiter, {}, () => now);
    // The browser's limit is 10 attempts a quarter of an hour; each ask names a new address, so no address's limit is reached.
    for (let ask = 1; ask <= 10; ask++) expect((await askForLink(`person${ask}@alpha.example`)).response.status, `ask ${ask}`).toBe(200);
    const { response, html } = await askForLink('jane@alpha.example');
    expect(response.status).toBe(429);
    expect(html).toContain('<h1 class="govuk-heading-xl">You cannot sign in at the moment</h1>');
    expect(html).toContain('There have been too many attempts to sign in from here.');
    expect(html).not.toContain('an access key that was not recognised');
  });

  it('says so, and asks to try again later, when the email service cannot send the link (SES throttling)', async () => {
    people.sendEmail = async () => {
      throw new EmailNotSentError(
        'SES is sending too fast to take this email just now (TooManyRequestsException): try again in a minute',
        true,
      );
    };
    const { response, html } = await askForLink('jane@alpha.example');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(html).toContain('The hub could not send the sign-in email just now. Try again in a few minutes');
    // An error other than the sender's is not taken for one: it is the page's error, not a 503.
    people.sendEmail = async () => {
      throw new Error('a bug');
    };
    expect((await askForLink('jane@alpha.example')).response.status).toBe(500);
  });

  it('keeps a new member when their invitation cannot be sent: they can still ask for a sign-in link', async () => {
    people.sendEmail = async () => {
      throw new EmailNotSentError('SES refused the email from hub@alpha.example (MessageRejected: not verified)', false);
    };
    expect((await api('PUT', `/v1/areas/${AREA}/organisations/csp-a/members/sam@alpha.example`, { role: 'viewer' })).status).toBe(201);
    people.sendEmail = async (message) => void sent.push(message);
    const { response } = await signIn('sam@alpha.example');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/areas/${AREA}`);
  });

  it('signs in with a new session id kept in the store, names the person and their body, and the link works once', async () => {
    const asked = await askForLink('jane@alpha.example');
    const token = linkIn(sent[0])!;
    const { response, jar } = await followLink(token, asked.jar);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/areas/${AREA}`);
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith('hub_person_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    // The cookie holds a random id only: not the address, the name or the body.
    expect(cookie).not.toMatch(/jane|alpha|csp-a/i);

    const overview = await app.request(`/areas/${AREA}`, { headers: { ...HTML, cookie: cookieHeader(jar) } });
    expect(await overview.text()).toContain('Signed in to Test Area as Jane Smith (Safer Alpha Partnership).');

    expect((await followLink(token, asked.jar)).response.status).toBe(400);
  });

  it('refuses a link after 15 minutes', async () => {
    const asked = await askForLink('jane@alpha.example');
    now = new Date(now.getTime() + 15 * 60_000 + 1);
    expect((await followLink(linkIn(sent[0])!, asked.jar)).response.status).toBe(400);
  });

  it('ends a session after 30 idle minutes, and after 8 hours however busy', async () => {
    const { jar } = await signIn('jane@alpha.example');
    const signedIn = async () =>
      (await (await app.request(`/areas/${AREA}`, { headers: { ...HTML, cookie: cookieHeader(jar) } })).text()).includes('as Jane Smith');

    for (let minutes = 0; minutes < 8 * 60 - 20; minutes += 20) {
      now = new Date(now.getTime() + 20 * 60_000);
      expect(await signedIn()).toBe(true);
    }
    now = new Date(now.getTime() + 20 * 60_000);
    expect(await signedIn()).toBe(false);

    const second = await signIn('jane@alpha.example');
    now = new Date(now.getTime() + 31 * 60_000);
    expect(
      (await (await app.request(`/areas/${AREA}`, { headers: { ...HTML, cookie: cookieHeader(second.jar) } })).text()).includes(
        'as Jane Smith',
      ),
    ).toBe(false);
  });

  it('ends every session of a member who is removed, at once', async () => {
    const { jar } = await signIn('jane@alpha.example');
    expect((await api('DELETE', `/v1/areas/${AREA}/organisations/csp-a/members/jane@alpha.example`)).status).toBe(204);
    const overview = await app.request(`/areas/${AREA}`, { headers: { ...HTML, cookie: cookieHeader(jar) } });
    expect(await overview.text()).not.toContain('Jane Smith');
  });

  it('signs the person out when a key signs in in the same browser: the pages act, and record changes, as the key', async () => {
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-b`, { name: 'Safer Beta Partnership', kind: 'csp' });
    const key = ((await (await api('POST', `/v1/areas/${AREA}/organisations/csp-b/api-keys`, {})).json()) as { key: string }).key;
    const { jar: personJar } = await signIn('jane@alpha.example');
    const form = await app.request('/sign-in', { headers: { ...HTML, cookie: cookieHeader(personJar) } });
    const formJar = cookiesOf(form, personJar);
    const keyed = await app.request('/sign-in', {
      method: 'POST',
      headers: { ...FORM, cookie: cookieHeader(formJar) },
      body: new URLSearchParams({ csrfToken: csrfFrom(await form.text()), accessKey: key, return: '/' }).toString(),
    });
    expect(keyed.status).toBe(303);
    const jar = cookiesOf(keyed, formJar);
    expect(jar.hub_person_session).toBeUndefined();

    const overview = await (await app.request(`/areas/${AREA}`, { headers: { ...HTML, cookie: cookieHeader(jar) } })).text();
    expect(overview).toContain('Safer Beta Partnership');
    expect(overview).not.toContain('Jane Smith');

    const body = `/areas/${AREA}/bodies/csp-b`;
    const blank = await app.request(`${body}/priorities/new`, { headers: { ...HTML, cookie: cookieHeader(jar) } });
    const published = await app.request(`${body}/priorities/new`, {
      method: 'POST',
      headers: { ...FORM, cookie: cookieHeader(cookiesOf(blank, jar)) },
      body: new URLSearchParams([
        ['csrfToken', csrfFrom(await blank.text())],
        ['title', 'Tackle knife crime'],
        ['themes', 'serious-violence'],
        ['status', 'active'],
        ['visibility', 'public'],
      ]).toString(),
    });
    expect(published.status).toBe(303);
    const [event] = await eventLog.stream({ areaId: AREA, subjectType: 'priority', organisationId: 'csp-b', id: 'tackle-knife-crime' });
    expect(event?.detail.actor).toMatchObject({ kind: 'key' });

    // The person's session is ended on the server too: its old cookie signs nobody in.
    const old = await app.request(`/areas/${AREA}`, {
      headers: { ...HTML, cookie: `hub_person_session=${personJar.hub_person_session}` },
    });
    expect(await old.text()).not.toContain('Jane Smith');
  });

  it('lets a person in several bodies choose which one they act for', async () => {
    await api('PUT', `/v1/areas/${AREA}/organisations/pcc`, { name: 'The Commissioner', kind: 'pcc' });
    await api('PUT', `/v1/areas/${AREA}/organisations/pcc/members/jane@alpha.example`, { role: 'viewer' });
    const { response, jar } = await signIn('jane@alpha.example');
    expect(response.headers.get('location')).toBe('/sign-in/act-for');

    const choose = await app.request('/sign-in/act-for', { headers: { ...HTML, cookie: cookieHeader(jar) } });
    const html = await choose.text();
    expect(html).toContain('Which body are you acting for?');
    expect(html).toContain('The Commissioner (Test Area), as viewer');
    const chosen = await app.request('/sign-in/act-for', {
      method: 'POST',
      headers: { ...FORM, cookie: cookieHeader(cookiesOf(choose, jar)) },
      body: new URLSearchParams({ csrfToken: csrfFrom(html), body: `${AREA}/pcc` }).toString(),
    });
    expect(chosen.status).toBe(303);
    const overview = await app.request(`/areas/${AREA}`, { headers: { ...HTML, cookie: cookieHeader(jar) } });
    expect(await overview.text()).toContain('as Jane Smith (The Commissioner)');
  });

  it('gives each body its own radio, label and error link when a person is in bodies of the same id in two areas', async () => {
    await api('PUT', '/v1/areas/other-area', { name: 'Other Area' });
    await api('PUT', '/v1/areas/other-area/organisations/csp-a', { name: 'Safer Alpha Partnership', kind: 'csp' });
    await api('PUT', '/v1/areas/other-area/organisations/csp-a/members/jane@alpha.example', { role: 'viewer' });
    const { jar } = await signIn('jane@alpha.example');
    const choose = await app.request('/sign-in/act-for', { headers: { ...HTML, cookie: cookieHeader(jar) } });
    const html = await choose.text();
    const ids = [...html.matchAll(/<input class="govuk-radios__input" id="([^"]+)"/g)].map((match) => match[1]);
    const labels = [...html.matchAll(/<label class="govuk-label govuk-radios__label" for="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(labels).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][\w-]*$/);
    // Sent with nothing chosen, the error summary links to the first radio.
    const unchosen = await app.request('/sign-in/act-for', {
      method: 'POST',
      headers: { ...FORM, cookie: cookieHeader(cookiesOf(choose, jar)) },
      body: new URLSearchParams({ csrfToken: csrfFrom(html) }).toString(),
    });
    expect(unchosen.status).toBe(400);
    expect(await unchosen.text()).toContain(`<a href="#${ids[0]}">Select the body you are acting for</a>`);
  });

  it('signs out everywhere: every session of theirs ends, on every computer', async () => {
    const here = await signIn('jane@alpha.example');
    const there = await signIn('jane@alpha.example');
    const choose = await app.request('/sign-in/act-for', { headers: { ...HTML, cookie: cookieHeader(here.jar) } });
    const html = await choose.text();
    expect(html).toContain('Sign out everywhere');
    const out = await app.request('/sign-out', {
      method: 'POST',
      headers: { ...FORM, cookie: cookieHeader(cookiesOf(choose, here.jar)) },
      body: new URLSearchParams({ csrfToken: csrfFrom(html), everywhere: 'yes' }).toString(),
    });
    expect(out.status).toBe(303);
    const overview = await app.request(`/areas/${AREA}`, { headers: { ...HTML, cookie: cookieHeader(there.jar) } });
    expect(await overview.text()).not.toContain('Jane Smith');
  });
});
