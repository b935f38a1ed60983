import type { SubjectType } from '@partnership-hub/events';
import type { ChangeData } from './payload.ts';

/**
 * A change in words for an email: what changed (the item's kind and name), what happened to it,
 * by whom (already in the subscriber's audience's words: "an editor of Safer Rotherham
 * Partnership", never a person's name or address to the public), when, the item's dates, and the
 * link to the item's own page. The browser pages word their history the same way
 * (functions/api/src/pages/change-words.tsx); this is the plain-text form, with no markup.
 */

const KINDS: Partial<Record<string, string>> = {
  area: 'area',
  organisation: 'body',
  plan: 'plan',
  priority: 'priority',
  'work-programme-item': 'work programme item',
  protocol: 'protocol',
  meeting: 'meeting',
  request: 'request',
  'plan-variation': 'variation of a plan',
  connector: 'ModernGov connector',
};

/** What happened, by the event's detail-type: "revised", "proposed a new version of". */
const VERBS: Record<string, string> = {
  AreaRegistered: 'registered',
  OrganisationRegistered: 'registered',
  PlanPublished: 'published',
  PlanRevised: 'revised',
  PlanWithdrawn: 'withdrew',
  PriorityPublished: 'published',
  PriorityRevised: 'revised',
  PriorityWithdrawn: 'withdrew',
  WorkProgrammeItemScheduled: 'added',
  WorkProgrammeItemRevised: 'revised',
  WorkProgrammeItemWithdrawn: 'withdrew',
  ProtocolVersionProposed: 'proposed a new version of',
  ProtocolAgreed: 'recorded agreement to',
  MeetingScheduled: 'scheduled',
  MeetingRevised: 'revised',
  MeetingCancelled: 'cancelled',
  MeetingWithdrawn: 'withdrew',
  RequestRaised: 'raised',
  RequestRevised: 'revised',
  RequestResponded: 'responded to',
  RequestUpdated: 'updated',
  RequestClosed: 'closed',
  PlanVariationStarted: 'started',
  PlanVariationStepRecorded: 'recorded a step of',
};

/** Changes no one made: the hub noticed a date. */
const NOTICES: Record<string, string> = {
  RequestDueSoon: 'is due soon',
  RequestOverdue: 'is overdue',
};

/** Field names as the forms label them. */
const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  name: 'name',
  description: 'description',
  themes: 'themes',
  status: 'status',
  visibility: 'visibility',
  date: 'date',
  time: 'time',
  quarter: 'quarter',
  kind: 'kind',
  startDate: 'start date',
  endDate: 'end date',
  period: 'period',
  dueDate: 'due date',
  reviewDate: 'review date',
  planId: 'plan',
  agenda: 'agenda',
  parties: 'parties',
  version: 'version',
  supersedes: 'plan it replaces',
  outcomes: 'outcomes',
  location: 'place',
};

// The formats are built on first use, not at import: loading a time zone's rules is the costliest
// step of a handler's cold start (npm run bench -- coldStart), and most invocations tell no dates.
let formats: { londonDate: Intl.DateTimeFormat; londonTime: Intl.DateTimeFormat; day: Intl.DateTimeFormat } | undefined;
const dateFormats = () =>
  (formats ??= {
    londonDate: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }),
    londonTime: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false }),
    day: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
  });

/** `2026-03-31` → `31 March 2026`. */
const dateInWords = (isoDate: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? dateFormats().day.format(new Date(`${isoDate}T00:00:00Z`)) : isoDate;

/** An instant in UK time, as people there read it: `1 March 2026 at 10:00`. */
export function whenInWords(instant: string): string {
  const at = new Date(instant);
  return `${dateFormats().londonDate.format(at)} at ${dateFormats().londonTime.format(at)}`;
}

/**
 * The UK day or days some instants fall on, as people there read them: `1 July 2026`, or
 * `30 June 2026 to 1 July 2026`. (23:30 UTC on 30 June is already 1 July in British Summer Time.)
 */
export function londonDaysInWords(instants: readonly string[]): string | undefined {
  const days = [...instants].sort().map((instant) => dateFormats().londonDate.format(new Date(instant)));
  if (days.length === 0) return undefined;
  return days[0] === days.at(-1) ? days[0] : `${days[0]} to ${days.at(-1)}`;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

/** The item's own dates, in words, as its kind has them; none when it has none. */
export function datesInWords(subjectType: SubjectType, state: Record<string, unknown>): string | undefined {
  const start = text(state.startDate);
  const end = text(state.endDate);
  switch (subjectType) {
    case 'plan':
    case 'priority':
      if (start && end) return `${dateInWords(start)} to ${dateInWords(end)}`;
      if (start) return `from ${dateInWords(start)}`;
      if (end) return `until ${dateInWords(end)}`;
      return text(state.period);
    case 'work-programme-item':
      return text(state.date) ? dateInWords(state.date as string) : text(state.quarter)?.replace(/^(\d{4})-Q(\d)$/, 'quarter $2 of $1');
    case 'meeting':
      return text(state.date) ? `${dateInWords(state.date as string)}${text(state.time) ? ` at ${state.time}` : ''}` : undefined;
    case 'request':
      return text(state.dueDate) ? `due by ${dateInWords(state.dueDate as string)}` : undefined;
    case 'protocol':
      return text(state.reviewDate) ? `to be reviewed by ${dateInWords(state.reviewDate as string)}` : undefined;
    default:
      return undefined;
  }
}

/** "the priority “Tackle domestic abuse”", or the kind alone when the item has no name. */
function itemInWords(data: ChangeData): string {
  const kind = KINDS[data.subject.type] ?? data.subject.type.replaceAll('-', ' ');
  return data.subject.title ? `the ${kind} “${data.subject.title}”` : `a ${kind}`;
}

/** One sentence: "Safer Rotherham Partnership revised the priority “Tackle domestic abuse”". */
export function headlineOf(data: ChangeData): string {
  // A failed connector run is the connector's, not a body's, and has no title: said with its first error.
  if (data.change === 'ConnectorRunFailed') {
    const { trigger, error } = data.state as { trigger?: string; error?: string };
    const run = trigger === 'schedule' ? 'a scheduled run' : 'a run started by hand';
    return `The ModernGov connector “${data.subject.id}” in ${data.areaName ?? data.areaId} failed ${run}: ${error ?? 'see its page'}`;
  }
  const item = itemInWords(data);
  const notice = NOTICES[data.change];
  if (notice) return `${item.charAt(0).toUpperCase()}${item.slice(1)} ${notice}`;
  const who = data.bodyName ?? data.areaName ?? 'Partnership Hub';
  return `${who} ${VERBS[data.change] ?? 'changed'} ${item}`;
}

/** The lines of a change, for an alert or one entry of a digest. */
export function changeInWords(data: ChangeData): string {
  const lines = [`${headlineOf(data)}.`];
  if (data.by) lines.push(`By: ${data.by}`);
  if (data.occurredAt) lines.push(`When: ${whenInWords(data.occurredAt)}`);
  const dates = datesInWords(data.subject.type, data.state);
  if (dates) lines.push(`Dates: ${dates}`);
  const fields = data.changedFields.map((field) => FIELD_WORDS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  if (data.previousVersion !== null && fields.length > 0) lines.push(`What changed: ${fields.join(', ')}`);
  lines.push(`See it: ${data.link}`);
  return lines.join('\n');
}
