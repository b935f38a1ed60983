import {
  type Audience,
  audienceFor,
  authoriseContentChange,
  type Decision,
  decideContentPut,
  decideContentWithdrawal,
  isVisibleTo,
  priorityKind,
  recordedActor,
  withVisibleLinks,
  workProgrammeKind,
} from '@partnership-hub/domain';
import type { PriorityState, WorkProgrammeItemState } from '@partnership-hub/events';
import * as z from 'zod';
import { decideAndCommit } from '../commit.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf, preconditionOf } from '../http.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { ItemParams, OrganisationParams, PriorityBody, WorkProgrammeItemBody, Written, withoutReadOnly } from '../schemas.ts';
import { requireOrganisationExists } from './directory.ts';
import { requirePlanOf } from './plans.ts';

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

function registerKind(routes: RouteRegistry, deps: ApiDeps, spec: KindRoutes): void {
  const { segment, kind } = spec;
  const itemPath = `/v1/areas/{areaId}/organisations/{organisationId}/${segment}/{id}`;
  const ifMatch = z.object({ 'if-match': z.string().optional() });

  routes.add(
    {
      method: 'put',
      path: itemPath,
      summary: `Publish or revise a ${kind.label.toLowerCase()} (the organisation's own key)`,
      params: ItemParams,
      headers: ifMatch,
      body: spec.body,
      responses: {
        200: { description: 'Revised, or unchanged when the same content is sent again', ...written },
        201: { description: 'Published', ...written },
      },
    },
    async (c, input) => {
      const { areaId, organisationId, id } = input.params;
      const caller = authoriseContentChange(c.get('caller'), { areaId, organisationId });
      const content = withoutReadOnly(input.body) as PriorityState & WorkProgrammeItemState;
      if (kind === priorityKind) await requirePlanOf(deps, areaId, organisationId, (content as PriorityState).planId);
      const precondition = preconditionOf(c);
      const ref = { areaId, subjectType: kind.subjectType, organisationId, id };
      const decision: Decision = await decideAndCommit(deps, recordedActor(caller), precondition, async (context) =>
        decideContentPut(
          kind as typeof priorityKind,
          await deps.eventLog.head<PriorityState>(ref),
          content,
          precondition,
          { areaId, organisationId, id },
          context,
        ),
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
      summary: `Withdraw a ${kind.label.toLowerCase()}: recorded as an event, it leaves the views`,
      params: ItemParams,
      headers: ifMatch,
      responses: { 200: { description: 'Withdrawn', schema: Written.extend({ withdrawn: z.literal(true) }) } },
    },
    async (c, input) => {
      const { areaId, organisationId, id } = input.params;
      const caller = authoriseContentChange(c.get('caller'), { areaId, organisationId });
      const precondition = preconditionOf(c);
      const ref = { areaId, subjectType: kind.subjectType, organisationId, id };
      const decision = await decideAndCommit(deps, recordedActor(caller), precondition, async (context) =>
        decideContentWithdrawal(
          kind as typeof priorityKind,
          await deps.eventLog.head<PriorityState>(ref),
          precondition,
          { areaId, organisationId, id },
          context,
        ),
      );
      c.header('ETag', etagOf(decision.version));
      return c.json({ id, version: decision.version, withdrawn: true as const }, 200);
    },
  );

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
      const record = await deps.views.get(areaId, kind.subjectType, organisationId, id);
      const audience = audienceFor(c.get('caller'), areaId);
      if (!record || record.withdrawn || !isVisibleTo(audience, record.state.visibility)) {
        throw new ProblemError(
          'not-found',
          `${kind.label} ${id} of ${organisationId} does not exist, has been withdrawn, or is for partners only.`,
        );
      }
      const [shown] = withVisibleLinks([record], audience, await linkablePriorities(deps, areaId, audience));
      c.header('ETag', etagOf(record.version));
      return c.json({ id, areaId, organisationId, version: record.version, updatedAt: record.updatedAt, ...shown!.state }, 200);
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
