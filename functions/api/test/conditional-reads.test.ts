import { buildJointView, londonDate } from '@partnership-hub/domain';
import type { InMemoryViewStore } from '@partnership-hub/store';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';
import { feedTags } from '../src/routes/feed-tags.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * Conditional GETs decided from the stored revision: a poller whose ETag still holds is answered
 * 304 from one small read, without the area's records being read or a body being built; and the
 * tag moves on with what its reader may see (a feed's never with a change that reader may not see),
 * the date and the audience.
 */
const ADMIN_KEY = 'test-admin-key';
const AREA = 'test-area';
const CSP = 'csp-a';
const body = `/v1/areas/${AREA}/organisations/${CSP}`;

let app: ReturnType<typeof createApp>;
let views: InMemoryViewStore;
let deps: ApiDeps;
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
  ({ app, views, deps } = inMemoryApp(ADMIN_KEY, { project: true, clock: () => now }));
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
  const partners = () => ({ authorization: `Bearer ${cspKey}` });

  /** Each feed's ETag as the reader (anonymous unless headers say otherwise) gets it now. */
  const tagsOf = async (headers: Record<string, string> = {}) => Promise.all(feeds.map(async (feed) => (await call(feed, headers)).etag!));

  /** Partners-only content in every feed's reach: a priority and a dated work programme item, projected. */
  const partnersOnlyChange = async () => {
    const revision = await views.latestJointRevision(AREA);
    const priority = await call(`${body}/priorities/hidden`, partners(), 'PUT', {
      title: 'A partners-only priority',
      themes: ['anti-social-behaviour'],
      visibility: 'partners',
    });
    const item = await call(`${body}/work-programme/hidden-review`, partners(), 'PUT', {
      title: 'A partners-only review',
      themes: ['anti-social-behaviour'],
      kind: 'scrutiny-review',
      status: 'planned',
      date: '2026-10-05',
      visibility: 'partners',
    });
    expect([priority.status, item.status]).toEqual([201, 201]);
    await project();
    expect(await views.latestJointRevision(AREA)).toBeGreaterThan(revision);
  };

  it('answer 304 from the area revision alone, reading no records', async () => {
    for (const feed of feeds) {
      const first = await call(feed);
      expect(first.status, feed).toBe(200);
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
    const tags = await tagsOf();
    expect(new Set(tags).size).toBe(feeds.length);
    const keyed = await call(feeds[0]!, partners());
    expect(tags).not.toContain(keyed.etag);
  });

  it('answer 304 with the same tag when the area changed but the feed did not, then from one read again', async () => {
    const calendar = `${body}/calendar.ics`;
    const first = await call(calendar);
    // A priority: not in the calendar, which lists work programme items only.
    await putPriority('second', 'Safer streets at night');

    const again = await call(calendar, { 'if-none-match': first.etag! });

    expect(again.status).toBe(304);
    expect(again.etag).toBe(first.etag);
    const list = vi.spyOn(views, 'list');
    expect((await call(calendar, { 'if-none-match': first.etag! })).status).toBe(304);
    expect(list).not.toHaveBeenCalled();
  });

  it('answer 200 with the change and a new tag once a change moved the revision on', async () => {
    const first = await call(`${body}/feed.atom`);
    await putPriority('second', 'Safer streets at night');

    const changed = await call(`${body}/feed.atom`, { 'if-none-match': first.etag! });

    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.text).toContain('Safer streets at night');
  });

  it("keep the public tag through a partners-only change, so a public poller cannot count them; the partners' tag moves on", async () => {
    const publicTags = await tagsOf();
    const partnersTags = await tagsOf(partners());

    await partnersOnlyChange();

    expect(await tagsOf()).toEqual(publicTags);
    for (const [index, feed] of feeds.entries()) {
      const again = await call(feed, { 'if-none-match': publicTags[index]! });
      expect(again.status, feed).toBe(304);
      expect(again.etag, feed).toBe(publicTags[index]);
    }
    const keyed = await tagsOf(partners());
    for (const [index, feed] of feeds.entries()) {
      // The bodies' list has no priorities or work programme in it.
      if (feed.endsWith('popolo.json')) expect(keyed[index], feed).toBe(partnersTags[index]);
      else expect(keyed[index], feed).not.toBe(partnersTags[index]);
    }
  });

  it('keep the public tag when a partners-only priority that a public one supports changes', async () => {
    await call(`${body}/priorities/hidden`, partners(), 'PUT', {
      title: 'A partners-only priority',
      themes: ['anti-social-behaviour'],
      visibility: 'partners',
    });
    const linking = await call(`${body}/priorities/first`, partners(), 'PUT', {
      title: 'Tackling anti-social behaviour',
      themes: ['anti-social-behaviour'],
      supports: [{ organisationId: CSP, priorityId: 'hidden' }],
      visibility: 'public',
    });
    expect(linking.status).toBe(200);
    await project();
    const publicTags = await tagsOf();

    const revised = await call(`${body}/priorities/hidden`, partners(), 'PUT', {
      title: 'A partners-only priority, revised',
      themes: ['anti-social-behaviour'],
      visibility: 'partners',
    });
    expect(revised.status).toBe(200);
    await project();

    expect(await tagsOf()).toEqual(publicTags);
    for (const [index, feed] of feeds.entries()) {
      expect((await call(feed, { 'if-none-match': publicTags[index]! })).status, feed).toBe(304);
    }
  });

  it('change the public tag on a public change after a partners-only one', async () => {
    const publicTags = await tagsOf();
    await partnersOnlyChange();
    await putPriority('second', 'Safer streets at night');

    const tags = await tagsOf();

    for (const [index, feed] of feeds.entries()) {
      // A priority is in neither the calendars nor the bodies' list.
      if (feed.endsWith('.ics') || feed.endsWith('popolo.json')) expect(tags[index], feed).toBe(publicTags[index]);
      else expect(tags[index], feed).not.toBe(publicTags[index]);
    }
  });

  it('answer 304 from a new app instance to the tag another instance gave for the same content', async () => {
    const publicTags = await tagsOf();
    const partnersTags = await tagsOf(partners());
    const another = createApp(deps, allRoutes);

    for (const [index, feed] of feeds.entries()) {
      for (const [headers, tag] of [
        [{}, publicTags[index]!],
        [partners(), partnersTags[index]!],
      ] as const) {
        const answer = await another.request(feed, { headers: { ...headers, 'if-none-match': tag } });
        expect(answer.status, feed).toBe(304);
        expect(answer.headers.get('etag'), feed).toBe(tag);
      }
    }
    // And across a partners-only change: what the public may see is the same, so is its tag.
    await partnersOnlyChange();
    const third = createApp(deps, allRoutes);
    for (const [index, feed] of feeds.entries()) {
      const answer = await third.request(feed, { headers: { 'if-none-match': publicTags[index]! } });
      expect(answer.status, feed).toBe(304);
      expect(answer.headers.get('etag'), feed).toBe(publicTags[index]);
    }
  });
});

describe("an instance's feed tags", () => {
  it('keep at most their capacity, dropping the one written longest ago', () => {
    const tags = feedTags(2);
    tags.remember('a', 1, '"fa"');
    tags.remember('b', 1, '"fb"');
    tags.remember('a', 2, '"fa2"');
    tags.remember('c', 1, '"fc"');

    expect(tags.at('b', 1)).toBeUndefined();
    expect(tags.at('a', 2)).toBe('"fa2"');
    expect(tags.at('c', 1)).toBe('"fc"');
  });

  it('give a tag only at the revision it was filed at, and never let an older revision replace a newer', () => {
    const tags = feedTags();
    tags.remember('a', 3, '"f3"');
    tags.remember('a', 2, '"f2"');

    expect(tags.at('a', 3)).toBe('"f3"');
    expect(tags.at('a', 2)).toBeUndefined();
    expect(tags.at('a', 4)).toBeUndefined();
  });
});
