import {
  buildEvent,
  type EnvelopeParts,
  type HubEvent,
  type MeetingState,
  type PlanState,
  type PriorityState,
  type Visibility,
  type WorkProgrammeItemState,
} from '@partnership-hub/events';
import { canonicalJson, changedFields } from './canonical.ts';
import type { CommandContext, Precondition, StreamHead } from './context.ts';
import { NotFoundError, VersionConflictError } from './errors.ts';
import { checkPrecondition } from './preconditions.ts';

/**
 * Priorities, work programme items and plans share one lifecycle: published, revised, withdrawn
 * (and published again). Each kind names its three event types; the rules are the same.
 */
export interface ContentKind<TState> {
  subjectType: 'priority' | 'work-programme-item' | 'plan' | 'meeting';
  label: string;
  published: 'PriorityPublished' | 'WorkProgrammeItemScheduled' | 'PlanPublished' | 'MeetingScheduled';
  revised: 'PriorityRevised' | 'WorkProgrammeItemRevised' | 'PlanRevised' | 'MeetingRevised';
  /** A revision that makes the status `cancelled` is recorded as this event rather than `revised` (meetings). */
  cancelled?: 'MeetingCancelled';
  withdrawn: 'PriorityWithdrawn' | 'WorkProgrammeItemWithdrawn' | 'PlanWithdrawn' | 'MeetingWithdrawn';
  /** Only for typing: never read. */
  state?: TState;
}

export const priorityKind: ContentKind<PriorityState> = {
  subjectType: 'priority',
  label: 'Priority',
  published: 'PriorityPublished',
  revised: 'PriorityRevised',
  withdrawn: 'PriorityWithdrawn',
};

export const workProgrammeKind: ContentKind<WorkProgrammeItemState> = {
  subjectType: 'work-programme-item',
  label: 'Work programme item',
  published: 'WorkProgrammeItemScheduled',
  revised: 'WorkProgrammeItemRevised',
  withdrawn: 'WorkProgrammeItemWithdrawn',
};

export const planKind: ContentKind<PlanState> = {
  subjectType: 'plan',
  label: 'Plan',
  published: 'PlanPublished',
  revised: 'PlanRevised',
  withdrawn: 'PlanWithdrawn',
};

export const meetingKind: ContentKind<MeetingState> = {
  subjectType: 'meeting',
  label: 'Meeting',
  published: 'MeetingScheduled',
  revised: 'MeetingRevised',
  cancelled: 'MeetingCancelled',
  withdrawn: 'MeetingWithdrawn',
};

export interface ContentTarget {
  areaId: string;
  organisationId: string;
  id: string;
}

/** What a command decided: nothing to record (the same content again), or one new event. */
export type Decision =
  | { outcome: 'unchanged'; version: number }
  | { outcome: 'created' | 'revised' | 'withdrawn'; version: number; event: HubEvent };

type ContentState = PriorityState | WorkProgrammeItemState | PlanState | MeetingState;

export function isWithdrawn(kind: ContentKind<unknown>, head: StreamHead<unknown> | undefined): boolean {
  return head !== undefined && head.detailType === kind.withdrawn;
}

/**
 * A PUT: publish a new item, revise the current one, or (same content again) record nothing.
 * If-None-Match: * (`absent`) publishes only an id never used: a live or a withdrawn item there is a conflict.
 */
export function decideContentPut<TState extends ContentState>(
  kind: ContentKind<TState>,
  head: StreamHead<TState> | undefined,
  input: TState,
  precondition: Precondition,
  target: ContentTarget,
  context: CommandContext,
): Decision {
  const live = head !== undefined && !isWithdrawn(kind, head) ? head : undefined;
  // "Must not exist" counts a withdrawn item as existing: its id keeps its history, and a create
  // under it would bring that item back (the body withdrew it; a second writer chose the same id).
  if (precondition.kind === 'absent' && head !== undefined && !live)
    throw new VersionConflictError(
      `${kind.label} ${target.id} was withdrawn, and its id stays taken, so If-None-Match: * cannot hold: publish it again without If-None-Match, or choose another id`,
      undefined,
    );
  checkPrecondition(precondition, live?.version, `${kind.label} ${target.id}`);
  const version = (head?.version ?? 0) + 1;

  if (live && canonicalJson(live.state) === canonicalJson(input)) {
    return { outcome: 'unchanged', version: live.version };
  }
  if (live) {
    const changed = changedFields(live.state, input);
    const status = (state: TState) => (state as { status?: unknown }).status;
    const cancels = kind.cancelled !== undefined && status(input) === 'cancelled' && status(live.state) !== 'cancelled';
    return {
      outcome: 'revised',
      version,
      event: buildEvent(cancels ? kind.cancelled! : kind.revised, {
        ...envelope(target, version, input.visibility, context),
        data: { ...input, changedFields: changed },
      }),
    };
  }
  return {
    outcome: 'created',
    version,
    event: buildEvent(kind.published, { ...envelope(target, version, input.visibility, context), data: input }),
  };
}

/** A DELETE: withdraw the item. Its last state travels with the event so consumers can say what left. */
export function decideContentWithdrawal<TState extends ContentState>(
  kind: ContentKind<TState>,
  head: StreamHead<TState> | undefined,
  precondition: Precondition,
  target: ContentTarget,
  context: CommandContext,
): Decision {
  if (head === undefined || isWithdrawn(kind, head)) {
    throw new NotFoundError(`${kind.label} ${target.id} of ${target.organisationId} does not exist or has already been withdrawn`);
  }
  checkPrecondition(precondition, head.version, `${kind.label} ${target.id}`);
  const version = head.version + 1;
  return {
    outcome: 'withdrawn',
    version,
    event: buildEvent(kind.withdrawn, { ...envelope(target, version, head.state.visibility, context), data: head.state }),
  };
}

function envelope(target: ContentTarget, version: number, visibility: Visibility, context: CommandContext): EnvelopeParts {
  return { context, areaId: target.areaId, organisationId: target.organisationId, subject: { id: target.id, version }, visibility };
}
