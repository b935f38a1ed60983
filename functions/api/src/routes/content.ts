import {
  type Audience,
  audienceFor,
  type ContentTarget,
  isVisibleTo,
  priorityKind,
  withVisibleLinks,
  workProgrammeKind,
} from '@partnership-hub/domain';
import { once } from '@partnership-hub/events';
import * as z from 'zod/mini';
import { notModified, unchanged } from '../caching.ts';
import { CONTENT_WRITES, type ContentSegment, putContent, RESERVED_ITEM_IDS, withdrawContent } from '../content-writes.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf, preconditionOf } from '../http.ts';
import { shownWithTag } from '../item-reads.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { ItemParams, OrganisationParams, PriorityBody, WorkProgrammeItemBody, Written } from '../schemas.ts';
import { requireOrganisationExists } from './directory.ts';

const written = { schema: Written };

/**
 * Priorities and work programme items: each organisation publishes, revises and withdraws its
 * own with its own key. The two share one lifecycle, so one set of routes serves both, each
 * kind from a sub-app of its own.
 */
export function registerContentRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  const kinds: KindRoutes[] = [
    { segment: 'priorities', listName: 'priorities', kind: priorityKind, body: PriorityBody },
    { segment: 'work-programme', listName: 'workProgramme', kind: workProgrammeKind, body: WorkProgrammeItemBody },
  ];
  for (const spec of kinds) {
    routes.resource(`/v1/areas/{areaId}/organisations/{organisationId}/${spec.segment}`, (kindRoutes) =>
      registerKind(kindRoutes, deps, spec),
    );
  }
}

interface KindRoutes {
  segment: 'priorities' | 'work-programme';
  listName: 'priorities' | 'workProgramme';
  kind: typeof priorityKind | typeof workProgrammeKind;
  body: typeof PriorityBody | typeof WorkProgrammeItemBody;
}

/** One kind of content's writes: PUT (publish or revise) and DELETE (withdraw) at `itemPath`. */
export interface ContentWrites {
  itemPath: string;
  /** The path's parameters: the area, the organisation, and the item's id under `idParam`. */
  params: () => z.ZodMiniType<{ areaId: string; organisationId: string }>;
  idParam: string;
  segment: ContentSegment;
}

/**
 * The writes every kind of content shares, each body with its own key: a PUT publishes (201) or
 * revises (200) and answers `{id, version}` with the version as ETag, the same content again
 * records nothing; If-Match makes either conditional, If-None-Match: * makes a PUT only publish
 * (so two writers choosing the same new id are told, not merged); a DELETE withdraws. The rules are in
 * content-writes.ts, which the browser's forms call too.
 */
export function registerContentWrites(routes: RouteRegistry, deps: ApiDeps, spec: ContentWrites): void {
  const { itemPath } = spec;
  const writes = CONTENT_WRITES[spec.segment];
  // Built on each route's first request (see SchemaOf), not when the routes are registered.
  const ifMatch = once(() => z.object({ 'if-match': z.optional(z.string()) }));
  const putHeaders = once(() =>
    z.extend(ifMatch(), {
      'if-none-match': z.optional(z.string()).register(z.globalRegistry, {
        description: '`*`: publish only if the id has never been used (a live or withdrawn item there is a 412)',
      }),
    }),
  );
  const target = (params: Record<string, string>): ContentTarget => ({
    areaId: params.areaId!,
    organisationId: params.organisationId!,
    id: params[spec.idParam]!,
  });
  const label = writes.kind.label.toLowerCase();

  routes.add(
    {
      method: 'put',
      path: itemPath,
      summary: `Publish or revise a ${label} (the organisation's own key)`,
      description: `The ids ${RESERVED_ITEM_IDS.join(', ')} are reserved for the hub's pages: a PUT to one is refused (400).`,
      params: spec.params,
      headers: putHeaders,
      body: writes.body,
      responses: {
        200: { description: 'Revised, or unchanged when the same content is sent again', ...written },
        201: { description: 'Published', ...written },
      },
    },
    async (c, input) => {
      const { id } = target(input.params as Record<string, string>);
      const decision = await putContent(
        deps,
        writes,
        c.get('caller'),
        target(input.params as Record<string, string>),
        input.body,
        preconditionOf(c, true),
        spec.idParam,
      );
      c.header('ETag', etagOf(decision.version));
      c.header('Location', c.req.path);
      return c.json({ id, version: decision.version }, decision.outcome === 'created' ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: itemPath,
      summary: `Withdraw a ${label}: recorded as an event, it leaves the views`,
      params: spec.params,
      headers: ifMatch,
      responses: { 200: { description: 'Withdrawn', schema: () => z.extend(Written(), { withdrawn: z.literal(true) }) } },
    },
    async (c, input) => {
      const { id } = target(input.params as Record<string, string>);
      const decision = await withdrawContent(
        deps,
        writes,
        c.get('caller'),
        target(input.params as Record<string, string>),
        preconditionOf(c),
      );
      c.header('ETag', etagOf(decision.version));
      return c.json({ id, version: decision.version, withdrawn: true as const }, 200);
    },
  );
}

function registerKind(routes: RouteRegistry, deps: ApiDeps, spec: KindRoutes): void {
  const { segment, kind } = spec;
  const itemPath = `/v1/areas/{areaId}/organisations/{organisationId}/${segment}/{id}`;
  registerContentWrites(routes, deps, { itemPath, params: ItemParams, idParam: 'id', segment });

  routes.add(
    {
      method: 'get',
      path: itemPath,
      summary: `Read one ${kind.label.toLowerCase()}`,
      params: ItemParams,
      responses: { 200: { description: kind.label } },
    },
    async (c, input) => {
      const { areaId, organisationId, id } = input.params;
      // The accepted write, not its projection: a change reads back the moment its PUT is answered.
      const record = await deps.eventLog.current({ areaId, subjectType: kind.subjectType, organisationId, id });
      const audience = audienceFor(c.get('caller'), areaId);
      if (!record || record.withdrawn || !isVisibleTo(audience, record.state.visibility)) {
        throw new ProblemError(
          'not-found',
          `${kind.label} ${id} of ${organisationId} does not exist, has been withdrawn, or is for partners only.`,
        );
      }
      const { shown, tag } = await shownWithTag(deps, record, audience);
      if (notModified(c, tag)) return unchanged(c, tag, 'application/json');
      c.header('ETag', tag);
      return c.json({ id, areaId, organisationId, version: record.version, updatedAt: record.updatedAt, ...shown.state }, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: `/v1/areas/{areaId}/organisations/{organisationId}/${segment}`,
      summary: `List an organisation's current ${segment === 'priorities' ? 'priorities' : 'work programme'}`,
      params: OrganisationParams,
      responses: { 200: { description: 'The list' } },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      await requireOrganisationExists(deps, areaId, organisationId);
      const audience = audienceFor(c.get('caller'), areaId);
      const records = await deps.views.list(areaId, { subjectType: kind.subjectType, organisationId });
      const visible = records.filter((record) => !record.withdrawn && isVisibleTo(audience, record.state.visibility));
      const items = withVisibleLinks(visible, audience, await linkablePriorities(deps, areaId, audience)).map((record) => ({
        id: record.id,
        version: record.version,
        updatedAt: record.updatedAt,
        ...record.state,
      }));
      return c.json({ areaId, organisationId, [spec.listName]: items }, 200);
    },
  );
}

/** The area's priorities and plans, which a public reader's links are checked against; partners keep every link, so need none. */
const linkablePriorities = async (deps: ApiDeps, areaId: string, audience: Audience) =>
  audience === 'partners'
    ? []
    : [...(await deps.views.list(areaId, { subjectType: 'priority' })), ...(await deps.views.list(areaId, { subjectType: 'plan' }))];
