import {
  type AreaState,
  type HubEvent,
  isWithdrawal,
  type OrganisationState,
  owningOrganisation,
  type PriorityLink,
  type PriorityState,
  type ProtocolState,
  type SubjectType,
  type Visibility,
  type WorkProgrammeItemState,
} from '@partnership-hub/events';

interface RecordBase {
  areaId: string;
  /** The version of the subject this record reflects: older or equal deliveries are ignored. */
  version: number;
  updatedAt: string;
  lastEventType: string;
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
  | (RecordBase & { subjectType: 'protocol'; id: string; organisationId: null; withdrawn: false; state: ProtocolState });

export type RecordOf<T extends SubjectType> = Extract<ViewRecord, { subjectType: T }>;

/** Folds one event into the record of its subject. Pure: the store decides whether it is newer. */
export function toViewRecord(event: HubEvent): ViewRecord {
  const { detail } = event;
  // Change-describing fields are part of the event, not of the subject's state.
  const { changedFields: _changed, agreedBy: _agreedBy, previous: _previous, ...state } = detail.data as Record<string, unknown>;
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
  } as ViewRecord;
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
 * Records as an audience may read them: their links to other bodies' priorities (a priority's
 * `supports`, an item's `priorities`) keep only the priorities the audience can see, so a public
 * record never shows the id of a partners-only or withdrawn priority. `areaPriorities` are all the
 * area's priority records, whatever their visibility: the links of one body point across the area.
 */
export function withVisibleLinks<T extends ViewRecord>(records: T[], audience: Audience, areaPriorities: RecordOf<'priority'>[]): T[] {
  if (audience === 'partners') return records;
  const visible = linkablePriorities(areaPriorities, audience);
  return records.map((record) =>
    record.subjectType === 'priority' || record.subjectType === 'work-programme-item'
      ? { ...record, state: withoutHiddenLinks(record.state, visible) }
      : record,
  );
}

/** The priorities (`organisationId/priorityId`) an audience may see a link to: those it may see. */
export function linkablePriorities(areaPriorities: RecordOf<'priority'>[], audience: Audience): ReadonlySet<string> {
  return new Set(visibleRecords(areaPriorities, audience).map((priority) => `${priority.organisationId}/${priority.id}`));
}

/**
 * A subject's state (or an event's data, which is the state after the change) with its links to
 * priorities (`supports`, `priorities`) kept only where they point at one of `visible`. Every
 * output that shows a state to a reader who may not see everything goes through this: records,
 * the change feed, history, notifications.
 */
export function withoutHiddenLinks<T extends object>(state: T, visible: ReadonlySet<string>): T {
  const keep = (links: unknown) =>
    Array.isArray(links) ? (links as PriorityLink[]).filter((link) => visible.has(`${link.organisationId}/${link.priorityId}`)) : links;
  const links = state as { supports?: unknown; priorities?: unknown };
  if (links.supports === undefined && links.priorities === undefined) return state;
  return {
    ...state,
    ...(links.supports === undefined ? {} : { supports: keep(links.supports) }),
    ...(links.priorities === undefined ? {} : { priorities: keep(links.priorities) }),
  };
}

/** An event as a reader who may not see everything is shown it: its data's links kept only to `visible` priorities. */
export function eventWithoutHiddenLinks<E extends HubEvent>(event: E, visible: ReadonlySet<string>): E {
  return { ...event, detail: { ...event.detail, data: withoutHiddenLinks(event.detail.data, visible) } };
}
