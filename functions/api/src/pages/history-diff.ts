import { canonicalJson, changedFields } from '@partnership-hub/domain';

/** Fields an event carries to describe the change itself: not part of the subject's state (see toViewRecord). */
const CHANGE_FIELDS = new Set(['changedFields', 'agreedBy', 'previous', 'variation']);

function stateOf(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !CHANGE_FIELDS.has(key)));
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * What changed between two versions of a subject, field by field, with the value before and
 * after. The first version has no "before": every field it set is a change from nothing.
 */
export function fieldChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown>): FieldChange[] {
  const previous = before ? stateOf(before) : {};
  const next = stateOf(after);
  return changedFields(previous, next)
    .sort((a, b) => orderOf(a) - orderOf(b))
    .filter((field) => !(isEmpty(previous[field]) && isEmpty(next[field])))
    .map((field) => ({ field, before: previous[field], after: next[field] }));
}

/**
 * A subject's versions as a reader is shown them, oldest first, each with what changed from the
 * version before it that this reader could see. A revision that changed nothing this reader can
 * see (only a restricted agenda item, or a link to a partners-only priority, for the public) is
 * left out: listing it would tell them that something they may not see changed.
 */
export function historyEntries<E extends { detailType: string; detail: { data: unknown } }>(
  events: E[],
): { event: E; changes: FieldChange[]; first: boolean }[] {
  return events
    .map((event, index) => ({
      event,
      changes: fieldChanges(
        events[index - 1]?.detail.data as Record<string, unknown> | undefined,
        event.detail.data as Record<string, unknown>,
      ),
      first: index === 0,
    }))
    .filter(({ event, changes, first }) => first || changes.length > 0 || !event.detailType.endsWith('Revised'));
}

/** Fields in the order a reader expects them (the title first), not alphabetical. */
const FIELD_ORDER = [
  'name',
  'title',
  'summary',
  'status',
  'version',
  'themes',
  'kind',
  'date',
  'time',
  'location',
  'quarter',
  'lead',
  'period',
  'planId',
  'startDate',
  'endDate',
  'supersedes',
  'documentUrl',
  'description',
  'outcomes',
  'indicators',
  'supports',
  'priorities',
  'parties',
  'proposedBy',
  'agreements',
  'reviewDate',
  'agenda',
  'links',
  'origin',
  'visibility',
];
const orderOf = (field: string) => (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);

const isEmpty = (value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0);

/** For an array field, what was added and what was taken away (compared as canonical JSON). */
export function listChanges(before: unknown, after: unknown): { added: unknown[]; removed: unknown[] } | undefined {
  if (!(Array.isArray(before) || before === undefined) || !Array.isArray(after)) return undefined;
  const was = new Set((before ?? []).map((value) => canonicalJson(value)));
  const now = new Set(after.map((value) => canonicalJson(value)));
  return {
    added: after.filter((value) => !was.has(canonicalJson(value))),
    removed: (before ?? []).filter((value) => !now.has(canonicalJson(value))),
  };
}

const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  themes: 'Themes',
  lead: 'Lead',
  outcomes: 'Outcomes',
  indicators: 'Performance indicators',
  period: 'Plan period',
  planId: 'Plan',
  startDate: 'Start date',
  endDate: 'End date',
  supersedes: 'Supersedes',
  documentUrl: 'The document',
  status: 'Status',
  supports: 'Supports',
  visibility: 'Who can see it',
  kind: 'Kind',
  date: 'Date',
  time: 'Time',
  location: 'Location',
  agenda: 'Agenda',
  links: 'Links',
  origin: 'Imported from',
  quarter: 'Quarter',
  description: 'Description',
  priorities: 'Linked priorities',
  parties: 'Parties',
  summary: 'Summary',
  reviewDate: 'Review date',
  version: 'Version of the document',
  proposedBy: 'Proposed by',
  agreements: 'Agreements',
  name: 'Name',
};

export const fieldName = (field: string) => FIELD_NAMES[field] ?? field;
