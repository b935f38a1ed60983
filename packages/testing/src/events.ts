import {
  type CommandContext,
  type Decision,
  decideAreaPut,
  decideContentPut,
  decideContentWithdrawal,
  decideOrganisationPut,
  decideProtocolAgreement,
  decideProtocolProposal,
  noPrecondition,
  type ProtocolDraft,
  planKind,
  priorityKind,
  toViewRecord,
  workProgrammeKind,
} from '@partnership-hub/domain';
import type {
  HubEvent,
  OrganisationState,
  PlanState,
  PriorityState,
  ProtocolState,
  SubjectType,
  WorkProgrammeItemState,
} from '@partnership-hub/events';

/**
 * Events as the hub makes them: every builder asks the domain's decisions for its event, so a
 * test's events change with the domain and are always ones the hub could have produced.
 * Defaults describe South Yorkshire; each builder takes what a test cares about.
 */

export const AREA = 'south-yorkshire';
export const CSP = 'safer-rotherham-partnership';
export const PANEL = 'south-yorkshire-police-and-crime-panel';
export const OCCURRED_AT = '2026-01-01T09:00:00.000Z';

/** What a command is decided with: by default the Safer Rotherham Partnership's key, at 09:00 on 1 January 2026. */
export function commandContext(overrides: Partial<CommandContext> = {}): CommandContext {
  return { eventId: '01JEVENT0001', occurredAt: OCCURRED_AT, actor: { kind: 'key', organisationId: CSP }, ...overrides };
}

export function priorityState(overrides: Partial<PriorityState> = {}): PriorityState {
  return {
    title: 'Tackling anti-social behaviour',
    themes: ['anti-social-behaviour'],
    outcomes: [],
    indicators: [],
    status: 'active',
    supports: [],
    visibility: 'public',
    ...overrides,
  };
}

export function planState(overrides: Partial<PlanState> = {}): PlanState {
  return {
    title: 'Safer Rotherham Partnership Plan 2026-2029',
    kind: 'partnership-plan',
    startDate: '2026-04-01',
    endDate: '2029-03-31',
    visibility: 'public',
    ...overrides,
  };
}

export function workProgrammeItemState(overrides: Partial<WorkProgrammeItemState> = {}): WorkProgrammeItemState {
  return {
    title: 'Domestic abuse services report',
    themes: ['domestic-abuse'],
    kind: 'report',
    quarter: '2026-Q1',
    status: 'planned',
    priorities: [],
    visibility: 'public',
    ...overrides,
  };
}

export function protocolDraft(overrides: Partial<ProtocolDraft> = {}): ProtocolDraft {
  return { title: 'Joint working protocol', parties: [CSP, PANEL], summary: 'Roles.', visibility: 'public', ...overrides };
}

/** The event a decision produced; a decision that recorded nothing fails the test here. */
export function eventOf(decision: Decision): HubEvent {
  if (decision.outcome === 'unchanged') throw new Error('expected an event, the decision was unchanged');
  return decision.event;
}

interface Subject {
  areaId?: string;
  /** The event's id; by default one made from the subject and version, so distinct events have distinct ids. */
  eventId?: string;
  /** The rest of the command's context; the actor defaults to the organisation acting. */
  context?: Partial<CommandContext>;
}

interface ContentEventOptions<TState> extends Subject {
  organisationId?: string;
  id?: string;
  /** The version the event gives its subject. */
  version?: number;
  /** The subject's state after the event (a withdrawal: the state it leaves with). */
  state?: Partial<TState>;
  /** A revision's state before it. */
  before?: Partial<TState>;
}

function contextFor(options: Subject, subject: { type: SubjectType; id: string; version: number }, actorOrganisation?: string) {
  return commandContext({
    eventId: options.eventId ?? `${subject.type}-${subject.id}-v${subject.version}`,
    actor: actorOrganisation ? { kind: 'key', organisationId: actorOrganisation } : { kind: 'admin' },
    ...options.context,
  });
}

/** Published, revised and withdrawn events of one kind of content (priorities, work programme items). */
function contentEvents<TState extends PriorityState | WorkProgrammeItemState | PlanState>(
  kind: Parameters<typeof decideContentPut<TState>>[0],
  defaults: (overrides?: Partial<TState>) => TState,
  defaultId: string,
  /** What a revision changes when the test does not say. */
  defaultRevision: Partial<TState>,
) {
  const target = (options: ContentEventOptions<TState>) => ({
    areaId: options.areaId ?? AREA,
    organisationId: options.organisationId ?? CSP,
    id: options.id ?? defaultId,
  });
  const context = (options: ContentEventOptions<TState>, version: number) => {
    const { organisationId, id } = target(options);
    return contextFor(options, { type: kind.subjectType, id, version }, organisationId);
  };
  return {
    /** Published at version 1, or (given a later version) published again after a withdrawal. */
    published(options: ContentEventOptions<TState> = {}): HubEvent {
      const version = options.version ?? 1;
      const head = version > 1 ? { version: version - 1, detailType: kind.withdrawn, state: defaults(options.state) } : undefined;
      return eventOf(decideContentPut(kind, head, defaults(options.state), noPrecondition, target(options), context(options, version)));
    },
    /** Revised from `before` to `state` (by default a change of status), by default at version 2. */
    revised(options: ContentEventOptions<TState> = {}): HubEvent {
      const version = options.version ?? 2;
      const head = { version: version - 1, detailType: version > 2 ? kind.revised : kind.published, state: defaults(options.before) };
      const after = defaults({ ...options.before, ...(options.state ?? defaultRevision) } as Partial<TState>);
      return eventOf(decideContentPut(kind, head, after, noPrecondition, target(options), context(options, version)));
    },
    /** Withdrawn, by default at version 2, leaving with `state`. */
    withdrawn(options: ContentEventOptions<TState> = {}): HubEvent {
      const version = options.version ?? 2;
      const head = { version: version - 1, detailType: version > 2 ? kind.revised : kind.published, state: defaults(options.state) };
      return eventOf(decideContentWithdrawal(kind, head, noPrecondition, target(options), context(options, version)));
    },
  };
}

const priorities = contentEvents<PriorityState>(priorityKind, priorityState, 'p1', { status: 'achieved' });
const workProgrammeItems = contentEvents<WorkProgrammeItemState>(workProgrammeKind, workProgrammeItemState, 'wp1', {
  status: 'in-progress',
});

const plans = contentEvents<PlanState>(planKind, planState, 'plan1', { endDate: '2030-03-31' });

export const planPublished = plans.published;
export const planRevised = plans.revised;
export const planWithdrawn = plans.withdrawn;
export const priorityPublished = priorities.published;
export const priorityRevised = priorities.revised;
export const priorityWithdrawn = priorities.withdrawn;
export const workProgrammeItemScheduled = workProgrammeItems.published;
export const workProgrammeItemRevised = workProgrammeItems.revised;
export const workProgrammeItemWithdrawn = workProgrammeItems.withdrawn;

/** An area registered by the administrator. */
export function areaRegistered(options: Subject & { name?: string } = {}): HubEvent {
  const areaId = options.areaId ?? AREA;
  const context = contextFor(options, { type: 'area', id: areaId, version: 1 });
  return eventOf(decideAreaPut(undefined, { name: options.name ?? 'South Yorkshire' }, areaId, context));
}

/** An organisation registered in its area by the administrator; by default the Safer Rotherham Partnership, a CSP. */
export function organisationRegistered(options: Subject & { organisationId?: string } & Partial<OrganisationState> = {}): HubEvent {
  const organisationId = options.organisationId ?? CSP;
  const context = contextFor(options, { type: 'organisation', id: organisationId, version: 1 });
  const state: OrganisationState = { name: options.name ?? 'Safer Rotherham Partnership', kind: options.kind ?? 'csp' };
  return eventOf(decideOrganisationPut(undefined, state, { areaId: options.areaId ?? AREA, organisationId }, context));
}

interface ProtocolEventOptions extends Subject {
  protocolId?: string;
  draft?: Partial<ProtocolDraft>;
}

/** A party (by default the CSP) drafts a protocol: version 1 of its stream. */
export function protocolVersionProposed(options: ProtocolEventOptions & { proposer?: string } = {}): HubEvent {
  const protocolId = options.protocolId ?? 'jwp';
  const proposer = options.proposer ?? CSP;
  const context = contextFor(options, { type: 'protocol', id: protocolId, version: 1 }, proposer);
  const target = { areaId: options.areaId ?? AREA, protocolId };
  return eventOf(decideProtocolProposal(undefined, protocolDraft(options.draft), proposer, noPrecondition, target, context));
}

/** A party (by default the panel) agrees the drafted protocol: version 2 of its stream. */
export function protocolAgreed(options: ProtocolEventOptions & { party?: string } = {}): HubEvent {
  const protocolId = options.protocolId ?? 'jwp';
  const party = options.party ?? PANEL;
  const drafted = protocolVersionProposed({ areaId: options.areaId, protocolId, draft: options.draft });
  const head = { version: 1, detailType: drafted.detailType, state: toViewRecord(drafted).state as ProtocolState };
  const context = contextFor(options, { type: 'protocol', id: protocolId, version: 2 }, party);
  return eventOf(decideProtocolAgreement(head, head.state.version, party, { areaId: options.areaId ?? AREA, protocolId }, context));
}
