import type { Audience } from '@partnership-hub/domain';
import { type HubEvent, isWithdrawal, type SubjectType, type Visibility } from '@partnership-hub/events';

/** An entry of an area's change feed as the store keeps it (see @partnership-hub/store ChangeFeed). */
export interface ChangeFeedEntry {
  sequence: number;
  event: HubEvent;
  publicView: 'full' | 'first' | 'restricted' | 'hidden';
}

/**
 * One change as the change feed answers it. `removed` says the subject leaves the reader's view
 * (withdrawn, or no longer public): a mirror drops what it holds. A `VisibilityRestricted` change
 * is how a public reader learns that a subject it could see is now for partners only: it carries
 * no content.
 */
export interface Change {
  id: string;
  type: string;
  occurredAt: string;
  areaId: string;
  organisationId: string | null;
  subject: { type: SubjectType; id: string; version: number };
  visibility: Visibility;
  removed: boolean;
  data?: Record<string, unknown>;
}

export const VISIBILITY_RESTRICTED = 'VisibilityRestricted';

/** Whether an audience sees an entry at all. */
export function isChangeVisibleTo(entry: ChangeFeedEntry, audience: Audience): boolean {
  return audience === 'partners' || entry.publicView !== 'hidden';
}

/** The change as an audience sees it; undefined when it is not for that audience. */
export function toChange(entry: ChangeFeedEntry, audience: Audience): Change | undefined {
  if (!isChangeVisibleTo(entry, audience)) return undefined;
  const { detail, detailType } = entry.event;
  const base = {
    id: detail.eventId,
    occurredAt: detail.occurredAt,
    areaId: detail.areaId,
    organisationId: detail.organisationId,
    subject: { type: detail.subject.type, id: detail.subject.id, version: detail.subject.version },
    visibility: detail.visibility,
  };
  if (audience === 'public' && entry.publicView === 'restricted') {
    return { ...base, type: VISIBILITY_RESTRICTED, removed: true };
  }
  const data = detail.data as Record<string, unknown>;
  // The public never saw the version before this one: what changed since it is not theirs to know.
  const shown = audience === 'public' && entry.publicView === 'first' && 'changedFields' in data ? { ...data, changedFields: [] } : data;
  return { ...base, type: detailType, removed: isWithdrawal(detailType), data: shown };
}

/**
 * Cursors are opaque to clients: base64url of "v1:{sequence}". The version prefix lets the
 * format change later without misreading old cursors.
 */
export function encodeCursor(sequence: number): string {
  return Buffer.from(`v1:${sequence}`, 'utf8').toString('base64url');
}

/** The sequence number a cursor stands for, or undefined when it is not a cursor the hub gave. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return undefined;
  const match = /^v1:(0|[1-9]\d{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const sequence = Number(match[1]);
  return encodeCursor(sequence) === cursor ? sequence : undefined;
}

/* ---------- CloudEvents 1.0 ---------- */

/** Reverse-DNS prefix of the hub's CloudEvent types; not a real government domain. */
export const CLOUDEVENT_TYPE_PREFIX = 'org.partnership-hub';

export interface CloudEventJson {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema?: string;
  /** Extension: the change's place in the area's order, zero-padded so it sorts as text. */
  sequence: string;
  data: Change;
}

export const cloudEventSource = (areaId: string) => `/partnership-hub/areas/${areaId}`;

/** PriorityRevised on a priority -> org.partnership-hub.priority.revised.v1 */
export function cloudEventType(change: Change, schemaVersion = 1): string {
  const kebab = change.type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const subjectPrefix = `${change.subject.type}-`;
  const verb =
    change.type === VISIBILITY_RESTRICTED
      ? 'visibility-restricted'
      : kebab.startsWith(subjectPrefix)
        ? kebab.slice(subjectPrefix.length)
        : kebab;
  return `${CLOUDEVENT_TYPE_PREFIX}.${change.subject.type}.${verb}.v${schemaVersion}`;
}

/** Where the subject lives under the area, as the API spells it. */
export function cloudEventSubject(change: Change): string {
  const { type, id } = change.subject;
  switch (type) {
    case 'area':
      return 'area';
    case 'organisation':
      return `organisations/${id}`;
    case 'protocol':
      return `protocols/${id}`;
    case 'priority':
      return `organisations/${change.organisationId}/priorities/${id}`;
    case 'plan':
      return `organisations/${change.organisationId}/plans/${id}`;
    case 'meeting':
      return `organisations/${change.organisationId}/meetings/${id}`;
    case 'request':
      return `requests/${id}`;
    case 'plan-variation':
      return `organisations/${change.organisationId}/plans/${String(change.data?.planId ?? '')}/variations/${id}`;
    case 'connector':
      return `connectors/${id}`;
    default:
      return `organisations/${change.organisationId}/work-programme/${id}`;
  }
}

/** A change as a structured-mode CloudEvent (application/cloudevents+json). source + id is unique and stable. */
export function toCloudEvent(change: Change, sequence: number): CloudEventJson {
  return {
    specversion: '1.0',
    id: change.id,
    source: cloudEventSource(change.areaId),
    type: cloudEventType(change),
    subject: cloudEventSubject(change),
    time: change.occurredAt,
    datacontenttype: 'application/json',
    sequence: String(sequence).padStart(10, '0'),
    data: change,
  };
}
