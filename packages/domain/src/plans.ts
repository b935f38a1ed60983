import type { PlanState } from '@partnership-hub/events';

/** A field of a write that cannot stand as sent, and why, as the end of a sentence that starts with the field's name. */
export interface FieldProblem {
  field: string;
  detail: string;
}

/** How far a chain of supersession is followed before it is taken to be a cycle the reads cannot settle. */
const LONGEST_CHAIN = 1000;

/**
 * What is wrong with the plan that `plan` says it supersedes: it must be another live plan of the
 * same body (`readPlan` answers the body's live plans by id), one that starts before this one, and
 * following what each plan supersedes from there must never lead back to this one. Nothing, when
 * `plan` supersedes no plan.
 */
export async function supersessionProblems(
  planId: string,
  plan: Pick<PlanState, 'startDate' | 'supersedes'>,
  readPlan: (id: string) => Promise<Pick<PlanState, 'startDate' | 'supersedes'> | undefined>,
): Promise<FieldProblem[]> {
  const { supersedes } = plan;
  if (supersedes === undefined) return [];
  const problem = (detail: string) => [{ field: 'supersedes', detail }];
  if (supersedes === planId) return problem('names this plan itself, not an earlier one');
  const earlier = await readPlan(supersedes);
  if (!earlier) return problem(`is not a plan of this body: publish ${supersedes} first, or correct the id`);
  if (earlier.startDate >= plan.startDate)
    return problem(
      `must name an earlier plan: ${supersedes} starts on ${earlier.startDate}, not before this plan's start (${plan.startDate})`,
    );
  const chain = [supersedes];
  let next = earlier.supersedes;
  while (next !== undefined && chain.length < LONGEST_CHAIN) {
    if (next === planId) return problem(`would make a cycle: ${[planId, ...chain, planId].join(' → ')}, each superseding the next`);
    if (chain.includes(next)) break;
    chain.push(next);
    next = (await readPlan(next))?.supersedes;
  }
  return [];
}
