import { type Audience, audienceFor, londonDate } from '@partnership-hub/domain';
import { InputDate, once, THEMES, ThemeSlugSchema } from '@partnership-hub/events';
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { notModified, unchanged } from '../caching.ts';
import type { ApiDeps } from '../deps.ts';
import { JointViewSchema } from '../joint-view-schema.ts';
import { jointViewAsOf, todaysJointView } from '../joint-view-today.ts';
import type { RouteRegistry } from '../routing.ts';
import { AreaParams } from '../schemas.ts';
import { requireArea } from './directory.ts';

/** Public reads: the theme list, the area's bodies and the joint view. */
export function registerReadRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  routes.resource('/v1/themes', registerThemes);
  routes.resource('/v1/areas/{areaId}', (area) => registerAreaReads(area, deps));
}

const Theme = /* @__PURE__ */ once(() =>
  z
    .object({
      slug: ThemeSlugSchema,
      name: z.string(),
      parent: z
        .optional(ThemeSlugSchema)
        .register(z.globalRegistry, { description: 'The wider theme it is part of, if any: covering it covers that one partly' }),
    })
    .register(z.globalRegistry, { id: 'Theme' }),
);

function registerThemes(routes: RouteRegistry): void {
  routes.add(
    {
      method: 'get',
      path: '/v1/themes',
      summary: "The controlled list of community-safety themes: the join key between bodies' content",
      responses: {
        200: { description: 'Themes', schema: () => z.object({ themes: z.array(Theme()) }).register(z.globalRegistry, { id: 'Themes' }) },
      },
    },
    (c) =>
      c.json(
        { themes: THEMES.map((theme) => ({ slug: theme.slug, name: theme.name, ...('parent' in theme ? { parent: theme.parent } : {}) })) },
        200,
      ),
  );
}

function registerAreaReads(routes: RouteRegistry, deps: ApiDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}',
      summary: 'An area and the organisations in it',
      params: AreaParams,
      responses: { 200: { description: 'The area' } },
    },
    async (c, input) => {
      const { areaId } = input.params;
      const [area, organisations] = await Promise.all([
        deps.views.get(areaId, 'area', null, areaId),
        deps.views.list(areaId, { subjectType: 'organisation' }),
      ]);
      if (!area) await requireArea(deps, areaId);
      return c.json(
        {
          id: areaId,
          name: area?.state.name ?? null,
          organisations: organisations.map((record) => ({ id: record.id, name: record.state.name, kind: record.state.kind })),
        },
        200,
      );
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/joint-priorities',
      summary:
        'The joint view as at a date (default today): per theme, which bodies hold a priority in force or have work planned; gaps and overlaps',
      params: AreaParams,
      query: AsOfQuery,
      responses: { 200: { description: 'The joint view', schema: JointViewSchema } },
    },
    async (c, input) => {
      const { areaId } = input.params;
      const audience = audienceFor(c.get('caller'), areaId);
      const today = londonDate(deps.clock());
      const asOf = input.query.asOf ?? today;
      if (asOf !== today) {
        // Worked out per request: its body names the date, so its ETag (of the body) is the date's.
        const view = await jointViewAsOf(deps, areaId, audience, asOf);
        if (view) return c.json(view, 200);
        await requireArea(deps, areaId);
        return c.json(emptyView(areaId, audience, asOf), 200);
      }
      return serveToday(c, deps, areaId, audience, today);
    },
  );
}

const AsOfQuery = /* @__PURE__ */ once(() =>
  z.object({
    asOf: z.optional(InputDate).register(z.globalRegistry, {
      description: 'The date (YYYY-MM-DD) to see the joint view as at: what was in force on it. Default: today in Europe/London',
    }),
  }),
);

const emptyView = (areaId: string, audience: Audience, asOf: string) => ({
  areaId,
  areaName: null,
  audience,
  asOf,
  themes: [],
  gaps: [],
  noPlanInForce: [],
  overlaps: [],
});

/**
 * The ETag of today's stored joint view: its audience, the fingerprint of its content and its date
 * (together they name one body), and whether it is sent gzipped. Decided without the body, so a
 * conditional GET is answered from a read of the tag alone, and a 304 is never for another day. Of
 * the content, not the area's revision: the revision moves on at partners-only changes too, and the
 * public view's ETag would tell a public poller each time one happened. A view stored before views
 * had a content tag is named by its revision until the projector stores it again.
 */
const jointViewEtag = (
  audience: Audience,
  stored: { revision: number; contentTag: string | undefined; asOf: string | undefined },
  gzip: boolean,
) => `"view-${audience}-${stored.contentTag ?? stored.revision}-${stored.asOf}${gzip ? '-gzip' : ''}"`;

const JSON_TYPE = 'application/json; charset=UTF-8';

/** Today's view: as the projector stored it (one read) while it is today's. */
async function serveToday(c: Context, deps: ApiDeps, areaId: string, audience: Audience, todayDate: string): Promise<Response> {
  const gzip = /\bgzip\b/i.test(c.req.header('accept-encoding') ?? '');
  if (c.req.header('if-none-match') !== undefined) {
    const stored = await deps.views.jointViewTag(areaId, audience);
    if (stored?.asOf === todayDate && notModified(c, jointViewEtag(audience, stored, gzip))) {
      return unchanged(c, jointViewEtag(audience, stored, gzip), JSON_TYPE);
    }
  }
  const today = await todaysJointView(deps, areaId, audience);
  if (today?.stored) {
    // Served as stored: the projector built it, so a read is one GetItem, and gzipped
    // as stored to every client that accepts gzip (browsers, fetch, curl --compressed).
    const { stored } = today;
    const headers = { 'Content-Type': JSON_TYPE, Vary: 'Accept-Encoding', ETag: jointViewEtag(audience, stored, gzip) };
    if (gzip) return c.body(stored.gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': 'gzip' });
    return c.body(stored.body, 200, headers);
  }
  // Worked out now (the stored view is another day's): its ETag is of the body, which names the date.
  if (today?.view) return c.json(today.view, 200);
  await requireArea(deps, areaId);
  return c.json(emptyView(areaId, audience, todayDate), 200);
}
