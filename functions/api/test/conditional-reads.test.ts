import { buildJointView, londonDate } from '@partnership-hub/domain';
import type { InMemoryViewStore } from '@partnership-hub/store';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../src/app.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * Conditional GETs decided from the stored revision: a poller whose ETag still holds is answered
 * 304 from one small read, without the area's records being read or a body being built; and the
 * tag moves on with the revision, the date and the audience.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const CSP = 'csp-a';
const body = `/v1/areas/${AREA}/organisations/${CSP}`;

let app: ReturnType<typeof createApp>;
let views: InMemoryViewStore;
let cspKey: string;
let now: Date;

async function call(path: string, headers: Record<string, string> = {}, method = 'GET', content?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { ...headers, ...(content === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(content === undefined ? {} : { body: JSON.stringify(content) }),
  });
  return { status: response.status, etag: response.headers.get('etag'), text: await response.text() };
}

/** What the projector does after each change: folds the area's records and stores both joint views at the new revision. */
async function project() {
  const records = await views.list(AREA);
  const revision = (await views.putJointInputs(AREA, (await views.jointInputs(AREA)).revision, records))!;
  const asOf = londonDate(now);
  for (const audience of ['public', 'partners'] as const) {
    await views.putJointView(AREA, audience, revision, JSON.stringify(buildJointView(AREA, records, audience, asOf)), asOf);
  }
}

const putPriority = async (id: string, title: string) => {
  const answer = await call(`${body}/priorities/${id}`, { authorization: `Bearer ${cspKey}` }, 'PUT', {
    title,
    themes: ['anti-social-behaviour'],
    visibility: 'public',
  });
  expect(answer.status).toBe(201);
  await project();
};

beforeEach(async () => {
  now = new Date('2026-03-01T09:00:00.000Z');
  ({ app, views } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => now }));
  const admin = { authorization: `Bearer ${ADMIN_KEY}` };
  await call(`/v1/areas/${AREA}`, admin, 'PUT', { name: 'Test Area' });
  await call(body, admin, 'PUT', { name: 'Safer Alpha', kind: 'csp' });
  cspKey = JSON.parse((await call(`${body}/api-keys`, admin, 'POST')).text).key;
  await putPriority('first', 'Tackling anti-social behaviour');
});

describe("today's joint view", () => {
  it("answers 304 from the stored view's tag and date alone, reading neither the view nor the records", async () => {
    const first = await call(`/v1/areas/${AREA}/joint-priorities`);
    expect(first.status).toBe(200);
    expect(first.etag).toBe(`"view-public-${(await views.jointViewTag(AREA, 'public'))!.contentTag}-2026-03-01"`);
    const jointView = vi.spyOn(views, 'jointView');
    const list = vi.spyOn(views, 'list');

    const again = await call(`/v1/areas/${AREA}/joint-priorities`, { 'if-none-match': first.etag! });

    expect(again.status).toBe(304);
    expect(again.etag).toBe(first.etag);
    expect(jointView).not.toHaveBeenCalled();
    expect(list).not.toHaveBeenCalled();
  });

  it('tags the gzipped body apart from the plain one', async () => {
    const plain = await call(`/v1/areas/${AREA}/joint-priorities`);
    const gzipped = await call(`/v1/areas/${AREA}/joint-priorities`, { 'accept-encoding': 'gzip' });

    expect(gzipped.etag).toBe(`"view-public-${(await views.jointViewTag(AREA, 'public'))!.contentTag}-2026-03-01-gzip"`);
    expect((await call(`/v1/areas/${AREA}/joint-priorities`, { 'accept-encoding': 'gzip', 'if-none-match': plain.etag! })).status).toBe(
      200,
    );
    expect((await call(`/v1/areas/${AREA}/joint-priorities`, { 'accept-encoding': 'gzip', 'if-none-match': gzipped.etag! })).status).toBe(
      304,
    );
  });

  it('answers 200 with a new tag once a change moved the revision on', async () => {
    const first = await call(`/v1/areas/${AREA}/joint-priorities`);
    await putPriority('second', 'Safer streets at night');

    const changed = await call(`/v1/areas/${AREA}/joint-priorities`, { 'if-none-match': first.etag! });

    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.text).toContain('Safer streets at night');
  });

  it("keeps the public view's tag through a partners-only change, so a public poller cannot count them", async () => {
    const publicTag = (await call(`/v1/areas/${AREA}/joint-priorities`)).etag!;
    const partnersTag = (await call(`/v1/areas/${AREA}/joint-priorities`, { authorization: `Bearer ${cspKey}` })).etag!;
    const revision = await views.latestJointRevision(AREA);

    const answer = await call(`${body}/priorities/hidden`, { authorization: `Bearer ${cspKey}` }, 'PUT', {
      title: 'A partners-only priority',
      themes: ['anti-social-behaviour'],
      visibility: 'partners',
    });
    expect(answer.status).toBe(201);
    await project();
    expect(await views.latestJointRevision(AREA)).toBeGreaterThan(revision);

    const again = await call(`/v1/areas/${AREA}/joint-priorities`, { 'if-none-match': publicTag });
    expect(again.status).toBe(304);
    expect(again.etag).toBe(publicTag);
    // The partners' view did change.
    const partners = await call(`/v1/areas/${AREA}/joint-priorities`, { authorization: `Bearer ${cspKey}`, 'if-none-match': partnersTag });
    expect(partners.status).toBe(200);
    expect(partners.text).toContain('A partners-only priority');
  });

  it('answers 200 once the date turns, with the view worked out as at the new day', async () => {
    const first = await call(`/v1/areas/${AREA}/joint-priorities`);
    now = new Date('2026-03-02T09:00:00.000Z');

    const tomorrow = await call(`/v1/areas/${AREA}/joint-priorities`, { 'if-none-match': first.etag! });

    expect(tomorrow.status).toBe(200);
    expect(JSON.parse(tomorrow.text).asOf).toBe('2026-03-02');
  });

  it("never answers a partner's tag with a 304 to an anonymous reader", async () => {
    const partners = await call(`/v1/areas/${AREA}/joint-priorities`, { authorization: `Bearer ${cspKey}` });
    expect(partners.etag).toContain('partners');

    expect((await call(`/v1/areas/${AREA}/joint-priorities`, { 'if-none-match': partners.etag! })).status).toBe(200);
  });
});

describe('feeds', () => {
  const feeds = [
    `/v1/areas/${AREA}/feed.atom`,
    `/v1/areas/${AREA}/feed.json`,
    `${body}/feed.atom`,
    `/v1/areas/${AREA}/themes/anti-social-behaviour/feed.json`,
    `/v1/areas/${AREA}/calendar.ics`,
    `${body}/calendar.ics`,
    `/v1/areas/${AREA}/organisations.popolo.json`,
  ];

  it('answer 304 from the area revision alone, reading no records', async () => {
    for (const feed of feeds) {
      const first = await call(feed);
      expect(first.status, feed).toBe(200);
      expect(first.etag, feed).toMatch(new RegExp(`^"r${await views.latestJointRevision(AREA)}\\.`));
      const list = vi.spyOn(views, 'list');
      const get = vi.spyOn(views, 'get');

      const again = await call(feed, { 'if-none-match': first.etag! });

      expect(again.status, feed).toBe(304);
      expect(again.etag, feed).toBe(first.etag);
      expect(list, feed).not.toHaveBeenCalled();
      expect(get, feed).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
  });

  it('tag each feed apart: another format, scope or audience never matches', async () => {
    const tags = await Promise.all(feeds.map(async (feed) => (await call(feed)).etag));
    expect(new Set(tags).size).toBe(feeds.length);
    const partners = await call(feeds[0]!, { authorization: `Bearer ${cspKey}` });
    expect(tags).not.toContain(partners.etag);
  });

  it('answer 304 with the new tag when the area changed but the feed did not', async () => {
    const calendar = `${body}/calendar.ics`;
    const first = await call(calendar);
    // A priority: not in the calendar, which lists work programme items only.
    await putPriority('second', 'Safer streets at night');

    const again = await call(calendar, { 'if-none-match': first.etag! });

    expect(again.status).toBe(304);
    expect(again.etag).not.toBe(first.etag);
    expect(again.etag).toMatch(new RegExp(`^"r${await views.latestJointRevision(AREA)}\\.`));
    expect((await call(calendar, { 'if-none-match': again.etag! })).status).toBe(304);
  });

  it('answer 200 with the change and a new tag once a change moved the revision on', async () => {
    const first = await call(`${body}/feed.atom`);
    await putPriority('second', 'Safer streets at night');

    const changed = await call(`${body}/feed.atom`, { 'if-none-match': first.etag! });

    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.text).toContain('Safer streets at night');
  });
});
