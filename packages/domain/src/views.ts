import {
  type AreaState,
  type Change,
  type HubEvent,
  isWithdrawal,
  type MeetingState,
  type OrganisationState,
  owningOrganisation,
  type PlanState,
  type PriorityLink,
  type PriorityState,
  PriorityStatus,
  type ProtocolState,
  type RequestState,
  type SubjectType,
  statusFromFreeText,
  type VariationState,
  type Visibility,
  type WorkProgrammeItemState,
} from '@partnership-hub/events';

interface RecordBase {
  areaId: string;
  /** The version of the subject this record reflects: older or equal deliveries are ignored. */
  version: number;
  updatedAt: string;
  lastEventType: string;
  /** What the writer of the latest change said about it (its effective date and source), where it said anything. */
  change?: Change | undefined;
}

/** One subject's current state, as the projector stores it. Events carry the whole state after the change. */
export type ViewRecord =
  | (RecordBase & { subjectType: 'area'; id: string; organisationId: null; withdrawn: false; state: AreaState })
  | (RecordBase & { subjectType: 'organisation'; id: string; organisationId: string; withdrawn: false; state: OrganisationState })
  | (RecordBase & { subjectType: 'priority'; id: string; organisationId: string; withdrawn: boolean; state: PriorityState })
  | (RecordBase & {
      subjectType: 'work-programme-item';
      id: string;
      organisationId: string;
      withdrawn: boolean;
      state: WorkProgrammeItemState;
    })
  | (RecordBase & { subjectType: 'protocol'; id: string; organisationId: null; withdrawn: false; state: ProtocolState })
  | (RecordBase & { subjectType: 'plan'; id: string; organisationId: string; withdrawn: boolean; state: PlanState })
  | (RecordBase & { subjectType: 'meeting'; id: string; organisationId: string; withdrawn: boolean; state: MeetingState })
  | (RecordBase & { subjectType: 'request'; id: string; organisationId: null; withdrawn: false; state: RequestState })
  | (RecordBase & { subjectType: 'plan-variation'; id: string; organisationId: string; withdrawn: false; state: VariationState });

export type RecordOf<T extends SubjectType> = Extract<ViewRecord, { subjectType: T }>;

/** Folds one event into the record of its subject. Pure: the store decides whether it is newer. */
export function toViewRecord(event: HubEvent): ViewRecord {
  const { detail } = event;
  // Change-describing fields are part of the event, not of the subject's state.
  const {
    changedFields: _changed,
    agreedBy: _agreedBy,
    previous: _previous,
    variation: _variation,
    ...state
  } = detail.data as Record<string, unknown>;
  const subjectType = detail.subject.type;
  return {
    subjectType,
    areaId: detail.areaId,
    // Protocols belong to the area, not to the party that last changed them.
    organisationId: owningOrganisation(detail),
    id: detail.subject.id,
    version: detail.subject.version,
    withdrawn: isWithdrawal(event.detailType),
    state,
    updatedAt: detail.occurredAt,
    lastEventType: event.detailType,
    ...(detail.change ? { change: detail.change } : {}),
  } as ViewRecord;
}

/**
 * A record as a store reads it back. The projector stores each record as its event had it, so a
 * priority projected before the status list was controlled may hold a free-text status: it is
 * read here as the event upcaster reads its event (statusFromFreeText), until the priority's
 * next change replaces the record.
 */
export function readStoredRecord<T extends ViewRecord>(record: T): T {
  if (record.subjectType !== 'priority' || PriorityStatus.safeParse(record.state.status).success) return record;
  return { ...record, state: { ...record.state, status: statusFromFreeText(String(record.state.status ?? '')) } };
}

export type Audience = 'public' | 'partners';

/** Partners-only content is for signed-in members of the area's bodies; everyone else sees only public content. */
export function isVisibleTo(audience: Audience, visibility: Visibility): boolean {
  return audience === 'partners' || visibility === 'public';
}

/** The records a reader may see: live (not withdrawn) and visible to their audience. */
export function visibleRecords<T extends ViewRecord>(records: T[], audience: Audience): T[] {
  return records.filter((record) => {
    if (record.withdrawn) return false;
    const visibility = (record.state as { visibility?: Visibility }).visibility ?? 'public';
    return isVisibleTo(audience, visibility);
  });
}

/**
 * Records another body's content may link to: priorities (`supports`, `priorities`), plans (a
 * priority's `planId`) and work programme items (a meeting's agenda item's `workProgrammeItemId`).
 */
export type LinkableRecord = RecordOf<'priority'> | RecordOf<'plan'> | RecordOf<'work-programme-item'>;

/**
 * Records as an audience may read them: their links (a priority's `supports` and `planId`, an
 * item's `priorities`, the plan a plan `supersedes`) keep only the priorities and plans the audience can see, so a public
 * record never shows the id of a partners-only or withdrawn one. `linkable` are all the area's
 * priority and plan records, whatever their visibility: the links of one body point across the area.
 */
export function withVisibleLinks<T extends ViewRecord>(records: T[], audience: Audience, linkable: LinkableRecord[]): T[] {
  if (audience === 'partners') return records;
  const visible = linkableSubjects(linkable, audience);
  return records.map((record) =>
    record.subjectType === 'priority' ||
    record.subjectType === 'work-programme-item' ||
    record.subjectType === 'plan' ||
    record.subjectType === 'meeting'
      ? { ...record, state: withoutHiddenLinks(record.state, visible, record.organisationId) }
      : record,
  );
}

/**
 * What an audience may see a link to: the priorities (`organisationId/priorityId`) and plans
 * (`plan:organisationId/planId`) it may see.
 */
export function linkableSubjects(linkable: LinkableRecord[], audience: Audience): ReadonlySet<string> {
  return new Set(visibleRecords(linkable, audience).map(linkKey));
}

/** How a linked subject is named in a set of what a reader may see a link to (see linkableSubjects). */
export const linkKey = (record: Pick<LinkableRecord, 'subjectType' | 'organisationId' | 'id'>) =>
  record.subjectType === 'plan'
    ? `plan:${record.organisationId}/${record.id}`
    : record.subjectType === 'work-programme-item'
      ? `work:${record.organisationId}/${record.id}`
      : `${record.organisationId}/${record.id}`;

/** Fields that name another plan of the same body: a priority's plan, and the plan a plan supersedes. */
const PLAN_LINKS = ['planId', 'supersedes'] as const;

/**
 * A subject's state (or an event's data, which is the state after the change) with its links
 * kept only where they point at one of `visible`: links to priorities (`supports`, `priorities`),
 * and to plans of `owner`, the body the state belongs to (`planId`, `supersedes`). Every output
 * that shows a state to a reader who may not see everything goes through this: records, the
 * change feed, history, notifications.
 */
export function withoutHiddenLinks<T extends object>(state: T, visible: ReadonlySet<string>, owner: string | null): T {
  const agenda = (state as { agenda?: unknown }).agenda;
  if (Array.isArray(agenda)) state = { ...state, agenda: publicAgenda(agenda as AgendaItem[], visible, owner) };
  const keep = (links: unknown) =>
    Array.isArray(links) ? (links as PriorityLink[]).filter((link) => visible.has(`${link.organisationId}/${link.priorityId}`)) : links;
  const links = state as { supports?: unknown; priorities?: unknown; planId?: unknown; supersedes?: unknown };
  const hiddenPlans = PLAN_LINKS.filter((field) => links[field] !== undefined && !visible.has(`plan:${owner}/${String(links[field])}`));
  if (links.supports === undefined && links.priorities === undefined && hiddenPlans.length === 0) return state;
  const shown: Record<string, unknown> = {
    ...state,
    ...(links.supports === undefined ? {} : { supports: keep(links.supports) }),
    ...(links.priorities === undefined ? {} : { priorities: keep(links.priorities) }),
  };
  for (const field of hiddenPlans) delete shown[field];
  return shown as T;
}

/** A subject another's state links to: what `withoutHiddenLinks` checks it against. */
export interface LinkedSubject {
  subjectType: LinkableRecord['subjectType'];
  organisationId: string;
  id: string;
}

/**
 * The subjects a state links to, each once: the priorities it names (`supports`, `priorities`),
 * the plans of `owner` it names (`planId`, `supersedes`), and the work programme items of `owner`
 * its agenda names. Whether a reader sees each link is decided by these few alone (read as
 * `withVisibleLinks` takes them), so reading one item need not list the area.
 */
export function linkedSubjects(state: object, owner: string): LinkedSubject[] {
  const linked = new Map<string, LinkedSubject>();
  const add = (subjectType: LinkedSubject['subjectType'], organisationId: string, id: string) =>
    linked.set(`${subjectType}|${organisationId}|${id}`, { subjectType, organisationId, id });
  const links = state as { supports?: unknown; priorities?: unknown; agenda?: unknown } & Record<(typeof PLAN_LINKS)[number], unknown>;
  for (const field of [links.supports, links.priorities]) {
    if (Array.isArray(field)) for (const link of field as PriorityLink[]) add('priority', link.organisationId, link.priorityId);
  }
  for (const field of PLAN_LINKS) if (links[field] !== undefined) add('plan', owner, String(links[field]));
  if (Array.isArray(links.agenda)) {
    for (const item of links.agenda as AgendaItem[]) {
      if (!item.restricted && item.workProgrammeItemId !== undefined) add('work-programme-item', owner, item.workProgrammeItemId);
    }
  }
  return [...linked.values()];
}

/** What the public is shown of a restricted agenda item: that there is one, and its number. */
export const RESTRICTED_ITEM_TITLE = 'Restricted item';

type AgendaItem = MeetingState['agenda'][number];

/**
 * A meeting's agenda as the public may see it: a restricted item keeps only its number (with the
 * title "Restricted item"), a restricted paper is left out, and an item names its body's work
 * programme item only when the public may see that item. Partners of the area see the agenda whole.
 */
export function publicAgenda(agenda: AgendaItem[], visible: ReadonlySet<string>, owner: string | null): AgendaItem[] {
  return agenda.map((item) => {
    if (item.restricted) return { number: item.number, title: RESTRICTED_ITEM_TITLE, restricted: true };
    const { workProgrammeItemId, links, ...rest } = item;
    return {
      ...rest,
      ...(workProgrammeItemId !== undefined && visible.has(`work:${owner}/${workProgrammeItemId}`) ? { workProgrammeItemId } : {}),
      ...(links !== undefined ? { links: links.filter((link) => !link.restricted) } : {}),
    };
  });
}

/** An event as a reader who may not see everything is shown it: its data's links kept only to `visible` priorities and plans. */
export function eventWithoutHiddenLinks<E extends HubEvent>(event: E, visible: ReadonlySet<string>): E {
  return { ...event, detail: { ...event.detail, data: withoutHiddenLinks(event.detail.data, visible, event.detail.organisationId) } };
}
