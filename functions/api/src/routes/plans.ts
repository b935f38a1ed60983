import {
  type Audience,
  audienceFor,
  londonDate,
  type PlanPeriod,
  planInForceOn,
  planPeriods,
  type RecordOf,
  recordInForceOn,
  visibleRecords,
  withVisibleLinks,
} from '@partnership-hub/domain';
import type { ApiDeps } from '../deps.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { OrganisationParams, PlanParams } from '../schemas.ts';
import { registerContentWrites } from './content.ts';
import { requireOrganisationExists } from './directory.ts';

/**
 * Plans: each body publishes, revises and withdraws its own (a Police and Crime Plan, a CSP plan,
 * a scrutiny work programme...) with its own key, as it does its priorities. A plan's reads say
 * what is in force today: its end as it stands (a plan another supersedes ends the day before
 * that one starts), and which of its priorities are in force.
 */
export function registerPlanRoutes(routes: RouteRegistry, deps: ApiDeps): void {
  const itemPath = '/v1/areas/{areaId}/organisations/{organisationId}/plans/{planId}';
  registerContentWrites(routes, deps, { itemPath, params: PlanParams, idParam: 'planId', segment: 'plans' });

  routes.add(
    {
      method: 'get',
      path: itemPath,
      summary: 'Read a plan with its priorities, and what of it is in force today',
      params: PlanParams,
      responses: { 200: { description: 'The plan and its priorities' } },
    },
    async (c, input) => {
      const { areaId, organisationId, planId } = input.params;
      const audience = audienceFor(c.get('caller'), areaId);
      const [plans, areaPriorities] = await Promise.all([
        plansOf(deps, areaId, organisationId, audience, planId),
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

/**
 * The body's plans: all of them (links are checked against them), those the reader may see,
 * earliest start first, with links to plans they may not see taken out (`shown`), and the periods
 * of those: what is in force is worked out from the plans the reader may see alone.
 *
 * `current`, a plan read on its own, is taken from the head of its stream in the event log, as
 * every other item's read is, and not from the views, so that its last accepted write reads back
 * the moment it is answered rather than once the projector has stored it.
 */
async function plansOf(deps: ApiDeps, areaId: string, organisationId: string, audience: Audience, current?: string) {
  const [projected, head] = await Promise.all([
    deps.views.list(areaId, { subjectType: 'plan', organisationId }),
    current === undefined ? undefined : deps.eventLog.current({ areaId, subjectType: 'plan', organisationId, id: current }),
  ]);
  const all = head ? [...projected.filter((plan) => plan.id !== head.id), head] : projected;
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
