import { agendaThemes, type HubEvent, type SubjectType } from '@partnership-hub/events';

/** The body of every webhook (Standard Webhooks' recommended shape). */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** What changed, in words a person or a system can act on without opening five pages. */
export interface ChangeData {
  eventId: string;
  /** The event's detail-type, as in the event catalogue. */
  change: string;
  areaId: string;
  /** The body whose content changed (null for the area's own changes). */
  organisationId: string | null;
  subject: { type: SubjectType; id: string; title: string | null };
  themes: string[];
  /** The version before this change (null when the subject is new) and the version it made. */
  previousVersion: number | null;
  version: number;
  changedFields: string[];
  visibility: 'public' | 'partners';
  /** The page that shows the subject now. */
  link: string;
  /** The whole state of the subject after the change, as the event carried it. */
  state: Record<string, unknown>;
  /** When it happened (absent from changes queued before this was kept). */
  occurredAt?: string;
  /** Who did it, in words for the subscriber's audience: "an editor of Safer Rotherham Partnership" (public), never a person's name to the public. */
  by?: string;
  /** The names of the body and the area, for words rather than ids. */
  bodyName?: string | null;
  areaName?: string;
}

/** What the notifier knows in words about a change, for its subscriber's audience. */
export interface ChangeWordsInput {
  by?: string | undefined;
  bodyName?: string | null | undefined;
  areaName?: string | undefined;
}

/** `PriorityRevised` → `priority.revised`; `WorkProgrammeItemScheduled` → `work-programme-item.scheduled`. */
export function friendlyType(detailType: string, subjectType: SubjectType): string {
  const subjectPascal = subjectType
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  const rest = detailType.startsWith(subjectPascal) ? detailType.slice(subjectPascal.length) : detailType;
  const words = rest.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${subjectType}.${words}`;
}

/** Where the browser pages show a subject (the pages live under /areas/{areaId}/...). */
export function pageLink(
  publicBaseUrl: string,
  subject: { areaId: string; organisationId: string | null; type: SubjectType; id: string },
): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const area = `${base}/areas/${encodeURIComponent(subject.areaId)}`;
  switch (subject.type) {
    case 'area':
      return area;
    case 'protocol':
      return `${area}/protocols/${encodeURIComponent(subject.id)}`;
    case 'organisation':
      return `${area}/bodies/${encodeURIComponent(subject.id)}`;
    case 'plan':
      return `${area}/bodies/${encodeURIComponent(subject.organisationId ?? '')}/plans/${encodeURIComponent(subject.id)}`;
    case 'priority':
      return `${area}/bodies/${encodeURIComponent(subject.organisationId ?? '')}/priorities/${encodeURIComponent(subject.id)}`;
    case 'work-programme-item':
      return `${area}/bodies/${encodeURIComponent(subject.organisationId ?? '')}/work-programme/${encodeURIComponent(subject.id)}`;
    case 'meeting':
      return `${area}/bodies/${encodeURIComponent(subject.organisationId ?? '')}/meetings/${encodeURIComponent(subject.id)}`;
    case 'request':
      return `${area}/requests/${encodeURIComponent(subject.id)}`;
    case 'connector':
      return `${area}/connectors/${encodeURIComponent(subject.id)}`;
    default:
      return `${area}/bodies/${encodeURIComponent(subject.organisationId ?? '')}`;
  }
}

export function changeData(event: HubEvent, publicBaseUrl: string, words: ChangeWordsInput = {}): ChangeData {
  const { detail } = event;
  const state = detail.data as Record<string, unknown>;
  const title = typeof state.title === 'string' ? state.title : typeof state.name === 'string' ? state.name : null;
  return {
    eventId: detail.eventId,
    change: event.detailType,
    areaId: detail.areaId,
    organisationId: detail.organisationId,
    subject: { type: detail.subject.type, id: detail.subject.id, title },
    themes: themesOf(state),
    previousVersion: detail.subject.version > 1 ? detail.subject.version - 1 : null,
    version: detail.subject.version,
    changedFields: Array.isArray(state.changedFields) ? (state.changedFields as string[]) : [],
    visibility: detail.visibility,
    link: pageLink(publicBaseUrl, {
      areaId: detail.areaId,
      organisationId: detail.organisationId,
      type: detail.subject.type,
      id: detail.subject.id,
    }),
    state,
    occurredAt: detail.occurredAt,
    ...(words.by ? { by: words.by } : {}),
    ...(words.bodyName !== undefined ? { bodyName: words.bodyName } : {}),
    ...(words.areaName ? { areaName: words.areaName } : {}),
  };
}

/** The webhook for a change: `{type, timestamp, data}`. */
export function changePayload(event: HubEvent, publicBaseUrl: string, words: ChangeWordsInput = {}): WebhookPayload {
  return {
    type: friendlyType(event.detailType, event.detail.subject.type),
    timestamp: event.detail.occurredAt,
    data: { ...changeData(event, publicBaseUrl, words) },
  };
}

/** The first delivery to a new webhook: the endpoint answers `{"challenge": "<same>"}` to prove it is its owner's. */
export function verificationPayload(subscriptionId: string, challenge: string, at: Date): WebhookPayload {
  return { type: 'subscription.verification', timestamp: at.toISOString(), data: { subscriptionId, challenge } };
}

/** Told to the owner when the hub stops delivering to an endpoint. */
export function disabledPayload(subscriptionId: string, reason: string, at: Date): WebhookPayload {
  return { type: 'subscription.disabled', timestamp: at.toISOString(), data: { subscriptionId, reason } };
}

/** The themes a change is about: its subject's, or for a meeting those of its unrestricted agenda items (see agendaThemes). */
export function themesOf(state: Record<string, unknown>): string[] {
  if (Array.isArray(state.themes)) return state.themes as string[];
  return Array.isArray(state.agenda) ? agendaThemes(state.agenda as Parameters<typeof agendaThemes>[0]) : [];
}
