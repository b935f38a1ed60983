import type { RequestState, RequestStatus } from '@partnership-hub/events';
import { requestStatus } from './requests.ts';
import { type Audience, isVisibleTo, type RecordOf } from './views.ts';

/**
 * The tracker's list, as the projector stores it per area and audience: one compact row per
 * request with what the list shows and what its filters match on, already in the tracker's order.
 * Only "overdue" depends on the day it is read, so a row holds the status as at no day in
 * particular (an unanswered request is `open`) and its due date; a reader relabels the open rows
 * whose due date has passed (trackerRowsAsOf), which never needs a sort.
 */
export type TrackerRow = Pick<RequestState, 'kind' | 'from' | 'to' | 'title' | 'raisedOn' | 'dueDate' | 'themes' | 'visibility'> & {
  id: string;
  status: RequestStatus;
};

/** Where a status sorts in the tracker: overdue first, then what still waits on someone, then the rest. */
const STATUS_ORDER: Record<RequestStatus, number> = {
  overdue: 0,
  open: 1,
  responded: 2,
  'in-progress': 3,
  accepted: 4,
  'partially-accepted': 5,
  rejected: 6,
  implemented: 7,
  closed: 8,
};

/** The tracker's order: overdue first, then by status, due date (soonest first; none last), most recently raised, id. */
export const compareTrackerRows = (a: TrackerRow, b: TrackerRow): number =>
  STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
  (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
  b.raisedOn.localeCompare(a.raisedOn) ||
  a.id.localeCompare(b.id);

/** Before every date: a request's status as at it never counts the due date as passed. */
const NO_DAY = '';

/** A request's row, its status as at no day in particular (see TrackerRow). */
export function trackerRowOf(record: RecordOf<'request'>): TrackerRow {
  const { kind, from, to, title, raisedOn, dueDate, themes, visibility } = record.state;
  return {
    id: record.id,
    kind,
    from,
    to,
    title,
    raisedOn,
    ...(dueDate === undefined ? {} : { dueDate }),
    themes,
    visibility,
    status: requestStatus(record.state, NO_DAY),
  };
}

/** The rows of the requests an audience may see, in the tracker's order: what the projector stores for that audience. */
export function buildTrackerList(records: readonly RecordOf<'request'>[], audience: Audience): TrackerRow[] {
  return records
    .filter((record) => isVisibleTo(audience, record.state.visibility))
    .map(trackerRowOf)
    .sort(compareTrackerRows);
}

/**
 * The stored rows as at `today`: an open row whose due date has passed is overdue, and goes first.
 * The rows are in the tracker's order with those still `open`, sorted by due date among
 * themselves, so moving the overdue ones to the front, in the order they came, is the order a
 * sort with today's statuses would give: one pass, not a sort.
 */
export function trackerRowsAsOf(rows: readonly TrackerRow[], today: string): TrackerRow[] {
  const overdue: TrackerRow[] = [];
  const rest: TrackerRow[] = [];
  for (const row of rows) {
    if (row.status === 'open' && row.dueDate !== undefined && today > row.dueDate) overdue.push({ ...row, status: 'overdue' });
    else rest.push(row);
  }
  return overdue.length === 0 ? rest : [...overdue, ...rest];
}
