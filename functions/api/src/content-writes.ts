import {
  authoriseContentChange,
  type CommandContext,
  type ContentKind,
  type ContentTarget,
  type Decision,
  decideContentPut,
  decideContentWithdrawal,
  isWithdrawn,
  meetingKind,
  type Precondition,
  type Principal,
  planKind,
  priorityKind,
  recordedActor,
  type StreamHead,
  supersessionProblems,
  workProgrammeKind,
} from '@partnership-hub/domain';
import type { MeetingState, PlanState, PriorityState, WorkProgrammeItemState } from '@partnership-hub/events';
import type * as z from 'zod/mini';
import { decideAndCommit, decideAsNewOrCommit } from './commit.ts';
import type { ApiDeps } from './deps.ts';
import { validationProblem } from './problem.ts';
import { livePlan, requirePlanOf } from './routes/plan-links.ts';
import { MeetingBody, PlanBody, PriorityBody, splitChange, WorkProgrammeItemBody, withoutReadOnly } from './schemas.ts';

/**
 * Writing a body's content (priorities, work programme items, plans), once, for every edge that
 * writes it: the JSON API (routes/content.ts, routes/plans.ts) and the browser's forms
 * (pages/routes/publishing.tsx); meetings too (routes/meetings.ts, and a connector through the API).
 * Each edge works out who is calling and the precondition; the rules, the checks beyond the
 * schema, and the commit are the same here for all.
 */
export type ContentSegment = 'priorities' | 'work-programme' | 'plans' | 'meetings';

/** The kinds of content the browser's publishing forms write (meetings come through the API, or a connector). */
export type FormSegment = Exclude<ContentSegment, 'meetings'>;

/**
 * Ids that name pages under an item's list (`.../work-programme/new`, `.../priorities/import`),
 * so no item may take one: its own page would be unreachable.
 */
export const RESERVED_ITEM_IDS: readonly string[] = ['new', 'edit', 'import'];
export const RESERVED_ID_DETAIL = `is reserved for a page of the hub (${RESERVED_ITEM_IDS.join(', ')} are): choose another id`;

export interface ContentWriteSpec<TState> {
  kind: ContentKind<TState>;
  /** The body a PUT takes: the same zod schema for the API and the forms, built on first use (see schemas.ts). */
  body: () => z.ZodMiniType;
  /** What a PUT must also hold to, beyond its body's schema (a plan it names must exist...): throws a problem if not. */
  check?: (deps: ApiDeps, target: ContentTarget, content: TState) => Promise<void>;
}

type AnyContent = PriorityState | WorkProgrammeItemState | PlanState | MeetingState;

export const CONTENT_WRITES: Record<ContentSegment, ContentWriteSpec<AnyContent>> = {
  priorities: {
    kind: priorityKind as ContentKind<AnyContent>,
    body: PriorityBody,
    // A priority may name only a plan of its own body that is there.
    check: (deps, target, content) => requirePlanOf(deps, target.areaId, target.organisationId, (content as PriorityState).planId),
  },
  'work-programme': { kind: workProgrammeKind as ContentKind<AnyContent>, body: WorkProgrammeItemBody },
  plans: {
    kind: planKind as ContentKind<AnyContent>,
    body: PlanBody,
    // The plan it supersedes must be an earlier live plan of the body, and no cycle may follow.
    check: async (deps, { areaId, organisationId, id }, plan) => {
      const problems = await supersessionProblems(id, plan as PlanState, (other) => livePlan(deps, areaId, organisationId, other));
      if (problems.length > 0)
        throw validationProblem(problems.map(({ field, detail }) => ({ in: 'body', pointer: `#/${field}`, field, detail })));
    },
  },
  meetings: {
    kind: meetingKind as ContentKind<AnyContent>,
    body: MeetingBody,
    // An agenda item may name only a live work programme item of the meeting's own body.
    check: async (deps, { areaId, organisationId }, content) => {
      const problems = [];
      for (const [index, item] of (content as MeetingState).agenda.entries()) {
        if (item.workProgrammeItemId === undefined) continue;
        const ref = { areaId, subjectType: 'work-programme-item' as const, organisationId, id: item.workProgrammeItemId };
        const head = await deps.eventLog.head<WorkProgrammeItemState>(ref);
        if (head && !isWithdrawn(workProgrammeKind, head)) continue;
        problems.push({
          in: 'body' as const,
          pointer: `#/agenda/${index}/workProgrammeItemId`,
          field: `agenda[${index}].workProgrammeItemId`,
          detail: `is not a work programme item of ${organisationId}`,
        });
      }
      if (problems.length > 0) throw validationProblem(problems);
    },
  },
};

/** A reserved id is refused as the path's own field, before anything else is looked at. */
function refuseReservedId(id: string, idParam: string): void {
  if (RESERVED_ITEM_IDS.includes(id))
    throw validationProblem([
      {
        in: 'path',
        pointer: `#/${idParam}`,
        field: idParam,
        detail: RESERVED_ID_DETAIL,
      },
    ]);
}

/**
 * Publishes or revises one item: authorised by the domain's rule for the principal, checked,
 * decided and committed. `body` is what the spec's schema parsed.
 */
export async function putContent(
  deps: ApiDeps,
  spec: ContentWriteSpec<AnyContent>,
  principal: Principal,
  target: ContentTarget,
  body: unknown,
  precondition: Precondition,
  idParam = 'id',
): Promise<Decision> {
  const { areaId, organisationId, id } = target;
  const caller = authoriseContentChange(principal, { areaId, organisationId });
  refuseReservedId(id, idParam);
  const { content: sent, change } = splitChange(body as AnyContent);
  const content = withoutReadOnly(sent as AnyContent);
  await spec.check?.(deps, target, content);
  const ref = { areaId, subjectType: spec.kind.subjectType, organisationId, id };
  const decideOn = (head: StreamHead<PriorityState> | undefined, recorded: CommandContext) =>
    decideContentPut(spec.kind as unknown as ContentKind<PriorityState>, head, content as unknown as PriorityState, precondition, target, {
      ...recorded,
      change,
    });
  // Most PUTs to an id not seen before publish it: tried first as a new item, without reading the log.
  return decideAsNewOrCommit(
    deps,
    recordedActor(caller),
    precondition,
    ref,
    (recorded) => decideOn(undefined, recorded),
    async (recorded) => decideOn(await deps.eventLog.head<PriorityState>(ref), recorded),
  );
}

/** Withdraws one item: recorded as an event, it leaves the views. */
export async function withdrawContent(
  deps: ApiDeps,
  spec: ContentWriteSpec<AnyContent>,
  principal: Principal,
  target: ContentTarget,
  precondition: Precondition,
): Promise<Decision> {
  const { areaId, organisationId, id } = target;
  const caller = authoriseContentChange(principal, { areaId, organisationId });
  const ref = { areaId, subjectType: spec.kind.subjectType, organisationId, id };
  return decideAndCommit(deps, recordedActor(caller), precondition, async (context) =>
    decideContentWithdrawal(
      spec.kind as unknown as ContentKind<PriorityState>,
      await deps.eventLog.head<PriorityState>(ref),
      precondition,
      target,
      context,
    ),
  );
}
