import { allRoutes, createApp, hashKey, wireOpenIdConnect } from '@partnership-hub/api';
import {
  InMemoryApiKeyStore,
  InMemoryClientSecretStore,
  InMemoryEventLog,
  InMemoryIdentityProviderStore,
  InMemoryMembershipStore,
  InMemoryPersonIdentityStore,
  InMemorySessionStore,
  InMemorySignInLinkStore,
  InMemoryViewStore,
  type PersonIdentity,
} from '@partnership-hub/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIdentityProvider, startDevIdentityProvider } from '../src/local/dev-identity-provider.ts';
import { seedPeople } from '../src/local/people.ts';

/**
 * The callback's rules against a real provider (the development one, oidc-provider in this
 * process on a free port) and the app over in-memory stores: the whole authorization code flow,
 * followed by hand from redirect to redirect, without a browser.
 */
const AREA = 'test-area';
const HUB = 'http://localhost';
const ADMIN_KEY = 'test-admin-key';
const SECRET = 'a-session-secret-of-at-least-thirty-two-characters';

const accounts = [
  { email: 'jane@alpha.example', password: 'jane-password', name: 'Jane Smith' },
  { email: 'unverified@alpha.example', password: 'unverified-password', name: 'Una Verified', emailVerified: false },
  { email: 'outsider@beta.example', password: 'outsider-password', name: 'Otto Side' },
  { email: 'stranger@alpha.example', password: 'stranger-password', name: 'Stranger' },
];

let provider: DevIdentityProvider;
let app: ReturnType<typeof createApp>;
let identities: InMemoryPersonIdentityStore;
const linked: PersonIdentity[] = [];
const linkedAccounts = async () => linked;
let sessions: InMemorySessionStore;

type Jar = Map<string, string>;
const keep = (jar: Jar, response: Response) => {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = pair!.split('=');
    if (/max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name!);
    else jar.set(name!, value.join('='));
  }
};
const cookie = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

beforeAll(async () => {
  provider = await startDevIdentityProvider({ accounts: () => accounts, redirectUri: `${HUB}/sign-in/callback`, hubOrigin: HUB });
  const memberships = new InMemoryMembershipStore();
  let ids = 0;
  const newPersonId = () => `person-${++ids}`;
  await seedPeople(
    memberships,
    AREA,
    [
      { email: 'jane@alpha.example', name: 'Jane Smith', organisationId: 'alpha', role: 'editor' },
      { email: 'unverified@alpha.example', name: 'Una Verified', organisationId: 'alpha', role: 'editor' },
      { email: 'outsider@beta.example', name: 'Otto Side', organisationId: 'alpha', role: 'editor' },
    ],
    '2026-11-30T09:00:00.000Z',
    newPersonId,
  );
  identities = new (class extends InMemoryPersonIdentityStore {
    override async link(identity: PersonIdentity) {
      linked.push(identity);
      return super.link(identity);
    }
  })();
  sessions = new InMemorySessionStore();
  const clientSecrets = new InMemoryClientSecretStore();
  const identityProviders = {
    providers: new InMemoryIdentityProviderStore(),
    identities,
    clientSecrets,
    allowLoopback: true,
    flow: wireOpenIdConnect({ clientSecrets, allowLoopback: true }),
  };
  app = createApp(
    {
      eventLog: new InMemoryEventLog(),
      views: new InMemoryViewStore(),
      apiKeys: new InMemoryApiKeyStore(),
      adminKeyHash: hashKey(ADMIN_KEY),
      clock: () => new Date(),
      newEventId: () => `01JEVENT${++ids}`,
      newApiKey: () => `phk_${++ids}`,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      sessionSecret: SECRET,
      people: { memberships, sessions, signInLinks: new InMemorySignInLinkStore(), sendEmail: async () => {}, newPersonId },
      identityProviders,
    },
    allRoutes,
  );
  const registered = await app.request(`${HUB}/v1/identity-providers/alpha`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Alpha Council',
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      emailDomains: ['alpha.example'],
    }),
  });
  expect(registered.status).toBe(201);
});

afterAll(async () => {
  await provider?.stop();
});

/**
 * Asks the hub to sign `typed` in, then signs in at the provider as `account`, and answers the
 * hub's response to the callback (and the browser's cookies for the hub).
 */
async function signIn(typed: string, account: { email: string; password: string }) {
  const hubJar: Jar = new Map();
  const form = await app.request(`${HUB}/sign-in`, { headers: { accept: 'text/html' } });
  keep(hubJar, form);
  const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(await form.text())![1]!;
  const started = await app.request(`${HUB}/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(hubJar) },
    body: new URLSearchParams({ csrfToken, email: typed, return: '/' }).toString(),
  });
  // The form hands the person over to the provider sign-in (its own function on AWS), which sends them to the provider.
  expect(started.status).toBe(303);
  expect(started.headers.get('location')).toBe('/sign-in/provider');
  keep(hubJar, started);
  const handedOver = await app.request(`${HUB}/sign-in/provider`, { headers: { accept: 'text/html', cookie: cookie(hubJar) } });
  expect(handedOver.status).toBe(303);
  keep(hubJar, handedOver);
  const authorize = new URL(handedOver.headers.get('location')!);
  expect(authorize.origin).toBe(provider.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

  // At the provider: its redirects, by hand, with its own cookies, until it sends the browser back to the hub.
  const providerJar: Jar = new Map();
  let next = authorize.href;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 10 && !next.startsWith(HUB); hop++) {
    const response = await fetch(next, {
      method,
      redirect: 'manual',
      headers: { cookie: cookie(providerJar), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    keep(providerJar, response);
    if (response.status === 200) {
      const page = await response.text();
      expect(page).toContain('Email address');
      const action = /action="([^"]+)"/.exec(page)![1]!;
      next = new URL(action, next).href;
      method = 'POST';
      body = new URLSearchParams({ email: account.email, password: account.password }).toString();
      continue;
    }
    next = new URL(response.headers.get('location')!, next).href;
    method = 'GET';
    body = undefined;
  }
  const callback = await app.request(next, { headers: { accept: 'text/html', cookie: cookie(hubJar) } });
  keep(hubJar, callback);
  return { callback, hubJar, csp: form.headers.get('content-security-policy') };
}

describe('signing in through an identity provider', () => {
  it("lets the sign-in page's form lead to the registered provider", async () => {
    const form = await app.request(`${HUB}/sign-in`, { headers: { accept: 'text/html' } });
    expect(form.headers.get('content-security-policy')).toContain(`form-action 'self' ${provider.issuer};`);
  });

  it('signs a verified member in with a new session, and links the account to them at the first sign-in', async () => {
    const { callback, hubJar } = await signIn('Jane@Alpha.example', accounts[0]!);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(`/areas/${AREA}`);
    expect(hubJar.has('hub_person_session')).toBe(true);
    expect(await sessions.endAllOf('jane@alpha.example')).toBe(1);
    const [link] = await linkedAccounts();
    expect(link).toMatchObject({ issuer: provider.issuer, email: 'jane@alpha.example' });
    expect(link!.subject).not.toContain('jane');
    // The account is now the member's, by issuer and subject.
    const again = await signIn('jane@alpha.example', accounts[0]!);
    expect(again.callback.status).toBe(303);
    expect(again.hubJar.get('hub_person_session')).not.toBe(hubJar.get('hub_person_session'));
    expect(await identities.find(provider.issuer, link!.subject)).toEqual(link);
  });

  it('refuses an address the provider has not verified', async () => {
    const { callback, hubJar } = await signIn('unverified@alpha.example', accounts[1]!);
    expect(callback.status).toBe(400);
    const page = await callback.text();
    expect(page).toContain('There is a problem');
    expect(page).toContain('has not confirmed that the email address is yours');
    expect(hubJar.has('hub_person_session')).toBe(false);
  });

  it("refuses an address outside the provider's domains, even a member's", async () => {
    const { callback, hubJar } = await signIn('jane@alpha.example', accounts[2]!);
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('is not one of the addresses it may sign in');
    expect(hubJar.has('hub_person_session')).toBe(false);
  });

  it('refuses a verified address that is no member', async () => {
    const { callback } = await signIn('stranger@alpha.example', accounts[3]!);
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('is not a member of any body');
  });

  it("starts no flow without the sign-in form's hand-over, nor with one this hub did not sign", async () => {
    const bare = await app.request(`${HUB}/sign-in/provider`, { headers: { accept: 'text/html' } });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('This sign-in was not started in this browser');
    const forged = await app.request(`${HUB}/sign-in/provider`, {
      headers: {
        accept: 'text/html',
        cookie: `hub_oidc_start=${encodeURIComponent(JSON.stringify({ providerId: 'alpha', email: 'jane@alpha.example' }))}`,
      },
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });

  it("hands a non-member of a provider's domain over just as a member, so the form says nothing of who is a member", async () => {
    const answers = await Promise.all(
      ['jane@alpha.example', 'nobody-here@alpha.example'].map(async (email) => {
        const jar: Jar = new Map();
        const form = await app.request(`${HUB}/sign-in`, { headers: { accept: 'text/html' } });
        keep(jar, form);
        const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(await form.text())![1]!;
        const started = await app.request(`${HUB}/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(jar) },
          body: new URLSearchParams({ csrfToken, email }).toString(),
        });
        keep(jar, started);
        const handedOver = await app.request(`${HUB}/sign-in/provider`, { headers: { accept: 'text/html', cookie: cookie(jar) } });
        return [started.status, started.headers.get('location'), handedOver.status, new URL(handedOver.headers.get('location')!).origin];
      }),
    );
    expect(answers[0]).toEqual([303, '/sign-in/provider', 303, provider.issuer]);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('refuses a callback whose state is not the one this browser was given', async () => {
    const hubJar: Jar = new Map();
    const form = await app.request(`${HUB}/sign-in`, { headers: { accept: 'text/html' } });
    keep(hubJar, form);
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(await form.text())![1]!;
    const started = await app.request(`${HUB}/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(hubJar) },
      body: new URLSearchParams({ csrfToken, email: 'jane@alpha.example' }).toString(),
    });
    keep(hubJar, started);
    keep(hubJar, await app.request(`${HUB}/sign-in/provider`, { headers: { accept: 'text/html', cookie: cookie(hubJar) } }));
    const callback = await app.request(`${HUB}/sign-in/callback?code=stolen&state=not-the-one`, {
      headers: { accept: 'text/html', cookie: cookie(hubJar) },
    });
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('This sign-in was not started in this browser');
  });
});
