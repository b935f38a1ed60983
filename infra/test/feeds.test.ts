import { request } from 'node:http';
import { Validator } from '@seriousme/openapi-schema-validator';
import { type CloudEvent, HTTP } from 'cloudevents';
import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { type Answer, client, eventually, temporaryDirectory } from './support/client.ts';

/**
 * Automated feeds between councils, over HTTP against the embedded stack: the change
 * feed and its cursor, conditional reads, the Atom / JSON Feed / iCalendar feeds read by real
 * parsers, CloudEvents checked by the CloudEvents SDK, the OpenAPI document checked by a
 * validator, bulk import and the Popolo export.
 */
const ADMIN = 'feeds-admin-key';
const AREA = 'feeds-area';
let hub: LocalHub;
let call: ReturnType<typeof client>;
let removeData: () => Promise<void>;
const keys: Record<string, string> = {};

const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tackle domestic abuse',
  themes: ['domestic-abuse'],
  lead: 'Head of Community Safety',
  status: 'active',
  visibility: 'public',
  ...overrides,
});
const workItem = (overrides: Record<string, unknown> = {}) => ({
  title: 'Scrutiny review of domestic abuse services',
  themes: ['domestic-abuse'],
  kind: 'scrutiny-review',
  date: '2026-09-14',
  status: 'planned',
  visibility: 'public',
  ...overrides,
});
const path = (organisationId: string, segment: string, id?: string) =>
  `/v1/areas/${AREA}/organisations/${organisationId}/${segment}${id ? `/${id}` : ''}`;

interface Change {
  id: string;
  type: string;
  subject: { type: string; id: string; version: number };
  organisationId: string | null;
  visibility: string;
  removed: boolean;
  data?: Record<string, unknown>;
}

/** Follows the change feed from a cursor until it is empty; answers every change and the last cursor. */
async function follow(
  options: { key?: string; after?: string; limit?: number } = {},
): Promise<{ changes: Change[]; cursor: string | undefined }> {
  const changes: Change[] = [];
  let cursor = options.after;
  for (;;) {
    const query = new URLSearchParams({ limit: String(options.limit ?? 50), ...(cursor ? { after: cursor } : {}) });
    const answer = await call('GET', `/v1/areas/${AREA}/changes?${query}`, options.key ? { key: options.key } : {});
    expect(answer.status).toBe(200);
    cursor = answer.body.cursor;
    if (answer.body.changes.length === 0) return { changes, cursor };
    changes.push(...answer.body.changes);
  }
}

/**
 * Sends a body over a connection of its own: the hub refuses an oversized body before reading it
 * and the connection is then closed, which must not break the next request of a shared pool.
 */
function sendAlone(method: string, target: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${hub.url}${target}`,
      { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false },
      (incoming) => {
        incoming.resume();
        resolve(incoming.statusCode ?? 0);
      },
    );
    outgoing.on('error', (error) =>
      (error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET'
        ? undefined
        : reject(error),
    );
    outgoing.end(body);
  });
}

function expectProblem(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
}

beforeAll(async () => {
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({ dataDir: data.path, port: 0, adminKey: ADMIN, seed: false });
  call = client(hub.url);
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN, body: { name: 'Feeds Area' } });
  for (const [organisationId, kind] of [
    ['csp-a', 'csp'],
    ['scrutiny-a', 'scrutiny-committee'],
    ['panel', 'panel'],
  ] as const) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${organisationId}`, {
      key: ADMIN,
      body: { name: `Organisation ${organisationId}`, kind },
    });
    keys[organisationId] = (await call('POST', `/v1/areas/${AREA}/organisations/${organisationId}/api-keys`, { key: ADMIN })).body.key;
  }
});

afterAll(async () => {
  await hub?.stop();
  await removeData?.();
});

describe('the change feed', () => {
  it('lists every change in order, withdrawals included, and ends with an empty page and a cursor to resume from', async () => {
    const start = (await follow()).cursor;
    await call('PUT', path('csp-a', 'priorities', 'cf-1'), { key: keys['csp-a'], body: priority() });
    await call('PUT', path('csp-a', 'priorities', 'cf-1'), { key: keys['csp-a'], body: priority({ status: 'achieved' }) });
    await call('DELETE', path('csp-a', 'priorities', 'cf-1'), { key: keys['csp-a'] });

    const { changes, cursor } = await eventually(async () => {
      const followed = await follow({ after: start, limit: 1 });
      expect(followed.changes.filter((change) => change.subject.id === 'cf-1')).toHaveLength(3);
      return followed;
    });

    const mine = changes.filter((change) => change.subject.id === 'cf-1');
    expect(mine.map((change) => [change.type, change.subject.version, change.removed])).toEqual([
      ['PriorityPublished', 1, false],
      ['PriorityRevised', 2, false],
      ['PriorityWithdrawn', 3, true],
    ]);
    expect(mine[1]).toMatchObject({
      organisationId: 'csp-a',
      visibility: 'public',
      data: { status: 'achieved', title: 'Tackle domestic abuse' },
    });
    const again = await call('GET', `/v1/areas/${AREA}/changes?after=${cursor}`);
    expect(again.body).toEqual({ changes: [], cursor });
  });

  it('gives the same pages to every reader (a stable order)', async () => {
    const first = await follow({ limit: 3 });
    const second = await follow({ limit: 7 });
    expect(second.changes.map((change) => change.id)).toEqual(first.changes.map((change) => change.id));
    expect(new Set(first.changes.map((change) => change.id)).size).toBe(first.changes.length);
  });

  it('shows partners changes only with a key of the area, and tells the public when a subject leaves its view', async () => {
    const start = (await follow({ key: keys.panel })).cursor;
    await call('PUT', path('csp-a', 'priorities', 'cf-secret'), {
      key: keys['csp-a'],
      body: priority({ visibility: 'partners', title: 'Partners only from the start' }),
    });
    await call('PUT', path('csp-a', 'priorities', 'cf-narrowed'), { key: keys['csp-a'], body: priority({ title: 'Public at first' }) });
    await call('PUT', path('csp-a', 'priorities', 'cf-narrowed'), {
      key: keys['csp-a'],
      body: priority({ title: 'Now for partners', visibility: 'partners' }),
    });

    const partners = await eventually(async () => {
      const followed = await follow({ key: keys.panel, after: start });
      expect(followed.changes).toHaveLength(3);
      return followed;
    });
    const anonymous = await follow({ after: start });

    expect(partners.changes.map((change) => [change.subject.id, change.type])).toEqual([
      ['cf-secret', 'PriorityPublished'],
      ['cf-narrowed', 'PriorityPublished'],
      ['cf-narrowed', 'PriorityRevised'],
    ]);
    expect(anonymous.changes.map((change) => [change.subject.id, change.type, change.removed])).toEqual([
      ['cf-narrowed', 'PriorityPublished', false],
      ['cf-narrowed', 'VisibilityRestricted', true],
    ]);
    expect(anonymous.changes[1]!.data).toBeUndefined();
    expect(JSON.stringify(anonymous.changes)).not.toContain('Now for partners');
    expect(JSON.stringify(anonymous.changes)).not.toContain('Partners only from the start');
  });

  it('does not tell the public of a revision that changed only what it may not see: a restricted agenda item, a link to a partners-only priority', async () => {
    const start = (await follow({ key: keys.panel })).cursor;
    const meeting = (complaint: string, apologies = 'Apologies') => ({
      title: 'Police and Crime Panel',
      date: '2099-01-20',
      status: 'confirmed',
      agenda: [
        { number: '1', title: apologies },
        { number: '7', title: complaint, restricted: true },
      ],
      visibility: 'public',
    });
    const meetingPath = path('panel', 'meetings', 'cf-meeting');
    await call('PUT', meetingPath, { key: keys.panel, body: meeting('Complaint against the Commissioner') });
    await call('PUT', meetingPath, { key: keys.panel, body: meeting('Complaint: the decision') });
    await call('PUT', meetingPath, { key: keys.panel, body: meeting('Complaint: the decision', 'Apologies for absence') });
    await call('PUT', path('panel', 'priorities', 'cf-linked'), { key: keys.panel, body: priority({ visibility: 'partners' }) });
    await call('PUT', path('csp-a', 'priorities', 'cf-linking'), { key: keys['csp-a'], body: priority() });
    const linking = priority({ supports: [{ organisationId: 'panel', priorityId: 'cf-linked' }] });
    await call('PUT', path('csp-a', 'priorities', 'cf-linking'), { key: keys['csp-a'], body: linking });

    const ours = (changes: Change[]) => changes.filter((change) => /^cf-(meeting|link)/.test(change.subject.id));
    const partners = await eventually(async () => {
      const followed = ours((await follow({ key: keys.panel, after: start })).changes);
      expect(followed).toHaveLength(6);
      return followed;
    });
    const versions = (changes: Change[]) => ours(changes).map((change) => `${change.subject.id} v${change.subject.version}`);
    expect(versions((await follow({ after: start })).changes)).toEqual(['cf-meeting v1', 'cf-meeting v3', 'cf-linking v1']);
    const hidden = partners.filter((change) => ['cf-meeting v2', 'cf-linking v2'].includes(versions([change])[0]!));
    expect(hidden).toHaveLength(2);
    for (const change of hidden) expectProblem(await call('GET', `/v1/areas/${AREA}/changes/${change.id}`), 404);

    // Once the public may see the priority linked to, the link is news to it: decided when read.
    await call('PUT', path('panel', 'priorities', 'cf-linked'), { key: keys.panel, body: priority() });
    await eventually(async () => {
      expect(versions((await follow({ after: start })).changes)).toEqual([
        'cf-meeting v1',
        'cf-meeting v3',
        'cf-linking v1',
        'cf-linking v2',
        'cf-linked v2',
      ]);
    });
    const linked = hidden.find((change) => change.subject.id === 'cf-linking')!;
    expect((await call('GET', `/v1/areas/${AREA}/changes/${linked.id}`)).status).toBe(200);
  });

  it('refuses a cursor it did not give with a 400 problem', async () => {
    for (const after of ['garbage!', Buffer.from('v1:-3').toString('base64url'), Buffer.from('v2:3').toString('base64url')]) {
      const answer = await call('GET', `/v1/areas/${AREA}/changes?after=${encodeURIComponent(after)}`);
      expectProblem(answer, 400);
      expect(answer.body.errors[0]).toMatchObject({ in: 'query', field: 'after' });
    }
  });

  it('answers 404 for an unknown area', async () => {
    expectProblem(await call('GET', '/v1/areas/no-such-area/changes'), 404);
  });

  it('ends with exactly the set of changes written when followed while another client writes', async () => {
    const start = (await follow()).cursor;
    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let index = 0; index < 40; index++) {
        const answer = await call('PUT', path('scrutiny-a', 'work-programme', `race-${index % 10}`), {
          key: keys['scrutiny-a'],
          body: workItem({ title: `Item revision ${index}` }),
        });
        expect(answer.status).toBeLessThan(300);
        written.push(`race-${index % 10}@${answer.body.version}`);
      }
      writing = false;
    })();
    const seen: string[] = [];
    let cursor = start;
    // The follower reads page after page while the writer is still writing, then until it has caught up.
    for (;;) {
      const page = await call('GET', `/v1/areas/${AREA}/changes?limit=3${cursor ? `&after=${cursor}` : ''}`);
      cursor = page.body.cursor;
      seen.push(
        ...page.body.changes
          .filter((change: Change) => change.subject.id.startsWith('race-'))
          .map((change: Change) => `${change.subject.id}@${change.subject.version}`),
      );
      if (!writing && seen.length >= written.length) break;
      if (page.body.changes.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await writer;
    const settle = await follow({ after: cursor });
    seen.push(
      ...settle.changes
        .filter((change) => change.subject.id.startsWith('race-'))
        .map((change) => `${change.subject.id}@${change.subject.version}`),
    );
    expect(seen).toHaveLength(40);
    expect(new Set(seen)).toEqual(new Set(written));
  });
});

describe('conditional reads', () => {
  it('answers If-None-Match with 304 on a read, and 200 with a new ETag once it changed', async () => {
    const first = await call('GET', path('csp-a', 'priorities'));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    const unchanged = await call('GET', path('csp-a', 'priorities'), { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(unchanged.headers.get('cache-control')).toBe('public, max-age=60');

    await call('PUT', path('csp-a', 'priorities', 'etag-1'), { key: keys['csp-a'], body: priority() });
    await eventually(async () => {
      const changed = await call('GET', path('csp-a', 'priorities'), { headers: { 'if-none-match': etag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });
  });

  it('keeps the version ETag of an item read, which If-None-Match and If-Match both use', async () => {
    await call('PUT', path('csp-a', 'priorities', 'etag-2'), { key: keys['csp-a'], body: priority() });
    const read = await eventually(async () => {
      const answer = await call('GET', path('csp-a', 'priorities', 'etag-2'));
      expect(answer.status).toBe(200);
      return answer;
    });
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await call('GET', path('csp-a', 'priorities', 'etag-2'), { headers: { 'if-none-match': '"1"' } })).status).toBe(304);
    const revised = await call('PUT', path('csp-a', 'priorities', 'etag-2'), {
      key: keys['csp-a'],
      body: priority({ status: 'achieved' }),
      headers: { 'if-match': '"1"' },
    });
    expect(revised.status).toBe(200);
    expectProblem(
      await call('PUT', path('csp-a', 'priorities', 'etag-2'), { key: keys['csp-a'], body: priority(), headers: { 'if-match': '"1"' } }),
      412,
    );
  });

  it('marks reads with a key private and every read as varying by Authorization', async () => {
    const anonymous = await call('GET', `/v1/areas/${AREA}`);
    const keyed = await call('GET', `/v1/areas/${AREA}`, { key: keys.panel });
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=60');
    expect(keyed.headers.get('cache-control')).toBe('private, no-cache');
    expect(anonymous.headers.get('vary')).toContain('Authorization');
    expect(keyed.headers.get('vary')).toContain('Authorization');
  });

  it('gives ETags and Cache-Control to the feeds, the change feed and the reference too', async () => {
    // Each read twice, the second expecting 304: the writes above all in the change feed and the feeds first
    // (the tests above wait only for the views, which can be ahead of the change feed).
    await hub.idle();
    for (const read of [
      `/v1/areas/${AREA}/feed.atom`,
      `/v1/areas/${AREA}/feed.json`,
      `/v1/areas/${AREA}/calendar.ics`,
      `/v1/areas/${AREA}/changes`,
      `/v1/areas/${AREA}/organisations.popolo.json`,
      '/openapi.json',
      '/docs',
      '/v1/themes',
    ]) {
      const answer = await call('GET', read);
      expect(answer.status, read).toBe(200);
      expect(answer.headers.get('cache-control'), read).toMatch(/^public/);
      const again = await call('GET', read, { headers: { 'if-none-match': answer.headers.get('etag')! } });
      expect(again.status, read).toBe(304);
    }
  });
});

describe('Atom, JSON Feed and iCalendar', () => {
  beforeAll(async () => {
    await call('PUT', path('scrutiny-a', 'work-programme', 'review-asb'), {
      key: keys['scrutiny-a'],
      body: workItem({ title: 'Anti-social behaviour & noise', themes: ['anti-social-behaviour'], date: '2026-10-05' }),
    });
    await call('PUT', path('scrutiny-a', 'work-programme', 'review-asb'), {
      key: keys['scrutiny-a'],
      body: workItem({ title: 'Anti-social behaviour & noise <review>', themes: ['anti-social-behaviour'], date: '2026-10-06' }),
    });
    await call('PUT', path('scrutiny-a', 'work-programme', 'cancelled-one'), {
      key: keys['scrutiny-a'],
      body: workItem({ title: 'A review that was dropped', date: '2026-11-02' }),
    });
    await call('DELETE', path('scrutiny-a', 'work-programme', 'cancelled-one'), { key: keys['scrutiny-a'] });
    await call('PUT', path('scrutiny-a', 'work-programme', 'private-one'), {
      key: keys['scrutiny-a'],
      body: workItem({ title: 'A confidential briefing', date: '2026-11-03', visibility: 'partners' }),
    });
    await eventually(async () => {
      const record = await call('GET', path('scrutiny-a', 'work-programme', 'review-asb'));
      expect(record.body.version).toBe(2);
      expect((await call('GET', path('scrutiny-a', 'work-programme', 'cancelled-one'))).status).toBe(404);
      expect((await call('GET', path('scrutiny-a', 'work-programme', 'private-one'), { key: keys.panel })).status).toBe(200);
    });
    // An item reads back from the log at once; the feeds are built from the projections, which follow.
    await hub.idle();
  });

  it('serves an Atom feed of the area that a feed parser reads, with stable entry ids and theme categories', async () => {
    const answer = await call('GET', `/v1/areas/${AREA}/feed.atom`);
    expect(answer.headers.get('content-type')).toContain('application/atom+xml');
    const feed = parseAtomFeed(answer.body as string);
    expect(feed.title?.value ?? feed.title).toContain('Feeds Area');
    const entry = feed.entries!.find(
      (candidate) => candidate.id === `tag:partnership-hub,2026:${AREA}/scrutiny-a/work-programme-item/review-asb`,
    )!;
    expect(entry).toBeDefined();
    expect(entry.title?.value).toContain('Anti-social behaviour &amp; noise &lt;review&gt;');
    expect(entry.categories?.map((category) => category.term)).toEqual(['anti-social-behaviour']);
    // Each link is a page a person reads, not the JSON API: the entry's, its author's and the feed's own.
    expect(entry.links?.[0]?.href).toBe(`${hub.url}/areas/${AREA}/bodies/scrutiny-a/work-programme/review-asb`);
    expect(entry.authors?.[0]?.uri).toBe(`${hub.url}/areas/${AREA}/bodies/scrutiny-a`);
    expect(feed.links?.find((link) => link.rel === 'alternate')?.href).toBe(`${hub.url}/areas/${AREA}`);
    for (const href of [entry.links?.[0]?.href, entry.authors?.[0]?.uri]) {
      const page = await fetch(href!, { headers: { accept: 'text/html' } });
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=UTF-8']);
    }
    const ids = feed.entries!.map((candidate) => candidate.id);
    expect(ids.some((id) => id?.endsWith('/cancelled-one'))).toBe(false);
    expect(ids.some((id) => id?.endsWith('/private-one'))).toBe(false);
  });

  it('serves JSON Feed 1.1 for a body and for a theme, partners items only with a key', async () => {
    const body = await call('GET', `/v1/areas/${AREA}/organisations/scrutiny-a/feed.json`);
    expect(body.headers.get('content-type')).toContain('application/feed+json');
    const parsed = parseJsonFeed(body.body);
    expect(body.body.version).toBe('https://jsonfeed.org/version/1.1');
    expect(parsed.items!.map((item) => item.title)).toContain(
      'Organisation scrutiny-a — Work programme: Anti-social behaviour & noise <review>',
    );
    expect(parsed.items!.every((item) => item.id?.includes('/scrutiny-a/'))).toBe(true);

    const theme = parseJsonFeed((await call('GET', `/v1/areas/${AREA}/themes/anti-social-behaviour/feed.json`)).body);
    expect(theme.items!.map((item) => item.id)).toEqual([`tag:partnership-hub,2026:${AREA}/scrutiny-a/work-programme-item/review-asb`]);

    const partners = parseJsonFeed((await call('GET', `/v1/areas/${AREA}/organisations/scrutiny-a/feed.json`, { key: keys.panel })).body);
    expect(partners.items!.some((item) => item.id?.endsWith('/private-one'))).toBe(true);
  });

  it('tags a feed by its content: 304 while it holds, a new ETag once a body changes its items', async () => {
    const feed = `/v1/areas/${AREA}/organisations/csp-a/feed.atom`;
    const first = await call('GET', feed);
    const etag = first.headers.get('etag')!;
    expect((await call('GET', feed, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await call('PUT', path('csp-a', 'priorities', 'etag-feed'), {
      key: keys['csp-a'],
      body: priority({ title: 'A new priority for the feed' }),
    });
    const changed = await eventually(async () => {
      const answer = await call('GET', feed, { headers: { 'if-none-match': etag } });
      expect(answer.status).toBe(200);
      return answer;
    });
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body).toContain('A new priority for the feed');
  });

  it('answers 404 for an unknown theme or body', async () => {
    expectProblem(await call('GET', `/v1/areas/${AREA}/themes/not-a-theme/feed.atom`), 400);
    expectProblem(await call('GET', `/v1/areas/${AREA}/organisations/nobody/feed.atom`), 404);
  });

  it('serves an iCalendar an iCal parser reads: stable UIDs, SEQUENCE from the version, cancelled withdrawals', async () => {
    const answer = await call('GET', `/v1/areas/${AREA}/organisations/scrutiny-a/calendar.ics`);
    expect(answer.headers.get('content-type')).toContain('text/calendar');
    const events = Object.values(ical.sync.parseICS(answer.body as string)).filter((component) => component?.type === 'VEVENT') as VEvent[];
    const byUid = new Map(events.map((event) => [event.uid, event]));
    const revised = byUid.get(`${AREA}/scrutiny-a/review-asb@partnership-hub`)!;
    expect(revised.summary).toBe('Organisation scrutiny-a: Anti-social behaviour & noise <review>');
    expect(Number(revised.sequence)).toBe(1);
    expect(revised.start.toISOString().slice(0, 10)).toBe('2026-10-06');
    expect(revised.datetype).toBe('date');
    expect(revised.status).toBe('CONFIRMED');
    // The event's URL is the item's page, where a person reads it, not the JSON API.
    expect((revised.url as unknown as { val: string }).val).toBe(`${hub.url}/areas/${AREA}/bodies/scrutiny-a/work-programme/review-asb`);
    const cancelled = byUid.get(`${AREA}/scrutiny-a/cancelled-one@partnership-hub`)!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(Number(cancelled.sequence)).toBe(1);
    expect(byUid.has(`${AREA}/scrutiny-a/private-one@partnership-hub`)).toBe(false);

    const partners = ical.sync.parseICS((await call('GET', `/v1/areas/${AREA}/calendar.ics`, { key: keys.panel })).body as string);
    expect(
      Object.values(partners).some((component) => (component as VEvent).uid === `${AREA}/scrutiny-a/private-one@partnership-hub`),
    ).toBe(true);
  });
});

describe('CloudEvents', () => {
  it('serves each change as a structured CloudEvent the CloudEvents SDK accepts', async () => {
    const { changes } = await follow();
    const change = changes.find((candidate) => candidate.type === 'PriorityRevised')!;
    const response = await fetch(`${hub.url}/v1/areas/${AREA}/changes/${change.id}`);
    expect(response.headers.get('content-type')).toBe('application/cloudevents+json');
    const body = await response.text();
    const event = HTTP.toEvent({ headers: Object.fromEntries(response.headers), body }) as CloudEvent<Record<string, unknown>>;
    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({
      specversion: '1.0',
      id: change.id,
      source: `/partnership-hub/areas/${AREA}`,
      type: 'org.partnership-hub.priority.revised.v1',
      datacontenttype: 'application/json',
    });
    expect(event.subject).toBe(`organisations/${change.organisationId}/priorities/${change.subject.id}`);
    expect(event.data).toMatchObject({ id: change.id, subject: change.subject });
  });

  it("carries a body's plans: published, and withdrawn as a removal, each a CloudEvent named by where the API serves it", async () => {
    const plan = { title: 'Change feed plan', kind: 'strategy', startDate: '2026-04-01', visibility: 'public' };
    expect((await call('PUT', path('csp-a', 'plans', 'cf-plan'), { key: keys['csp-a'], body: plan })).status).toBe(201);
    expect((await call('DELETE', path('csp-a', 'plans', 'cf-plan'), { key: keys['csp-a'] })).status).toBe(200);

    const changes = await eventually(async () => {
      const { changes } = await follow();
      const ofPlan = changes.filter((change) => change.subject.id === 'cf-plan');
      expect(ofPlan.map((change) => [change.type, change.removed])).toEqual([
        ['PlanPublished', false],
        ['PlanWithdrawn', true],
      ]);
      return ofPlan;
    });
    const response = await fetch(`${hub.url}/v1/areas/${AREA}/changes/${changes[0]!.id}`);
    const event = HTTP.toEvent({ headers: Object.fromEntries(response.headers), body: await response.text() }) as CloudEvent;
    expect(event.validate()).toBe(true);
    expect(event.subject).toBe('organisations/csp-a/plans/cf-plan');
  });

  it('answers the change feed as a CloudEvents batch when asked, each event valid and its source + id unique', async () => {
    const response = await fetch(`${hub.url}/v1/areas/${AREA}/changes?limit=1000`, {
      headers: { accept: 'application/cloudevents-batch+json' },
    });
    expect(response.headers.get('content-type')).toBe('application/cloudevents-batch+json');
    expect(response.headers.get('hub-cursor')).toEqual(expect.any(String));
    const events = HTTP.toEvent({ headers: Object.fromEntries(response.headers), body: await response.text() }) as CloudEvent[];
    expect(events.length).toBeGreaterThan(5);
    for (const event of events) expect(event.validate()).toBe(true);
    expect(new Set(events.map((event) => `${event.source} ${event.id}`)).size).toBe(events.length);
    expect(events.map((event) => event.type)).toContain('org.partnership-hub.work-programme-item.withdrawn.v1');
  });

  it('does not serve a partners change to the public', async () => {
    const { changes } = await follow({ key: keys.panel });
    const secret = changes.find((change) => change.subject.id === 'cf-secret')!;
    expect((await call('GET', `/v1/areas/${AREA}/changes/${secret.id}`)).status).toBe(404);
    expect((await call('GET', `/v1/areas/${AREA}/changes/${secret.id}`, { key: keys.panel })).status).toBe(200);
  });
});

describe('the OpenAPI document and the reference', () => {
  it('is a valid OpenAPI 3.1 document describing every route, schema and error', async () => {
    const answer = await call('GET', '/openapi.json');
    const validator = new Validator();
    const result = await validator.validate(answer.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');

    const document = answer.body;
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([route, methods]) =>
      Object.keys(methods).map((method) => `${method} ${route}`),
    );
    for (const expected of [
      'get /v1/areas/{areaId}/changes',
      'get /v1/areas/{areaId}/changes/{id}',
      'put /v1/areas/{areaId}/organisations/{organisationId}/priorities/{id}',
      'post /v1/areas/{areaId}/organisations/{organisationId}/work-programme/import',
      'get /v1/areas/{areaId}/themes/{theme}/feed.atom',
      'get /v1/areas/{areaId}/organisations.popolo.json',
      'post /v1/areas/{areaId}/protocols/{id}/agreements',
    ])
      expect(operations).toContain(expected);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['PriorityBody', 'WorkProgrammeItemBody', 'Problem', 'ChangePage', 'CloudEvent', 'ImportResult']),
    );
    const put = document.paths['/v1/areas/{areaId}/organisations/{organisationId}/priorities/{id}'].put;
    expect(Object.keys(put.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '403', '404', '409', '412', '413', '415']),
    );
    expect(put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PriorityBody' });
  });

  it('renders a readable reference at /docs that loads nothing from the network', async () => {
    const answer = await call('GET', '/docs');
    expect(answer.headers.get('content-type')).toContain('text/html');
    const html = answer.body as string;
    expect(html).toContain('/v1/areas/{areaId}/changes');
    expect(html).toContain('id="schema-PriorityBody"');
    expect(html).not.toMatch(/<script|<link[^>]+href="https?:|src="https?:/);
  });
});

describe('bulk import', () => {
  const csv = [
    'id,title,themes,kind,date,quarter,status,description,priorities,visibility',
    'imp-1,Domestic abuse review,domestic-abuse,scrutiny-review,2026-09-01,,planned,"A review, with a comma",,public',
    'imp-2,ASB performance update,anti-social-behaviour;public-confidence,performance-update,,2026-Q4,planned,,csp-a/cf-1,public',
  ].join('\n');
  const importPath = path('scrutiny-a', 'work-programme/import');

  it('reports what would change on a dry run and records nothing', async () => {
    const answer = await call('POST', `${importPath}?dryRun=true`, {
      key: keys['scrutiny-a'],
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, created: 2, revised: 0, unchanged: 0 });
    expect((await call('GET', path('scrutiny-a', 'work-programme', 'imp-1'))).status).toBe(404);
  });

  it('upserts by id, and the same file again changes nothing and emits no events', async () => {
    const first = await call('POST', importPath, { key: keys['scrutiny-a'], rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(first.body).toMatchObject({ dryRun: false, created: 2, revised: 0, unchanged: 0 });
    expect(first.body.items).toEqual([
      { id: 'imp-1', line: 2, outcome: 'created', version: 1 },
      { id: 'imp-2', line: 3, outcome: 'created', version: 1 },
    ]);
    // Read as a partner of the area: the item links to cf-1, withdrawn above, and the public sees
    // links only to priorities it can see now.
    const item = await eventually(async () => {
      const answer = await call('GET', path('scrutiny-a', 'work-programme', 'imp-2'), { key: keys['scrutiny-a'] });
      expect(answer.status).toBe(200);
      return answer.body;
    });
    expect(item).toMatchObject({
      themes: ['anti-social-behaviour', 'public-confidence'],
      quarter: '2026-Q4',
      priorities: [{ organisationId: 'csp-a', priorityId: 'cf-1' }],
    });
    const before = await eventually(async () => {
      const followed = await follow();
      expect(followed.changes.filter((change) => change.subject.id.startsWith('imp-'))).toHaveLength(2);
      return followed;
    });

    const again = await call('POST', importPath, { key: keys['scrutiny-a'], rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(again.body).toMatchObject({ created: 0, revised: 0, unchanged: 2 });
    const json = await call('POST', importPath, {
      key: keys['scrutiny-a'],
      body: {
        items: [
          {
            id: 'imp-1',
            title: 'Domestic abuse review',
            themes: ['domestic-abuse'],
            kind: 'scrutiny-review',
            date: '2026-09-01',
            status: 'planned',
            description: 'A review, with a comma',
            visibility: 'public',
          },
        ],
      },
    });
    expect(json.body).toMatchObject({ created: 0, revised: 0, unchanged: 1 });
    await hub.idle();
    expect((await follow({ after: before.cursor })).changes).toEqual([]);
  });

  it('revises what changed, through the same deciders as PUT', async () => {
    const answer = await call('POST', importPath, {
      key: keys['scrutiny-a'],
      body: [
        {
          id: 'imp-1',
          title: 'Domestic abuse review (extended)',
          themes: ['domestic-abuse'],
          kind: 'scrutiny-review',
          date: '2026-09-01',
          status: 'planned',
          visibility: 'public',
        },
      ],
    });
    expect(answer.body.items).toEqual([{ id: 'imp-1', line: 1, outcome: 'revised', version: 2 }]);
  });

  it('rejects a file with any invalid row whole, listing every error by line and column', async () => {
    const bad = [
      'id,title,themes,kind,date,quarter,status,description,priorities,visibility',
      'ok-1,Fine,domestic-abuse,report,,,planned,,,public',
      'bad 2,,not-a-theme,report,2026-13-45,,planned,,,public',
      'ok-1,Duplicate id,domestic-abuse,report,,,planned,,,everyone',
    ].join('\n');
    const answer = await call('POST', importPath, { key: keys['scrutiny-a'], rawBody: bad, headers: { 'content-type': 'text/csv' } });
    expectProblem(answer, 400);
    const errors = answer.body.errors.map((error: { line: number; column: number; field: string }) => [
      error.line,
      error.column,
      error.field,
    ]);
    expect(errors).toEqual([
      [3, 1, 'id'],
      [3, 2, 'title'],
      [3, 3, 'themes[0]'],
      [3, 5, 'date'],
      [4, 1, 'id'],
      [4, 10, 'visibility'],
    ]);
    expect((await call('GET', path('scrutiny-a', 'work-programme', 'ok-1'))).status).toBe(404);
  });

  it('locates errors in a JSON file by the line and column where the item starts', async () => {
    const text =
      '[\n  {"id": "j-1", "title": "Fine", "themes": ["burglary"], "kind": "report", "status": "planned", "visibility": "public"},\n  {"id": "j-2", "title": "No kind", "themes": ["burglary"], "status": "planned", "visibility": "public"}\n]';
    const answer = await call('POST', importPath, {
      key: keys['scrutiny-a'],
      rawBody: text,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual([{ in: 'body', line: 3, column: 3, field: 'items[1].kind', detail: expect.any(String) }]);
  });

  it("takes files over the API's 64 KB limit, up to 1 MB", async () => {
    const rows = Array.from(
      { length: 600 },
      (_, index) =>
        `big-${index},${'A long title for a big import '.slice(0, 30)} ${index},burglary,report,,2027-Q1,planned,${'x'.repeat(80)},,public`,
    );
    const big = ['id,title,themes,kind,date,quarter,status,description,priorities,visibility', ...rows].join('\n');
    expect(big.length).toBeGreaterThan(64 * 1024);
    const answer = await call('POST', `${importPath}?dryRun=true`, {
      key: keys['scrutiny-a'],
      rawBody: big,
      headers: { 'content-type': 'text/csv' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.created).toBe(600);
    const authorization = `Bearer ${keys['scrutiny-a']}`;
    expect(await sendAlone('POST', importPath, 'x'.repeat(1024 * 1024 + 1), { authorization, 'content-type': 'text/csv' })).toBe(413);
    expect(
      await sendAlone('PUT', path('scrutiny-a', 'work-programme', 'too-big'), JSON.stringify({ title: 'x'.repeat(70 * 1024) }), {
        authorization,
        'content-type': 'application/json',
      }),
    ).toBe(413);
  });

  it("takes only the organisation's own key", async () => {
    expectProblem(await call('POST', importPath, { rawBody: csv, headers: { 'content-type': 'text/csv' } }), 401);
    expectProblem(await call('POST', importPath, { key: keys['csp-a'], rawBody: csv, headers: { 'content-type': 'text/csv' } }), 403);
    expectProblem(
      await call('POST', importPath, { key: keys['scrutiny-a'], rawBody: '<xml/>', headers: { 'content-type': 'application/xml' } }),
      415,
    );
  });
});

describe('the Popolo export', () => {
  it('lists the area and its bodies as Popolo organizations', async () => {
    const answer = await call('GET', `/v1/areas/${AREA}/organisations.popolo.json`);
    expect(answer.status).toBe(200);
    expect(answer.body.organizations[0]).toEqual({
      id: `partnership-hub:${AREA}`,
      name: 'Feeds Area',
      classification: 'Police force area',
      identifiers: [{ scheme: 'partnership-hub-area', identifier: AREA }],
      parent_id: null,
    });
    expect(answer.body.organizations).toContainEqual({
      id: `partnership-hub:${AREA}/csp-a`,
      name: 'Organisation csp-a',
      classification: 'Community Safety Partnership',
      identifiers: [
        { scheme: 'partnership-hub-organisation', identifier: 'csp-a' },
        { scheme: 'partnership-hub-kind', identifier: 'csp' },
      ],
      parent_id: `partnership-hub:${AREA}`,
    });
  });
});
