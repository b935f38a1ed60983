import { decideDeadlineNotice, londonDate, OVERDUE_CHECK_ACTOR, requestRef, requestStatus } from '@partnership-hub/domain';
import type { RequestState } from '@partnership-hub/events';
import { decideAndCommit } from './commit.ts';
import type { ApiDeps } from './deps.ts';

/** Whether a request may need a notice today: unanswered, open, with a due date whose notice has not been given. */
function mayNeedNotice(state: RequestState, today: string): boolean {
  if (state.closed || state.responses.length > 0 || state.dueDate === undefined) return false;
  if (requestStatus(state, today) === 'overdue') return state.overdueFor !== state.dueDate;
  return state.dueSoonFor !== state.dueDate;
}

/**
 * The overdue check, a job of the hub's own (its events' actor is the system, "overdue check"):
 * for every unanswered request of every area, RequestDueSoon once it is due within seven days
 * and RequestOverdue once its due date has passed (the end of that day in Europe/London), each
 * once per due date. Each notice is decided on the request's head and appended conditionally,
 * as every write is, so two checks running at once, or a check racing a response, record each
 * notice at most once and never one for a request answered meanwhile. What it has sent is kept
 * in the log (the request's `dueSoonFor`/`overdueFor`), so a check that stops half way loses
 * nothing: the next run picks up what is left. The views only say where to look.
 *
 * The same code runs on a schedule in Lambda (lambda-overdue.ts) and on the local run's timer.
 */
export function createOverdueCheck(deps: ApiDeps) {
  return async function runOverdueCheck(): Promise<{ notices: number }> {
    const today = londonDate(deps.clock());
    let notices = 0;
    for (const areaId of await deps.eventLog.areas()) {
      const records = await deps.views.list(areaId, { subjectType: 'request' });
      for (const record of records.filter((candidate) => mayNeedNotice(candidate.state, today))) {
        const target = { areaId, id: record.id };
        const decision = await decideAndCommit(deps, OVERDUE_CHECK_ACTOR, { kind: 'none' }, async (context) => {
          const head = await deps.eventLog.head<RequestState>(requestRef(target));
          return head ? decideDeadlineNotice(head, target, context, today) : { outcome: 'unchanged' as const, version: 0 };
        });
        if (decision.outcome !== 'unchanged') notices++;
      }
    }
    if (notices > 0) deps.logger.info('the overdue check recorded notices', { notices, today });
    return { notices };
  };
}
