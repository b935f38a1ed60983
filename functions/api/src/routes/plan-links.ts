import { isWithdrawn, planKind } from '@partnership-hub/domain';
import type { PlanState } from '@partnership-hub/events';
import type { ApiDeps } from '../deps.ts';
import { validationProblem } from '../problem.ts';

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
      detail: `is not a plan of ${organisationId}: publish plan ${planId} first, or correct the id`,
    },
  ]);
}
