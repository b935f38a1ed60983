import { withHubFields } from './convert.ts';
import { type HubMeeting, type MeetingPayload, payloadOf, sameMeeting } from './meeting.ts';
import { addDays } from './text.ts';

export const DEFAULT_DAYS_BACK = 90;
export const DEFAULT_DAYS_AHEAD = 365;

/** The dates a run looks at, yyyy-mm-dd, both inclusive. */
export interface RunWindow {
  from: string;
  to: string;
}

export function runWindow(today: string, daysBack = DEFAULT_DAYS_BACK, daysAhead = DEFAULT_DAYS_AHEAD): RunWindow {
  return { from: addDays(today, -daysBack), to: addDays(today, daysAhead) };
}

export const inWindow = (date: string, window: RunWindow) => date >= window.from && date <= window.to;

export type Outcome = 'created' | 'revised' | 'cancelled' | 'unchanged';

/** What a run will do to one meeting: the payload to put, and the version it must replace (none: a new one). */
export interface Decision {
  outcome: Outcome;
  id: string;
  payload: MeetingPayload;
  /** The hub's version the write is conditional on; undefined for a meeting the hub does not have. */
  expectedVersion?: number;
}

/**
 * A meeting read from the source against the hub's copy, if any: new → created; the same → unchanged;
 * newly cancelled → cancelled; otherwise → revised (a reinstated meeting included). The hub's
 * copy keeps what only the hub has (withHubFields): only what the council says is compared and
 * replaced, so the body's own themes, visibility and links never make a meeting "revised".
 */
export function decide(id: string, fromSource: MeetingPayload, existing: HubMeeting | undefined): Decision {
  if (!existing) return { outcome: 'created', id, payload: fromSource };
  const payload = withHubFields(fromSource, existing);
  if (sameMeeting(payload, existing)) return { outcome: 'unchanged', id, payload, expectedVersion: existing.version };
  const outcome = payload.status === 'cancelled' && existing.status !== 'cancelled' ? 'cancelled' : 'revised';
  return { outcome, id, payload, expectedVersion: existing.version };
}

/** A hub meeting the source confirms gone: kept, with its status `cancelled` (already cancelled: unchanged). */
export function cancelGone(existing: HubMeeting): Decision {
  if (existing.status === 'cancelled')
    return { outcome: 'unchanged', id: existing.id, payload: payloadOf(existing), expectedVersion: existing.version };
  return {
    outcome: 'cancelled',
    id: existing.id,
    payload: { ...payloadOf(existing), status: 'cancelled' },
    expectedVersion: existing.version,
  };
}

/** The hub's live meetings imported from this committee (one the body withdrew is the body's to keep withdrawn). */
export const importedFrom = (meetings: HubMeeting[], committeeId: string) =>
  meetings.filter((meeting) => !meeting.withdrawn && meeting.origin?.system === 'moderngov' && meeting.origin.committeeId === committeeId);

/**
 * The hub's meetings from this committee, dated within the window and not already cancelled, that
 * the source's list no longer holds: each is cancelled only once GetMeeting confirms it is gone or
 * cancelled (a list can be incomplete; a meeting is not cancelled on an absence alone).
 */
export function missingFromList(imported: HubMeeting[], listedIds: ReadonlySet<string>, window: RunWindow): HubMeeting[] {
  return imported.filter(
    (meeting) =>
      meeting.origin && !listedIds.has(meeting.origin.meetingId) && inWindow(meeting.date, window) && meeting.status !== 'cancelled',
  );
}
