import { createHash } from 'node:crypto';
import {
  type Audience,
  audienceFor,
  isVisibleTo,
  linkableSubjects,
  visibleRecords,
  withoutHiddenLinks,
  withVisibleLinks,
} from '@partnership-hub/domain';
import { ItemId, once, type ThemeSlug, ThemeSlugSchema } from '@partnership-hub/events';
import {
  atomFeed,
  type ChangeFeedEntry,
  type ContentRecord,
  decodeCursor,
  encodeCursor,
  type Change as FeedChange,
  type FeedScope,
  isChangeVisibleTo,
  isOfBody,
  jsonFeed,
  popoloOrganizations,
  recordsOnTheme,
  type SyndicationInput,
  toChange,
  toCloudEvent,
  workProgrammeCalendar,
} from '@partnership-hub/feeds';
import type { ChangeFeed, FeedEntry } from '@partnership-hub/store';
import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { AuthEnv } from '../auth.ts';
import { notModified, unchanged } from '../caching.ts';
import type { ApiDeps } from '../deps.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { AreaParams, cursorQuery, OrganisationParams } from '../schemas.ts';
import { requireArea, requireOrganisationExists } from './directory.ts';
import { type FeedTags, feedTags } from './feed-tags.ts';

/* ---------- routes ---------- */

const ChangeQuery = /* @__PURE__ */ once(() => cursorQuery('change', 'changes'));

const Change = /* @__PURE__ */ once(() =>
  z
    .object({
      id: z.string().register(z.globalRegistry, { description: 'The event id: unique and stable' }),
      type: z.string().register(z.globalRegistry, {
        description: 'The event type (e.g. PriorityRevised), or VisibilityRestricted when a subject left public view',
      }),
      occurredAt: z.string(),
      areaId: z.string(),
      organisationId: z.nullable(z.string()),
      subject: z.object({ type: z.string(), id: z.string(), version: z.number().check(z.int()) }),
      visibility: z.enum(['public', 'partners']),
      removed: z
        .boolean()
        .register(z.globalRegistry, { description: "The subject leaves the reader's view (withdrawn, or now partners only): drop it" }),
      data: z
        .optional(z.record(z.string(), z.unknown()))
        .register(z.globalRegistry, { description: 'The whole state of the subject after the change' }),
    })
    .register(z.globalRegistry, { id: 'Change' }),
);

const ChangePage = /* @__PURE__ */ once(() =>
  z
    .object({
      changes: z.array(Change()),
      cursor: z
        .string()
        .register(z.globalRegistry, { description: 'Pass as `after` next time; an empty `changes` means you are up to date' }),
    })
    .register(z.globalRegistry, { id: 'ChangePage' }),
);

const CloudEvent = /* @__PURE__ */ once(() =>
  z
    .object({
      specversion: z.literal('1.0'),
      id: z.string(),
      source: z.string(),
      type: z.string(),
      subject: z.string(),
      time: z.string(),
      datacontenttype: z.literal('application/json'),
      sequence: z.string(),
      data: Change(),
    })
    .register(z.globalRegistry, { id: 'CloudEvent' }),
);

const CLOUDEVENTS_BATCH = 'application/cloudevents-batch+json';
const CLOUDEVENT = 'application/cloudevents+json';
const ATOM = 'application/atom+xml; charset=utf-8';
const JSON_FEED = 'application/feed+json; charset=utf-8';
const ICALENDAR = 'text/calendar; charset=utf-8';
const POPOLO = 'application/json';

const ThemeParams = /* @__PURE__ */ once(() => z.extend(AreaParams(), { theme: ThemeSlugSchema }));
const ChangeParams = /* @__PURE__ */ once(() => z.extend(AreaParams(), { id: ItemId }));

const PopoloOrganization = /* @__PURE__ */ once(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    classification: z.string(),
    identifiers: z.array(z.object({ scheme: z.string(), identifier: z.string() })),
    parent_id: z.nullable(z.string()),
  }),
);

/** The change feed, its CloudEvents, the Atom / JSON Feed feeds and the Popolo export: one sub-app each. */
export function registerFeedRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  // One per app, so per process locally and per Lambda instance: the same code in both.
  const tags = feedTags();
  routes.resource('/v1/areas/{areaId}/changes', (changes) => registerChangeFeed(changes, deps));
  routes.resource('/v1/areas/{areaId}', (feeds) => registerSyndicationFeeds(feeds, deps, tags));
  routes.resource('/v1/areas/{areaId}/organisations.popolo.json', (popolo) => registerPopolo(popolo, deps, tags));
}

/**
 * The iCalendar feeds: registered apart from the other feeds so that on AWS they have a function
 * of their own (lambda-calendars.ts) and only its bundle carries the iCalendar library.
 */
export function registerCalendarRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  routes.resource('/v1/areas/{areaId}', (calendars) => registerCalendars(calendars, deps, feedTags()));
}

/** Every change in an area from a cursor, and each change alone as a CloudEvent. */
function registerChangeFeed(routes: RouteRegistry, deps: ApiDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/changes',
      summary: 'The change feed: every change in the area, in a stable order, from a cursor',
      description:
        "Follow it by passing the answer's `cursor` as `after` until `changes` is empty. No change is skipped or repeated. Without a key: public changes only (a subject that becomes partners-only appears as a VisibilityRestricted change with no content); with a key of the area: partners changes too. `Accept: application/cloudevents-batch+json` answers a JSON array of CloudEvents instead.",
      tags: ['feeds'],
      auth: 'optional',
      params: AreaParams,
      query: ChangeQuery,
      responses: {
        200: {
          description: 'A page of changes (or, with Accept: application/cloudevents-batch+json, an array of CloudEvents)',
          schema: ChangePage,
        },
      },
    },
    async (c, input) => {
      const { areaId } = input.params;
      const after = input.query.after === undefined ? 0 : decodeCursor(input.query.after);
      if (after === undefined) {
        throw new ProblemError(
          'validation-error',
          'after is not a cursor this hub gave; pass the `cursor` of a previous answer, or omit it to start from the beginning',
          {
            errors: [{ in: 'query', pointer: '#/after', field: 'after', detail: 'is not a cursor this hub gave' }],
          },
        );
      }
      await requireArea(deps, areaId);
      const audience = audienceFor(c.get('caller'), areaId);
      const { shownAs, hideLinks } = await publicLinks(deps, areaId, audience);
      const { entries, examined } = await changeFeed(deps).read(areaId, after, input.query.limit, (entry) =>
        isChangeVisibleTo(shownAs(entry), audience),
      );
      const changes = entries.map((entry) => ({ sequence: entry.sequence, change: hideLinks(toChange(shownAs(entry), audience)!) }));
      c.header('Vary', 'Accept');
      // The batch form is a bare array: the cursor travels in a header (in both forms, for symmetry).
      c.header('Hub-Cursor', encodeCursor(examined));
      // A full page never changes again (entries are immutable); the last page grows.
      if (audience === 'public')
        c.header('Cache-Control', changes.length === input.query.limit ? 'public, max-age=86400, immutable' : 'public, max-age=5');
      if (wantsCloudEventsBatch(c)) {
        return c.body(JSON.stringify(changes.map(({ sequence, change }) => toCloudEvent(change, sequence))), 200, {
          'Content-Type': CLOUDEVENTS_BATCH,
        });
      }
      return c.json({ changes: changes.map(({ change }) => change), cursor: encodeCursor(examined) }, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/changes/{id}',
      summary: 'One change as a CloudEvent (structured mode, application/cloudevents+json)',
      tags: ['feeds'],
      auth: 'optional',
      params: ChangeParams,
      responses: { 200: { description: 'The change as a CloudEvents 1.0 event', schema: CloudEvent, contentType: CLOUDEVENT } },
    },
    async (c, input) => {
      const { areaId, id } = input.params;
      const audience = audienceFor(c.get('caller'), areaId);
      const [entry, { shownAs, hideLinks }] = await Promise.all([
        changeFeed(deps).byEventId(areaId, id),
        publicLinks(deps, areaId, audience),
      ]);
      const visibleChange = entry && toChange(shownAs(entry), audience);
      if (!entry || !visibleChange) throw new ProblemError('not-found', `There is no change ${id} in ${areaId} that you may see.`);
      const change = hideLinks(visibleChange);
      // A change never changes: cache it for long.
      if (audience === 'public') c.header('Cache-Control', 'public, max-age=86400, immutable');
      return c.body(JSON.stringify(toCloudEvent(change, entry.sequence)), 200, { 'Content-Type': CLOUDEVENT });
    },
  );
}

/** Atom and JSON Feed of an area, of one body, and of one theme. */
function registerSyndicationFeeds(routes: RouteRegistry, deps: ApiDeps, tags: FeedTags): void {
  const feedKinds = [
    { file: 'feed.atom', contentType: ATOM, label: 'Atom (RFC 4287) feed', render: atomFeed },
    { file: 'feed.json', contentType: JSON_FEED, label: 'JSON Feed 1.1', render: jsonFeed },
  ] as const;

  for (const kind of feedKinds) {
    routes.add(
      {
        method: 'get',
        path: `/v1/areas/{areaId}/${kind.file}`,
        summary: `${kind.label} of the area's priorities, work programme items, meetings and tracked requests, newest change first`,
        tags: ['feeds'],
        auth: 'optional',
        params: AreaParams,
        responses: { 200: { description: kind.label, contentType: kind.contentType.split(';')[0] } },
      },
      async (c, input) => {
        const feed = await feedAt(c, deps, kind.file, { areaId: input.params.areaId });
        const held = heldAt(c, tags, feed);
        if (held) return unchanged(c, held, kind.contentType);
        const scope = await scopeOf(deps, input.params.areaId);
        return renderFeed(c, tags, feed, kind, await syndicationInput(c, deps, scope));
      },
    );
    routes.add(
      {
        method: 'get',
        path: `/v1/areas/{areaId}/organisations/{organisationId}/${kind.file}`,
        summary: `${kind.label} of one body's priorities, work programme items and meetings, and the requests it raised or was asked`,
        tags: ['feeds'],
        auth: 'optional',
        params: OrganisationParams,
        responses: { 200: { description: kind.label, contentType: kind.contentType.split(';')[0] } },
      },
      async (c, input) => {
        const feed = await feedAt(c, deps, kind.file, input.params);
        const held = heldAt(c, tags, feed);
        if (held) return unchanged(c, held, kind.contentType);
        await requireOrganisationExists(deps, input.params.areaId, input.params.organisationId);
        const scope = { ...(await scopeOf(deps, input.params.areaId)), organisationId: input.params.organisationId };
        return renderFeed(c, tags, feed, kind, await syndicationInput(c, deps, scope));
      },
    );
    routes.add(
      {
        method: 'get',
        path: `/v1/areas/{areaId}/themes/{theme}/${kind.file}`,
        summary: `${kind.label} of one theme, with the themes within it, across the area's bodies`,
        description:
          "The feed of a theme carries the items on the theme itself and on every theme within it (see each theme's `parent` at GET /v1/themes): the feed of violence-against-women-and-girls carries domestic abuse too.",
        tags: ['feeds'],
        auth: 'optional',
        params: ThemeParams,
        responses: { 200: { description: kind.label, contentType: kind.contentType.split(';')[0] } },
      },
      async (c, input) => {
        const feed = await feedAt(c, deps, kind.file, input.params);
        const held = heldAt(c, tags, feed);
        if (held) return unchanged(c, held, kind.contentType);
        const scope = { ...(await scopeOf(deps, input.params.areaId)), theme: input.params.theme };
        return renderFeed(c, tags, feed, kind, await syndicationInput(c, deps, scope));
      },
    );
  }
}

/** iCalendar of the dated work programme, for an area and for one body. */
function registerCalendars(routes: RouteRegistry, deps: ApiDeps, tags: FeedTags): void {
  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/calendar.ics',
      summary:
        "iCalendar (RFC 5545) of the dated work programme items, meetings, requests' due dates and plan variations' panel report deadlines of the area's bodies; withdrawn items, closed requests and deadlines met or passed by publication are cancelled",
      tags: ['feeds'],
      auth: 'optional',
      params: AreaParams,
      responses: { 200: { description: 'An iCalendar file', contentType: 'text/calendar' } },
    },
    async (c, input) => {
      const feed = await feedAt(c, deps, 'calendar.ics', { areaId: input.params.areaId });
      const held = heldAt(c, tags, feed);
      if (held) return unchanged(c, held, ICALENDAR);
      const scope = await scopeOf(deps, input.params.areaId);
      return calendarOf(c, deps, tags, feed, scope);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/calendar.ics',
      summary:
        "iCalendar (RFC 5545) of one body's dated work programme items and meetings, the due dates of requests it raised or was asked, and the panel report deadlines of variations of its plans (or, for the panel, that it reports on)",
      tags: ['feeds'],
      auth: 'optional',
      params: OrganisationParams,
      responses: { 200: { description: 'An iCalendar file', contentType: 'text/calendar' } },
    },
    async (c, input) => {
      const feed = await feedAt(c, deps, 'calendar.ics', input.params);
      const held = heldAt(c, tags, feed);
      if (held) return unchanged(c, held, ICALENDAR);
      await requireOrganisationExists(deps, input.params.areaId, input.params.organisationId);
      const scope = { ...(await scopeOf(deps, input.params.areaId)), organisationId: input.params.organisationId };
      return calendarOf(c, deps, tags, feed, scope);
    },
  );
}

/** The area's bodies as Popolo organizations. */
function registerPopolo(routes: RouteRegistry, deps: ApiDeps, tags: FeedTags): void {
  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/organisations.popolo.json',
      summary: 'The area and its bodies as Popolo organizations (id, name, classification, identifiers, parent_id)',
      tags: ['feeds'],
      params: AreaParams,
      responses: {
        200: {
          description: 'Popolo organizations',
          schema: () =>
            z.object({ organizations: z.array(PopoloOrganization()) }).register(z.globalRegistry, { id: 'PopoloOrganizations' }),
        },
      },
    },
    async (c, input) => {
      const { areaId } = input.params;
      const feed = await feedAt(c, deps, 'organisations.popolo.json', { areaId });
      const held = heldAt(c, tags, feed);
      if (held) return unchanged(c, held, POPOLO);
      await requireArea(deps, areaId);
      const [area, organisations] = await Promise.all([
        deps.views.get(areaId, 'area', null, areaId),
        deps.views.list(areaId, { subjectType: 'organisation' }),
      ]);
      const body = JSON.stringify(popoloOrganizations({ id: areaId, name: area?.state.name ?? null }, organisations));
      return answer(c, tags, feed, fingerprint(feed, body), POPOLO, () => body);
    },
  );
}

function changeFeed(deps: ApiDeps): ChangeFeed {
  if (!deps.changeFeed) throw new Error('The API was wired without a change feed (deps.changeFeed)');
  return deps.changeFeed;
}

function wantsCloudEventsBatch(c: Context): boolean {
  return (c.req.header('accept') ?? '').toLowerCase().includes(CLOUDEVENTS_BATCH);
}

async function scopeOf(deps: ApiDeps, areaId: string): Promise<FeedScope & { updatedAt: string }> {
  const area = await deps.views.get(areaId, 'area', null, areaId);
  if (!area) await requireArea(deps, areaId);
  return { areaId, areaName: area?.state.name ?? null, updatedAt: area?.updatedAt ?? '1970-01-01T00:00:00.000Z' };
}

const originOf = (c: Context) => new URL(c.req.url).origin;

async function organisationNames(deps: ApiDeps, areaId: string): Promise<Map<string, string>> {
  const organisations = await deps.views.list(areaId, { subjectType: 'organisation' });
  return new Map(organisations.map((record) => [record.id, record.state.name]));
}

async function syndicationInput(c: Context<AuthEnv>, deps: ApiDeps, scope: FeedScope & { updatedAt: string }) {
  const audience: Audience = audienceFor(c.get('caller'), scope.areaId);
  const filter = scope.organisationId ? { organisationId: scope.organisationId } : {};
  const [priorities, items, meetings, requests, names] = await Promise.all([
    deps.views.list(scope.areaId, { subjectType: 'priority', ...filter }),
    deps.views.list(scope.areaId, { subjectType: 'work-programme-item', ...filter }),
    deps.views.list(scope.areaId, { subjectType: 'meeting', ...filter }),
    requestsOf(deps, scope),
    organisationNames(deps, scope.areaId),
  ]);
  let records: ContentRecord[] = [
    ...visibleRecords(priorities, audience),
    ...visibleRecords(items, audience),
    // Agendas as the reader may see them: restricted items are "Restricted item" and their number to the public.
    ...withVisibleLinks(visibleRecords(meetings, audience), audience, items),
    ...visibleRecords(requests, audience),
  ];
  if (scope.theme) records = recordsOnTheme(records, scope.theme as ThemeSlug);
  return { scope, origin: originOf(c), records, organisationNames: names, emptyUpdated: scope.updatedAt };
}

/** The tracked requests of a feed's scope: a body's are those it raised or was asked. */
async function requestsOf(deps: ApiDeps, scope: FeedScope) {
  const requests = await deps.views.list(scope.areaId, { subjectType: 'request' });
  const { organisationId } = scope;
  return organisationId ? requests.filter((request) => isOfBody(request, organisationId)) : requests;
}

/**
 * The plan variations of a calendar's scope the reader may see, and the titles of the plans they
 * vary that the reader may see. A body's variations are those of its plans and, for the panel,
 * those it reports on. A variation is never the public's while its plan is partners-only (the plan
 * can be made so after the variation started): the public would see a variation of a plan they
 * cannot.
 */
async function variationsOf(deps: ApiDeps, scope: FeedScope, audience: Audience) {
  const [records, plans] = await Promise.all([
    deps.views.list(scope.areaId, { subjectType: 'plan-variation' }),
    deps.views.list(scope.areaId, { subjectType: 'plan' }),
  ]);
  const planKey = (organisationId: string, planId: string) => `${organisationId}/${planId}`;
  const hiddenPlans = new Set(
    plans.filter((plan) => !isVisibleTo(audience, plan.state.visibility)).map((plan) => planKey(plan.organisationId, plan.id)),
  );
  const { organisationId } = scope;
  const variations = visibleRecords(records, audience).filter(
    (variation) =>
      !hiddenPlans.has(planKey(variation.organisationId, variation.state.planId)) &&
      (!organisationId || variation.organisationId === organisationId || variation.state.panel === organisationId),
  );
  const planTitles = new Map(
    variations.length === 0 ? [] : visibleRecords(plans, audience).map((plan) => [planKey(plan.organisationId, plan.id), plan.state.title]),
  );
  return { variations, planTitles };
}

/**
 * A feed's ETag is the fingerprint of what its reader may see: the feed (its rendering, format,
 * audience, the origin its links use and its scope) and the records it is rendered from, as that
 * reader may see them. Feeds are pure functions of that input, so it is a strong ETag for the
 * output, worked out alike by every instance and without rendering.
 *
 * It carries no revision. The area's revision moves on with every change in the area, partners-only
 * ones included: a public tag that named it would change when only partners-only content did, and an
 * anonymous poller could count partners' activity by it. With none, a partners-only change leaves
 * the public's tag as it was, and two readers of the same content get the same tag at any revision.
 */
function fingerprint(feed: FeedAt, input: unknown): string {
  return `"f${createHash('sha1').update(feed.key).update(JSON.stringify(input)).digest('base64url')}"`;
}

/** Bump when the feeds' rendering changes, so that cached copies are not kept by a stale ETag. */
const RENDERING = 'feeds-6';

/**
 * A feed, named by a hash of what the reader's copy depends on besides the records (`key`), and
 * the area's revision read before any of its records (`revision`; 0 before the area has one).
 * The projector moves the revision on after it stores any change to the area's bodies, priorities,
 * plans, work programme, meetings, tracked requests or plan variations
 * (ViewStore.latestJointRevision): while it has not moved, the tag this instance gave the feed
 * at it still holds (FeedTags).
 */
interface FeedAt {
  key: string;
  revision: number;
}

async function feedAt(
  c: Context<AuthEnv>,
  deps: ApiDeps,
  format: string,
  scope: { areaId: string; organisationId?: string; theme?: string },
): Promise<FeedAt> {
  const revision = await deps.views.latestJointRevision(scope.areaId);
  const feed = JSON.stringify([RENDERING, format, audienceFor(c.get('caller'), scope.areaId), originOf(c), scope]);
  return { key: createHash('sha1').update(feed).digest('base64url'), revision };
}

/**
 * The tag this instance gave the feed at the current revision, when If-None-Match holds it: the
 * poller gets its 304 from the one read of the revision, with no records read and nothing rendered.
 * Before the area has a revision nothing says the records have not changed: they are read.
 */
function heldAt(c: Context, tags: FeedTags, feed: FeedAt): string | undefined {
  const tag = feed.revision === 0 ? undefined : tags.at(feed.key, feed.revision);
  return tag !== undefined && notModified(c, tag) ? tag : undefined;
}

/** A feed's answer, its tag filed at the revision read before its records: 304 when the client holds the tag, else the body. */
function answer(c: Context, tags: FeedTags, feed: FeedAt, tag: string, contentType: string, render: () => string): Response {
  if (feed.revision !== 0) tags.remember(feed.key, feed.revision, tag);
  c.header('ETag', tag);
  // Not rendered: the etag middleware turns this into the 304 (with the headers a 200 would have).
  if (notModified(c, tag)) return c.body('', 200, { 'Content-Type': contentType });
  return c.body(render(), 200, { 'Content-Type': contentType });
}

function renderFeed(
  c: Context,
  tags: FeedTags,
  feed: FeedAt,
  kind: { file: string; contentType: string; render: (input: SyndicationInput) => string },
  input: SyndicationInput,
): Response {
  const tag = fingerprint(feed, { ...input, organisationNames: [...input.organisationNames] });
  return answer(c, tags, feed, tag, kind.contentType, () => kind.render(input));
}

async function calendarOf(c: Context<AuthEnv>, deps: ApiDeps, tags: FeedTags, feed: FeedAt, scope: FeedScope): Promise<Response> {
  const audience = audienceFor(c.get('caller'), scope.areaId);
  const [records, meetings, requests, { variations, planTitles }, names] = await Promise.all([
    // Withdrawn records included: a withdrawn date is published as a cancellation.
    deps.views.list(scope.areaId, {
      subjectType: 'work-programme-item',
      ...(scope.organisationId ? { organisationId: scope.organisationId } : {}),
    }),
    deps.views.list(scope.areaId, { subjectType: 'meeting', ...(scope.organisationId ? { organisationId: scope.organisationId } : {}) }),
    requestsOf(deps, scope),
    variationsOf(deps, scope, audience),
    organisationNames(deps, scope.areaId),
  ]);
  const input = {
    scope,
    origin: originOf(c),
    audience,
    records: records.filter((record) => isVisibleTo(audience, record.state.visibility)),
    // Agendas as the reader may see them (restricted items are "Restricted item" and their number to the public).
    meetings: withVisibleLinks(visibleRecords(meetings, audience), audience, []),
    requests: visibleRecords(requests, audience),
    variations,
    planTitles,
    organisationNames: names,
  };
  const tag = fingerprint(feed, { ...input, organisationNames: [...names], planTitles: [...input.planTitles] });
  return answer(c, tags, feed, tag, ICALENDAR, () => workProgrammeCalendar(input));
}

/**
 * A change carries its subject's state as it was, links to other bodies' priorities and to plans
 * included: a reader who may not see everything gets only the links to priorities and plans they
 * may see now, as in every other read (`hideLinks`). A public revision whose only change the public
 * could see is in its links (publicView `links`) is shown as a change when the reader may see one
 * of the subjects whose links changed, and not at all otherwise (`shownAs`). The area's priorities
 * and plans are read once, and only for such a reader.
 */
async function publicLinks(
  deps: ApiDeps,
  areaId: string,
  audience: Audience,
): Promise<{ shownAs: (entry: FeedEntry) => ChangeFeedEntry; hideLinks: (change: FeedChange) => FeedChange }> {
  if (audience === 'partners') return { shownAs: (entry) => entry as ChangeFeedEntry, hideLinks: (change) => change };
  const [priorities, plans] = await Promise.all([
    deps.views.list(areaId, { subjectType: 'priority' }),
    deps.views.list(areaId, { subjectType: 'plan' }),
  ]);
  const visible = linkableSubjects([...priorities, ...plans], audience);
  return {
    shownAs: (entry) =>
      entry.publicView === 'links'
        ? { ...entry, publicView: entry.linksChanged?.some((link) => visible.has(link)) ? 'full' : 'hidden' }
        : (entry as ChangeFeedEntry),
    hideLinks: (change) => (change.data ? { ...change, data: withoutHiddenLinks(change.data, visible, change.organisationId) } : change),
  };
}
