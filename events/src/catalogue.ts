import * as z from 'zod/mini';
import type { EnvelopeParts, Scope } from './define.ts';
import { EVENT_SOURCE } from './envelope.ts';
import { AreaRegistered } from './types/area-registered.ts';
import { ConnectorRunFailed } from './types/connector-run-failed.ts';
import { MeetingCancelled } from './types/meeting-cancelled.ts';
import { MeetingRevised } from './types/meeting-revised.ts';
import { MeetingScheduled } from './types/meeting-scheduled.ts';
import { MeetingWithdrawn } from './types/meeting-withdrawn.ts';
import { OrganisationRegistered } from './types/organisation-registered.ts';
import { PlanPublished } from './types/plan-published.ts';
import { PlanRevised } from './types/plan-revised.ts';
import { PlanVariationStarted } from './types/plan-variation-started.ts';
import { PlanVariationStepRecorded } from './types/plan-variation-step-recorded.ts';
import { PlanWithdrawn } from './types/plan-withdrawn.ts';
import { PriorityPublished } from './types/priority-published.ts';
import { PriorityRevised } from './types/priority-revised.ts';
import { PriorityWithdrawn } from './types/priority-withdrawn.ts';
import { ProtocolAgreed } from './types/protocol-agreed.ts';
import { ProtocolVersionProposed } from './types/protocol-version-proposed.ts';
import { RequestClosed } from './types/request-closed.ts';
import { RequestDueSoon } from './types/request-due-soon.ts';
import { RequestOverdue } from './types/request-overdue.ts';
import { RequestRaised } from './types/request-raised.ts';
import { RequestResponded } from './types/request-responded.ts';
import { RequestRevised } from './types/request-revised.ts';
import { RequestUpdated } from './types/request-updated.ts';
import { WorkProgrammeItemRevised } from './types/work-programme-item-revised.ts';
import { WorkProgrammeItemScheduled } from './types/work-programme-item-scheduled.ts';
import { WorkProgrammeItemWithdrawn } from './types/work-programme-item-withdrawn.ts';
import type { SubjectType } from './vocabulary.ts';
import { parse } from './zod.ts';

/**
 * Every event type the hub publishes, by detail-type. Add a new type here and everything derived
 * follows. A record rather than a list, so that `buildEvent` can look a type up by its name with
 * the name's own types.
 */
const catalogue = {
  AreaRegistered,
  OrganisationRegistered,
  PlanPublished,
  PlanRevised,
  PlanWithdrawn,
  PriorityPublished,
  PriorityRevised,
  PriorityWithdrawn,
  WorkProgrammeItemScheduled,
  WorkProgrammeItemRevised,
  WorkProgrammeItemWithdrawn,
  ProtocolVersionProposed,
  ProtocolAgreed,
  MeetingScheduled,
  MeetingRevised,
  MeetingCancelled,
  MeetingWithdrawn,
  RequestRaised,
  RequestRevised,
  RequestResponded,
  RequestUpdated,
  RequestClosed,
  RequestDueSoon,
  RequestOverdue,
  PlanVariationStarted,
  PlanVariationStepRecorded,
  ConnectorRunFailed,
};

export const eventTypes = Object.values(catalogue);

export type HubEventType = (typeof eventTypes)[number];
export type DetailType = HubEventType['detailType'];

type EventOf<E extends HubEventType> = E extends unknown ? { detailType: E['detailType']; detail: z.infer<E['detail']> } : never;
/** A parsed hub event: its detail-type and its validated detail. */
export type HubEvent = EventOf<HubEventType>;
export type HubEventOfType<T extends DetailType> = Extract<HubEvent, { detailType: T }>;
/** The `data` of an event of type T: the whole state of its subject after the change. */
export type EventData<T extends DetailType> = HubEventOfType<T>['detail']['data'];
/** Everything a command supplies to build an event of type T. */
export type EventParts<T extends DetailType> = EnvelopeParts & { data: EventData<T> };

const byDetailType = new Map<string, HubEventType>(eventTypes.map((type) => [type.detailType, type]));

export function eventTypeFor(detailType: string): HubEventType | undefined {
  return byDetailType.get(detailType);
}

// Written as a mapped type over the detail-types so that indexing it with a generic T gives the
// builder of T itself (not of every type at once); assigning the catalogue to it also checks that
// each entry is filed under its own detail-type.
type Builders = { readonly [T in DetailType]: { build(parts: EventParts<T>): HubEventOfType<T> } };
const builders: Builders = catalogue;

/**
 * Builds an event of one type from a command's parts: the envelope every event shares (id, time,
 * actor, area, organisation, subject, visibility) and the type's own data, checked by the compiler
 * against that type's schema. The schema version and subject type come from the declaration.
 */
export function buildEvent<T extends DetailType>(detailType: T, parts: EventParts<T>): HubEventOfType<T> {
  return builders[detailType].build(parts);
}

export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
}

/** Validates a detail against the schema of its detail-type. Throws a ZodError or UnknownEventError. */
export function parseHubEvent(detailType: string, detail: unknown): HubEvent {
  const type = eventTypeFor(detailType);
  if (!type) throw new UnknownEventError(`"${detailType}" is not a Partnership Hub event type`);
  return type.parse(detail);
}

/** The detail-types whose events take their subject out of the views. */
export type WithdrawalDetailType = Extract<HubEventType, { lifecycle: 'withdrawn' }>['detailType'];

const withdrawals: ReadonlySet<string> = new Set(
  eventTypes.filter((type) => type.lifecycle === 'withdrawn').map((type) => type.detailType),
);

/** Whether an event of this detail-type withdraws its subject: it leaves the views, and mirrors drop it. */
export function isWithdrawal(detailType: string): detailType is WithdrawalDetailType {
  return withdrawals.has(detailType);
}

// Scope is declared per event type and the same for every type of a subject (the catalogue test checks it).
const scopes = new Map<SubjectType, Scope>(eventTypes.map((type) => [type.subjectType, type.scope]));

/** Whether subjects of this type belong to the area as a whole rather than to one organisation. */
export function isAreaScoped(subjectType: SubjectType): boolean {
  return scopes.get(subjectType) === 'area';
}

/**
 * The organisation a subject belongs to, or null when it belongs to the area. An area-scoped
 * event may still name an organisation (a protocol's events name the party acting), so this is
 * what keys and views use, never `organisationId` directly.
 */
export function owningOrganisation(detail: { organisationId: string | null; subject: { type: SubjectType } }): string | null {
  return isAreaScoped(detail.subject.type) ? null : detail.organisationId;
}

/**
 * The EventBridge event a consumer receives. The envelope is parsed before any logic runs;
 * the detail is then parsed by the schema its detail-type names.
 */
export const EventBridgeEnvelope = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.literal(EVENT_SOURCE),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});
export type EventBridgeEnvelope = z.infer<typeof EventBridgeEnvelope>;

export function parseEventBridgeEvent(raw: unknown): HubEvent {
  const envelope = parse(EventBridgeEnvelope, raw);
  return parseHubEvent(envelope['detail-type'], envelope.detail);
}
