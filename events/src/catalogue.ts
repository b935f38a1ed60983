import * as z from 'zod';
import { EVENT_SOURCE } from './envelope.ts';
import { AreaRegistered } from './types/area-registered.ts';
import { OrganisationRegistered } from './types/organisation-registered.ts';
import { PriorityPublished } from './types/priority-published.ts';
import { PriorityRevised } from './types/priority-revised.ts';
import { PriorityWithdrawn } from './types/priority-withdrawn.ts';
import { ProtocolAgreed } from './types/protocol-agreed.ts';
import { ProtocolVersionProposed } from './types/protocol-version-proposed.ts';
import { WorkProgrammeItemRevised } from './types/work-programme-item-revised.ts';
import { WorkProgrammeItemScheduled } from './types/work-programme-item-scheduled.ts';
import { WorkProgrammeItemWithdrawn } from './types/work-programme-item-withdrawn.ts';

/** Every event type the hub publishes. Add a new type here and everything derived follows. */
export const eventTypes = [
  AreaRegistered,
  OrganisationRegistered,
  PriorityPublished,
  PriorityRevised,
  PriorityWithdrawn,
  WorkProgrammeItemScheduled,
  WorkProgrammeItemRevised,
  WorkProgrammeItemWithdrawn,
  ProtocolVersionProposed,
  ProtocolAgreed,
] as const;

export type HubEventType = (typeof eventTypes)[number];
export type DetailType = HubEventType['detailType'];

type EventOf<E extends HubEventType> = E extends unknown ? { detailType: E['detailType']; detail: z.infer<E['detail']> } : never;
/** A parsed hub event: its detail-type and its validated detail. */
export type HubEvent = EventOf<HubEventType>;
export type HubEventOfType<T extends DetailType> = Extract<HubEvent, { detailType: T }>;

const byDetailType = new Map<string, HubEventType>(eventTypes.map((type) => [type.detailType, type]));

export function eventTypeFor(detailType: string): HubEventType | undefined {
  return byDetailType.get(detailType);
}

export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
}

/** Validates a detail against the schema of its detail-type. Throws a ZodError or UnknownEventError. */
export function parseHubEvent(detailType: string, detail: unknown): HubEvent {
  const type = eventTypeFor(detailType);
  if (!type) throw new UnknownEventError(`"${detailType}" is not a Partnership Hub event type`);
  return { detailType: type.detailType, detail: type.detail.parse(detail) } as HubEvent;
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
  const envelope = EventBridgeEnvelope.parse(raw);
  return parseHubEvent(envelope['detail-type'], envelope.detail);
}
