import { isAhead, type PlanPeriod, planInForceOn, planPeriods, type RecordOf, recordInForceOn } from '@partnership-hub/domain';
import type { AreaContent } from './area-data.ts';

/** Where a plan's page is. */
export const planPath = (areaId: string, organisationId: string, planId: string) =>
  `/areas/${areaId}/bodies/${organisationId}/plans/${encodeURIComponent(planId)}`;

/** One of a body's plans on a date: in force, not yet begun, or over; with its priorities. */
export interface PlanGroup {
  plan: RecordOf<'plan'>;
  period: PlanPeriod | undefined;
  when: 'in-force' | 'upcoming' | 'earlier';
  priorities: RecordOf<'priority'>[];
}

/**
 * A body's plans and priorities as its page shows them on `today`: its plans in force first
 * (latest first), then those not yet begun, then earlier ones (latest first), each with its
 * priorities (those in force first, then by title); and the priorities in no plan the reader may
 * see. All worked out from what this reader may see (`content` is theirs).
 */
export interface BodyPlans {
  groups: PlanGroup[];
  /** The priorities in no plan the reader may see. */
  unplanned: RecordOf<'priority'>[];
  periods: ReadonlyMap<string, PlanPeriod>;
  /** All the body's priorities the reader may see. */
  priorities: RecordOf<'priority'>[];
}

export function bodyPlans(content: AreaContent, organisationId: string, today: string): BodyPlans {
  const plans = content.plans.filter((plan) => plan.organisationId === organisationId);
  const periods = planPeriods(plans.map((plan) => ({ id: plan.id, ...plan.state })));
  const priorities = content.priorities
    .filter((priority) => priority.organisationId === organisationId)
    .sort(
      (a, b) =>
        Number(!recordInForceOn(a, periods, today)) - Number(!recordInForceOn(b, periods, today)) ||
        a.state.title.localeCompare(b.state.title),
    );
  const whenOf = (period: PlanPeriod | undefined): PlanGroup['when'] =>
    planInForceOn(period, today) ? 'in-force' : period && isAhead(period, today) ? 'upcoming' : 'earlier';
  const order: PlanGroup['when'][] = ['in-force', 'upcoming', 'earlier'];
  const groups = plans
    .map((plan) => {
      const period = periods.get(plan.id);
      return { plan, period, when: whenOf(period), priorities: priorities.filter((priority) => priority.state.planId === plan.id) };
    })
    .sort(
      (a, b) =>
        order.indexOf(a.when) - order.indexOf(b.when) ||
        (a.when === 'upcoming' ? 1 : -1) * a.plan.state.startDate.localeCompare(b.plan.state.startDate) ||
        a.plan.id.localeCompare(b.plan.id),
    );
  const planned = new Set(plans.map((plan) => plan.id));
  const unplanned = priorities.filter((priority) => priority.state.planId === undefined || !planned.has(priority.state.planId));
  return { groups, unplanned, periods, priorities };
}
