import {
  type Audience,
  audienceFor,
  authoriseContentChange,
  decideContentPut,
  decideContentWithdrawal,
  isWithdrawn,
  londonDate,
  type PlanPeriod,
  planInForceOn,
  planKind,
  planPeriods,
  type RecordOf,
  recordedActor,
  recordInForceOn,
  supersessionProblems,
  visibleRecords,
  withVisibleLinks,
} from '@partnership-hub/domain';
import type { PlanState } from '@partnership-hub/events';
import * as z from 'zod';
import { decideAndCommit } from '../commit.ts';
import type { ApiDeps } from '../deps.ts';
import { etagOf, preconditionOf } from '../http.ts';
import { ProblemError, validationProblem } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { OrganisationParams, PlanBody, PlanParams, Written } from '../schemas.ts';
import { requireOrganisationExists } from './directory.ts';

const tags = ['plans'];

/**
 * Plans: each body publishes, revises and withdraws its own (a Police and Crime Plan, a CSP plan,
 * a scrutiny work programme...) with its own key, as it does its priorities. A plan's reads say
 * what is in force today: its end as it stands (a plan another supersedes ends the day before
 * that one starts), and which of its priorities are in force.
 */
export function registerPlanRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  const itemPath = '/v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}';
  const ifMatch = z.object({ 'if-match': z.string().optional() });

  routes.add(
    {
      method: 'put',
      path: itemPath,
      summary: "Publish or revise a plan (the organisation's own key)",
      description:
        'Dates are YYYY-MM-DD; endDate may be left out (the plan then runs until a plan that supersedes it starts). ' +
        '`supersedes` names an earlier plan of the same body, which then ends the day before this one starts.',
      tags,
      params: PlanParams,
      headers: ifMatch,
      body: PlanBody,
      responses: {
        200: { description: 'Revised, or unchanged when the same content is sent again', schema: Written },
        201: { description: 'Published', schema: Written },
      },
    },
    async (c, input) => {
      const { areaId, organisationId, planId } = input.params;
      const caller = authoriseContentChange(c.get('caller'), { areaId, organisationId });
      const plan = input.body as PlanState;
      const problems = await supersessionProblems(planId, plan, (id) => livePlan(deps, areaId, organisationId, id));
      if (problems.length > 0)
        throw validationProblem(problems.map(({ field, detail }) => ({ in: 'body', pointer: `#/${field}`, field, detail })));
      const precondition = preconditionOf(c);
      const decision = await decideAndCommit(deps, recordedActor(caller), precondition, async (context) =>
        decideContentPut(
          planKind,
          await deps.eventLog.head<PlanState>(planRef(areaId, organisationId, planId)),
          plan,
          precondition,
          { areaId, organisationId, id: planId },
          context,
        ),
      );
      c.header('ETag', etagOf(decision.version));
      c.header('Location', c.req.path);
      return c.json({ id: planId, version: decision.version }, decision.outcome === 'created' ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: itemPath,
      summary: 'Withdraw a plan: recorded as an event, it leaves the views, and a plan it superseded runs to its own end again',
      tags,
      params: PlanParams,
      headers: ifMatch,
      responses: { 200: { description: 'Withdrawn', schema: Written.extend({ withdrawn: z.literal(true) }) } },
    },
    async (c, input) => {
      const { areaId, organisationId, planId } = input.params;
      const caller = authoriseContentChange(c.get('caller'), { areaId, organisationId });
      const precondition = preconditionOf(c);
      const decision = await decideAndCommit(deps, recordedActor(caller), precondition, async (context) =>
        decideContentWithdrawal(
          planKind,
          await deps.eventLog.head<PlanState>(planRef(areaId, organisationId, planId)),
          precondition,
          { areaId, organisationId, id: planId },
          context,
        ),
      );
      c.header('ETag', etagOf(decision.version));
      return c.json({ id: planId, version: decision.version, withdrawn: true as const }, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: itemPath,
      summary: 'Read a plan with its priorities, and what of it is in force today',
      description:
        'Besides the plan: `asOf` (today in Europe/London), `inForce`, `effectiveEndDate` (its end as it stands: the day before a ' +
        'plan that supersedes it starts, if sooner than its own), `supersededBy`, and its priorities, each with `inForce`. Its ETag ' +
        'is of this whole answer, which changes with the date; If-Match on a PUT takes the `version`.',
      tags,
      params: PlanParams,
      responses: { 200: { description: 'The plan and its priorities' } },
    },
    async (c, input) => {
      const { areaId, organisationId, planId } = input.params;
      const audience = audienceFor(c.get('caller'), areaId);
      const [plans, areaPriorities] = await Promise.all([
        plansOf(deps, areaId, organisationId, audience),
        deps.views.list(areaId, { subjectType: 'priority' }),
      ]);
      const plan = plans.shown.find((candidate) => candidate.id === planId);
      if (!plan)
        throw new ProblemError(
          'not-found',
          `Plan ${planId} of ${organisationId} does not exist, has been withdrawn, or is for partners only.`,
        );
      const asOf = londonDate(deps.clock());
      const own = visibleRecords(areaPriorities, audience).filter(
        (priority) => priority.organisationId === organisationId && priority.state.planId === planId,
      );
      return c.json(
        {
          ...planResponse(plan, plans.periods, asOf),
          priorities: withVisibleLinks(own, audience, [...areaPriorities, ...plans.all]).map((priority) => ({
            id: priority.id,
            version: priority.version,
            updatedAt: priority.updatedAt,
            ...priority.state,
            inForce: recordInForceOn(priority, plans.periods, asOf),
          })),
        },
        200,
      );
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/plans',
      summary: "List an organisation's plans, with what is in force today",
      tags,
      params: OrganisationParams,
      responses: { 200: { description: 'The plans, earliest start first' } },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      await requireOrganisationExists(deps, areaId, organisationId);
      const audience = audienceFor(c.get('caller'), areaId);
      const plans = await plansOf(deps, areaId, organisationId, audience);
      const asOf = londonDate(deps.clock());
      return c.json({ areaId, organisationId, asOf, plans: plans.shown.map((plan) => planResponse(plan, plans.periods, asOf)) }, 200);
    },
  );
}

const planRef = (areaId: string, organisationId: string, id: string) => ({ areaId, subjectType: 'plan' as const, organisationId, id });

/** A live plan of the body, read from the log (consistently: a plan published a moment ago counts). */
export async function livePlan(deps: ApiDeps, areaId: string, organisationId: string, id: string): Promise<PlanState | undefined> {
  const head = await deps.eventLog.head<PlanState>(planRef(areaId, organisationId, id));
  return head && !isWithdrawn(planKind, head) ? head.state : undefined;
}

/**
 * A priority may name only a live plan of its own body: otherwise a 400 naming `planId` (at
 * `pointer`), and nothing is recorded.
 */
export async function requirePlanOf(deps: ApiDeps, areaId: string, organisationId: string, planId: string | undefined): Promise<void> {
  if (planId === undefined || (await livePlan(deps, areaId, organisationId, planId))) return;
  throw validationProblem([
    {
      in: 'body',
      pointer: '#/planId',
      field: 'planId',
      detail: `is not a plan of ${organisationId}: publish it first (PUT .../organisations/${organisationId}/plans/${planId}), or correct the id`,
    },
  ]);
}

/**
 * The body's plans: all of them (links are checked against them), those the reader may see,
 * earliest start first, with links to plans they may not see taken out (`shown`), and the periods
 * of those: what is in force is worked out from the plans the reader may see alone.
 */
async function plansOf(deps: ApiDeps, areaId: string, organisationId: string, audience: Audience) {
  const all = await deps.views.list(areaId, { subjectType: 'plan', organisationId });
  const visible = visibleRecords(all, audience).sort(
    (a, b) => a.state.startDate.localeCompare(b.state.startDate) || a.id.localeCompare(b.id),
  );
  const periods = planPeriods(visible.map((plan) => ({ id: plan.id, ...plan.state })));
  return { all, shown: withVisibleLinks(visible, audience, all), periods };
}

/** A plan as the API answers it: its own fields, and its period as it stands on `asOf`. */
function planResponse(plan: RecordOf<'plan'>, periods: ReadonlyMap<string, PlanPeriod>, asOf: string) {
  const period = periods.get(plan.id);
  return {
    id: plan.id,
    areaId: plan.areaId,
    organisationId: plan.organisationId,
    version: plan.version,
    updatedAt: plan.updatedAt,
    ...plan.state,
    asOf,
    inForce: planInForceOn(period, asOf),
    ...(period?.end ? { effectiveEndDate: period.end } : {}),
    ...(period?.supersededBy ? { supersededBy: period.supersededBy } : {}),
  };
}
