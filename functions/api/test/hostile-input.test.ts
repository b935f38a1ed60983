import { duplicateKeyOf } from '@partnership-hub/feeds/strict-json';
import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';
import { jsonCaller } from './json-call.ts';

/**
 * What the API does with input meant to slip past it: a weak or empty If-Match, a body that says
 * a field twice, and answers a browser might sniff as something else. In-memory stores, the app's
 * own request path.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const BODY = 'csp-a';
const itemPath = `/v1/areas/${AREA}/organisations/${BODY}/priorities/p1`;

const priority = {
  title: 'Tackle domestic abuse',
  themes: ['domestic-abuse'],
  outcomes: [],
  indicators: [],
  status: 'active',
  visibility: 'partners',
};

let app: ReturnType<typeof createApp>;
let bodyKey: string;

const call = jsonCaller(() => app);

beforeEach(async () => {
  ({ app } = inMemoryApp(ADMIN_KEY));
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN_KEY, body: JSON.stringify({ name: 'Test Area' }) });
  await call('PUT', `/v1/areas/${AREA}/organisations/${BODY}`, {
    key: ADMIN_KEY,
    body: JSON.stringify({ name: 'Safer Alpha', kind: 'csp' }),
  });
  bodyKey = (await call('POST', `/v1/areas/${AREA}/organisations/${BODY}/api-keys`, { key: ADMIN_KEY })).body.key;
  const first = await call('PUT', itemPath, { key: bodyKey, body: JSON.stringify(priority) });
  expect(first.status).toBe(201);
});

describe('If-Match', () => {
  it('refuses a weak ETag with 412: a weak tag never matches a write, even one naming the current version', async () => {
    const answer = await call('PUT', itemPath, {
      key: bodyKey,
      body: JSON.stringify({ ...priority, title: 'Changed' }),
      headers: { 'if-match': 'W/"1"' },
    });

    expect(answer.status).toBe(412);
    expect(answer.body).toMatchObject({ type: '/problems/precondition-failed' });
    expect(answer.body.detail).toContain('W/"1" is a weak ETag');
  });

  it("checks If-Match on an area's and an organisation's PUT: a stale version is 412 and changes nothing", async () => {
    const areaPath = `/v1/areas/${AREA}`;
    const organisationPath = `${areaPath}/organisations/${BODY}`;
    const renamed = JSON.stringify({ name: 'Renamed Area' });
    const stale = await call('PUT', areaPath, { key: ADMIN_KEY, body: renamed, headers: { 'if-match': '"7"' } });
    expect([stale.status, stale.body.type, stale.body.detail]).toEqual([
      412,
      '/problems/precondition-failed',
      expect.stringContaining('Area test-area is at version 1, not 7'),
    ]);
    const current = await call('PUT', areaPath, { key: ADMIN_KEY, body: renamed, headers: { 'if-match': '"1"' } });
    expect([current.status, current.body.version]).toEqual([200, 2]);

    const body = JSON.stringify({ name: 'Safer Alpha Partnership', kind: 'csp' });
    const staleBody = await call('PUT', organisationPath, { key: ADMIN_KEY, body, headers: { 'if-match': '2' } });
    expect([staleBody.status, staleBody.body.detail]).toEqual([
      412,
      expect.stringContaining(`Organisation ${BODY} is at version 1, not 2`),
    ]);
    const weak = await call('PUT', organisationPath, { key: ADMIN_KEY, body, headers: { 'if-match': 'W/"1"' } });
    expect(weak.status).toBe(412);
    const notYet = await call('PUT', `${areaPath}/organisations/not-yet`, {
      key: ADMIN_KEY,
      body,
      headers: { 'if-match': '*' },
    });
    expect([notYet.status, notYet.body.detail]).toEqual([412, expect.stringContaining('does not exist yet')]);
    // Nothing was changed by the refused PUTs: the organisation is still at version 1, as first registered.
    const same = await call('PUT', organisationPath, {
      key: ADMIN_KEY,
      body: JSON.stringify({ name: 'Safer Alpha', kind: 'csp' }),
      headers: { 'if-match': '1' },
    });
    expect([same.status, same.body.version]).toEqual([200, 1]);
  });

  it('refuses a weak ETag on a withdrawal too', async () => {
    const answer = await call('DELETE', itemPath, { key: bodyKey, headers: { 'if-match': 'W/"1"' } });

    expect(answer.status).toBe(412);
  });

  it('answers an empty If-Match with 400 naming the header, and changes nothing', async () => {
    const answer = await call('PUT', itemPath, {
      key: bodyKey,
      body: JSON.stringify({ ...priority, title: 'Changed' }),
      headers: { 'if-match': '' },
    });
    const again = await call('PUT', itemPath, { key: bodyKey, body: JSON.stringify(priority), headers: { 'if-match': '1' } });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ in: 'header', field: 'If-Match' })]);
    expect(answer.body.detail).toMatch(/^If-Match is empty/);
    expect(again).toMatchObject({ status: 200, body: { version: 1 } });
  });

  it('still takes the bare version the README shows, and the strong ETag', async () => {
    const bare = await call('PUT', itemPath, {
      key: bodyKey,
      body: JSON.stringify({ ...priority, title: 'Two' }),
      headers: { 'if-match': '1' },
    });
    const strong = await call('PUT', itemPath, {
      key: bodyKey,
      body: JSON.stringify({ ...priority, title: 'Three' }),
      headers: { 'if-match': '"2"' },
    });

    expect(bare).toMatchObject({ status: 200, body: { version: 2 } });
    expect(strong).toMatchObject({ status: 200, body: { version: 3 } });
  });
});

describe('If-None-Match: * (publish only, never revise)', () => {
  const newPath = `/v1/areas/${AREA}/organisations/${BODY}/priorities/p2`;

  it('publishes at an id never used (201), and refuses a second write under it with 412, changing nothing', async () => {
    const created = await call('PUT', newPath, { key: bodyKey, body: JSON.stringify(priority), headers: { 'if-none-match': '*' } });
    const again = await call('PUT', newPath, {
      key: bodyKey,
      body: JSON.stringify({ ...priority, title: 'Another item of the same id' }),
      headers: { 'if-none-match': '*' },
    });

    expect(created).toMatchObject({ status: 201, body: { id: 'p2', version: 1 } });
    expect(again.status).toBe(412);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ currentVersion: 1, detail: expect.stringMatching(/^Priority p2 already exists \(version 1\)/) });
    expect((await call('GET', newPath, { key: bodyKey })).body).toMatchObject({ version: 1, title: 'Tackle domestic abuse' });
  });

  it('counts a withdrawn item as existing: 412, and it stays withdrawn', async () => {
    await call('DELETE', itemPath, { key: bodyKey });

    const answer = await call('PUT', itemPath, { key: bodyKey, body: JSON.stringify(priority), headers: { 'if-none-match': '*' } });

    expect(answer.status).toBe(412);
    expect(answer.body.detail).toMatch(/was withdrawn, and its id stays taken/);
    expect((await call('GET', itemPath, { key: bodyKey })).status).toBe(404);
  });

  it.each([
    ['an ETag instead of *', { 'if-none-match': '"1"' }, /^If-None-Match must be \*/],
    ['If-Match as well', { 'if-none-match': '*', 'if-match': '"1"' }, /^If-None-Match cannot be sent with If-Match/],
  ])('answers %s with 400 naming the header, and changes nothing', async (_case, headers, detail) => {
    const answer = await call('PUT', newPath, { key: bodyKey, body: JSON.stringify(priority), headers });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ in: 'header', field: 'If-None-Match' })]);
    expect(answer.body.detail).toMatch(detail);
    expect((await call('GET', newPath, { key: bodyKey })).status).toBe(404);
  });
});

describe('a body that gives a field twice', () => {
  it('is refused as malformed, naming the field, rather than read as its last value', async () => {
    const body = `{"title":"Tackle domestic abuse","themes":["domestic-abuse"],"outcomes":[],"indicators":[],"status":"active","visibility":"partners","visibility":"public"}`;

    const answer = await call('PUT', itemPath, { key: bodyKey, body });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: '/problems/malformed-request' });
    expect(answer.body.detail).toContain('"visibility"');
  });

  it('is refused when the duplicate is written with an escape, or sits in a nested object', () => {
    expect(duplicateKeyOf('{"visibility":"partners","\\u0076isibility":"public"}')).toBe('visibility');
    expect(duplicateKeyOf('{"a":{"b":1,"b":2}}')).toBe('b');
    expect(duplicateKeyOf('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(duplicateKeyOf('{"a":{"b":1},"b":"a:b","c":"\\"b\\":"}')).toBeUndefined();
    expect(duplicateKeyOf('{ "a" : 1 , "a" : 2 }')).toBe('a');
  });
});

describe('nosniff', () => {
  it('is on every answer: JSON, problems, not-found, feeds and pages, with the pages keeping their own policy', async () => {
    const answers = await Promise.all([
      app.request('/v1/themes'),
      app.request(itemPath, { method: 'PUT', body: JSON.stringify(priority), headers: { 'content-type': 'application/json' } }),
      app.request('/v1/no-such-route'),
      app.request(`/v1/areas/${AREA}/feed.atom`),
      app.request('/'),
    ]);
    const page = await app.request(`/areas/${AREA}`, { headers: { accept: 'text/html' } });

    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 200, 200]);
    for (const answer of [...answers, page]) expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('a method an address does not serve', () => {
  it('is answered 405 with the methods it does serve, and changes nothing; an address nothing serves is still 404', async () => {
    const patched = await app.request(itemPath, { method: 'PATCH', headers: { authorization: `Bearer ${bodyKey}` }, body: '{}' });
    expect(patched.status).toBe(405);
    expect(patched.headers.get('allow')).toBe('DELETE, GET, HEAD, PUT');
    expect(patched.headers.get('content-type')).toBe('application/problem+json');
    expect(await patched.json()).toMatchObject({
      type: '/problems/method-not-allowed',
      status: 405,
      detail: `${itemPath} is served with DELETE, GET, HEAD, PUT, not PATCH.`,
    });
    const feed = await app.request(`/v1/areas/${AREA}/feed.atom`, { method: 'POST' });
    expect(feed.status).toBe(405);
    expect(feed.headers.get('allow')).toBe('GET, HEAD');
    expect((await call('GET', itemPath, { key: bodyKey })).body).toMatchObject({ version: 1 });
    const nowhere = await app.request('/v1/nowhere', { method: 'PATCH' });
    expect(nowhere.status).toBe(404);
  });
});

describe('a page address with a part longer than any name the hub gives', () => {
  /** The view store as DynamoDB behaves: a key over its size limits is an error, not a miss. */
  function refusingLongKeys(views: ReturnType<typeof inMemoryApp>['views']) {
    const store = views as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(views))) {
      const method = store[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      store[name] = (...args: unknown[]) => {
        if (args.some((arg) => typeof arg === 'string' && new TextEncoder().encode(arg).length > 1024))
          throw new Error('ValidationException: Size of hashkey has exceeded the maximum size limit of 2048 bytes');
        return method.apply(views, args);
      };
    }
  }

  it('is page-not-found, never a 500, wherever the part is', async () => {
    const built = inMemoryApp(ADMIN_KEY, { project: true });
    refusingLongKeys(built.views);
    const long = 'x'.repeat(2000);
    const pages = [
      `/areas/${long}`,
      `/areas/${long}/tracker`,
      `/areas/${AREA}/requests/${long}`,
      `/areas/${AREA}/bodies/${BODY}/plans/a-plan/variations/${long}`,
      `/areas/${AREA}/bodies/${BODY}/priorities/${long}`,
      `/areas/${AREA}/bodies/${BODY}/members/${encodeURIComponent(`${long}@example.org`)}/role`,
    ];
    await built.app.request(`/v1/areas/${AREA}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Test Area' }),
    });

    const answers = await Promise.all(pages.map((path) => built.app.request(path, { headers: { accept: 'text/html' } })));

    expect(answers.map((answer) => answer.status)).toEqual(pages.map(() => 404));
    for (const answer of answers) expect(await answer.text()).toContain('<title>Page not found');
  });
});

describe('a form whose body is not the form its Content-Type says', () => {
  it('is answered with a page saying nothing was saved (400), never a 500', async () => {
    const built = inMemoryApp(ADMIN_KEY, { project: true, sessionSecret: 'a-session-secret-of-at-least-thirty-two-characters' });
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    await built.app.request(`/v1/areas/${AREA}`, { method: 'PUT', headers: admin, body: JSON.stringify({ name: 'Test Area' }) });
    await built.app.request(`/v1/areas/${AREA}/organisations/${BODY}`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ name: 'Safer Alpha', kind: 'csp' }),
    });
    const forms = ['/sign-in', `/areas/${AREA}/bodies/${BODY}/priorities/new`, `/areas/${AREA}/requests/r1/respond`];

    for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=x']) {
      const answers = await Promise.all(
        forms.map((path) =>
          built.app.request(path, { method: 'POST', headers: { accept: 'text/html', 'content-type': contentType }, body: 'title=x' }),
        ),
      );

      expect(answers.map((answer) => answer.status)).toEqual(forms.map(() => 400));
      for (const answer of answers) {
        expect(answer.headers.get('content-type')).toContain('text/html');
        expect(await answer.text()).toContain('could not be read as a form, so nothing was saved');
      }
    }
  });

  it('is refused when its text is not UTF-8, as the API refuses such a body, rather than stored with each bad byte replaced', async () => {
    const built = inMemoryApp(ADMIN_KEY, { project: true, sessionSecret: 'a-session-secret-of-at-least-thirty-two-characters' });
    const form = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
    for (const body of ['email=%FF%FE%40example.com', 'email=caf%E9%40example.com', 'email=%C3%28']) {
      // With its length, as a browser and curl send a form.
      const answer = await built.app.request('/sign-in', {
        method: 'POST',
        headers: { ...form, 'content-length': String(body.length) },
        body,
      });
      expect(answer.status, body).toBe(400);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(await answer.text()).toContain('not text in UTF-8');
    }
    // UTF-8 escaped as a browser sends it reads as ever: the sign-in form answers its own way, not with this refusal.
    const fine = await built.app.request('/sign-in', {
      method: 'POST',
      headers: { ...form, 'content-length': '30' },
      body: 'email=ren%C3%A9e%40example.com',
    });
    expect(await fine.text()).not.toContain('not text in UTF-8');
  });
});

describe('an address ending in a slash', () => {
  it('is sent to the address without it (301), for pages and the API alike, so that each thing has one address', async () => {
    const built = inMemoryApp(ADMIN_KEY, { project: true });
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    await built.app.request(`/v1/areas/${AREA}`, { method: 'PUT', headers: admin, body: JSON.stringify({ name: 'Test Area' }) });
    for (const path of [`/areas/${AREA}/`, `/areas/${AREA}/bodies/${BODY}/priorities/p1/`, `/v1/areas/${AREA}/`, '/docs/']) {
      const answer = await built.app.request(`http://hub.example${path}?page=2`, { headers: { accept: 'text/html' } });
      expect([answer.status, answer.headers.get('location')], path).toEqual([301, `http://hub.example${path.slice(0, -1)}?page=2`]);
    }
    // A write is not redirected: its body would be lost on the way.
    const put = await built.app.request(`/v1/areas/${AREA}/`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ name: 'Test Area' }),
    });
    expect(put.status).not.toBe(301);
  });
});
