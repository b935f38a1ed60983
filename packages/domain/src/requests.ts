import {
  type Actor,
  buildEvent,
  type DetailType,
  type EnvelopeParts,
  type ProgressStatus,
  type RequestContent,
  type RequestOutcome,
  type RequestState,
  type RequestStatus,
} from '@partnership-hub/events';
import { authoriseMembership, type BodyPrincipal, type Principal, requireOwnName } from './authorisation.ts';
import { canonicalJson, changedFields } from './canonical.ts';
import type { Decision } from './content.ts';
import type { CommandContext, Precondition, StreamHead } from './context.ts';
import { InvalidChangeError, NotFoundError, NotPermittedError } from './errors.ts';
import { dayBefore } from './in-force.ts';
import { checkPrecondition } from './preconditions.ts';

/**
 * Tracked requests: what one body asks of another (a recommendation, an information request, an
 * action, an undertaking), answered by the recipient, updated by either side, closed by the
 * raiser. A request belongs to the area (its id is unique there), and every event carries its
 * whole state, thread included, so nothing is ever edited away: each step is its own event.
 */

export interface RequestTarget {
  areaId: string;
  id: string;
}

/** The stream a request's events are in: the area's, not either body's. */
export const requestRef = (target: RequestTarget) => ({
  areaId: target.areaId,
  subjectType: 'request' as const,
  organisationId: null,
  id: target.id,
});

/** How many days before the due date RequestDueSoon is emitted. */
export const DUE_SOON_DAYS = 7;

/**
 * A request's status on `today` (a date in Europe/London), as every read answers it: closed;
 * else the latest progress an update gave; else the latest outcome a response gave (or
 * `responded`); else `overdue` once the due date has passed (its end, in Europe/London) with no
 * response; else `open`.
 */
export function requestStatus(state: RequestState, today: string): RequestStatus {
  if (state.closed) return 'closed';
  const progress = state.updates.findLast((update) => update.status !== undefined)?.status;
  if (progress) return progress;
  if (state.responses.length > 0) return state.responses.findLast((response) => response.outcome !== undefined)?.outcome ?? 'responded';
  if (state.dueDate !== undefined && today > state.dueDate) return 'overdue';
  return 'open';
}

/** Raising or changing a request: any body of the area, for itself; the request is then that body's (its raiser's) alone to change. */
export function authoriseRequestRaise(principal: Principal, areaId: string): BodyPrincipal {
  return authoriseMembership(principal, areaId);
}

/** Responding: only the body asked. */
export function authoriseRequestResponse(principal: Principal, areaId: string, state: RequestState, id: string): BodyPrincipal {
  const member = authoriseMembership(principal, areaId);
  if (member.organisationId !== state.to)
    throw new NotPermittedError(
      `Only ${state.to}, the body request ${id} asks, can respond to it (this key is ${member.organisationId}'s).`,
    );
  return member;
}

/** Adding progress: either side, the raiser or the body asked. */
export function authoriseRequestUpdate(principal: Principal, areaId: string, state: RequestState, id: string): BodyPrincipal {
  const member = authoriseMembership(principal, areaId);
  if (member.organisationId !== state.to && member.organisationId !== state.from)
    throw new NotPermittedError(
      `Only ${state.from}, which raised request ${id}, or ${state.to}, which it asks, can add an update (this key is ${member.organisationId}'s).`,
    );
  return member;
}

/** Closing: only the raiser. */
export function authoriseRequestClose(principal: Principal, areaId: string, state: RequestState, id: string): BodyPrincipal {
  const member = authoriseMembership(principal, areaId);
  if (member.organisationId !== state.from)
    throw new NotPermittedError(`Only ${state.from}, which raised request ${id}, can close it (this key is ${member.organisationId}'s).`);
  return member;
}

/** The fields of a request its raiser sets: the rest (thread, closure, what has been notified) follows from events. */
const contentOf = (state: RequestState): RequestContent => {
  const {
    from: _from,
    responses: _responses,
    updates: _updates,
    closed: _closed,
    dueSoonFor: _soon,
    overdueFor: _over,
    ...content
  } = state;
  return content;
};

/**
 * A PUT by `raiser`: raise a new request, change its own (same content again records nothing), or
 * 403 when the id is already another body's request in the area. `sent` holds the fields naming
 * the acting body that the PUT sent (`from`, sent back from a GET, and `organisationId`), if it
 * did: each must name the raiser (requireOwnName).
 */
export function decideRequestPut(
  head: StreamHead<RequestState> | undefined,
  content: RequestContent,
  raiser: string,
  precondition: Precondition,
  target: RequestTarget,
  context: CommandContext,
  sent: { from?: unknown; organisationId?: unknown } = {},
): Decision {
  checkPrecondition(precondition, head?.version, `Request ${target.id}`);
  // Whose it is comes first: another body's request is 403 whatever the content says.
  if (head && head.state.from !== raiser)
    throw new NotPermittedError(
      `Request ${target.id} was raised by ${head.state.from}; only its raiser can change it, and ids are unique in the area.`,
    );
  requireOwnName(sent, raiser, 'raises requests');
  if (content.to === raiser) throw new InvalidChangeError(`A body cannot raise a request with itself: "to" is ${raiser}, the caller.`);
  if (!head) {
    const state: RequestState = { ...content, from: raiser, responses: [], updates: [] };
    return { outcome: 'created', version: 1, event: buildRequestEvent('RequestRaised', target, 1, raiser, state, context) };
  }
  const current = contentOf(head.state);
  if (canonicalJson(current) === canonicalJson(content)) return { outcome: 'unchanged', version: head.version };
  // The thread goes wherever the request goes: made public, it would publish what the body asked wrote
  // for partners only. That is the other body's to publish, not the raiser's.
  const othersWords = [...head.state.responses, ...head.state.updates].filter((entry) => entry.by !== raiser);
  if (head.state.visibility === 'partners' && content.visibility === 'public' && othersWords.length > 0)
    throw new InvalidChangeError(
      `Request ${target.id} cannot be made public: its thread holds ${othersWords.length === 1 ? 'a response or update' : 'responses or updates'} that ${[...new Set(othersWords.map((entry) => entry.by))].join(' and ')} gave while it was for partners only. Raise a new public request instead.`,
    );
  const version = head.version + 1;
  const state: RequestState = { ...head.state, ...withoutContent(head.state), ...content };
  return {
    outcome: 'revised',
    version,
    event: buildRequestEvent(
      'RequestRevised',
      target,
      version,
      raiser,
      { ...state, changedFields: changedFields(current, content) },
      context,
    ),
  };
}

/** The thread and notices of a request without its content: a PUT replaces the content whole (an optional field left out is gone). */
const withoutContent = (state: RequestState) => ({
  from: state.from,
  responses: state.responses,
  updates: state.updates,
  ...(state.closed ? { closed: state.closed } : {}),
  ...(state.dueSoonFor ? { dueSoonFor: state.dueSoonFor } : {}),
  ...(state.overdueFor ? { overdueFor: state.overdueFor } : {}),
});

/** The day a thread entry was given: the effective date the writer gave (a year or month counts from its first day), else `today`. */
function entryDay(context: CommandContext, today: string): string {
  const effective = context.change?.effectiveDate;
  if (effective === undefined) return today;
  return effective.length === 4 ? `${effective}-01-01` : effective.length === 7 ? `${effective}-01` : effective;
}

export function requireRequest(head: StreamHead<RequestState> | undefined, target: RequestTarget): StreamHead<RequestState> {
  if (!head) throw new NotFoundError(`Request ${target.id} does not exist in ${target.areaId}.`);
  return head;
}

/** A response by the recipient: added to the thread (a later one adds to it, never replaces). `outcome` only for recommendations. */
export function decideRequestResponse(
  head: StreamHead<RequestState>,
  response: { text: string; outcome?: RequestOutcome | undefined },
  by: string,
  target: RequestTarget,
  context: CommandContext,
  today: string,
): Decision {
  const entry = { by, text: response.text, ...(response.outcome ? { outcome: response.outcome } : {}), ...entryTimes(context, today) };
  if (repeatsLast(head.state.responses, entry)) return { outcome: 'unchanged', version: head.version };
  return addToThread(head, target, 'responses', { ...head.state, responses: [...head.state.responses, entry] }, by, context);
}

/** A progress update by either side, added to the thread. */
export function decideRequestUpdate(
  head: StreamHead<RequestState>,
  update: { text: string; status?: ProgressStatus | undefined },
  by: string,
  target: RequestTarget,
  context: CommandContext,
  today: string,
): Decision {
  const entry = { by, text: update.text, ...(update.status ? { status: update.status } : {}), ...entryTimes(context, today) };
  if (repeatsLast(head.state.updates, entry)) return { outcome: 'unchanged', version: head.version };
  return addToThread(head, target, 'updates', { ...head.state, updates: [...head.state.updates, entry] }, by, context);
}

/**
 * Whether an entry is the thread's last one sent again: the same body, words, outcome or status and
 * day, with nothing between. A form sent twice, or a request retried after its answer was lost,
 * is recorded once, as closing a closed request is; the same words on another day, or after
 * another entry, are a new entry. (If-Match makes any retry safe; this covers those sent without.)
 */
function repeatsLast<E extends { recordedAt: string }>(thread: readonly E[], entry: E): boolean {
  const last = thread.at(-1);
  if (!last) return false;
  const { recordedAt: _lastRecordedAt, ...lastEntry } = last;
  const { recordedAt: _recordedAt, ...newEntry } = entry;
  return canonicalJson(lastEntry) === canonicalJson(newEntry);
}

/** When a thread entry happened (its effective day, else today) and when the hub recorded it. */
const entryTimes = (context: CommandContext, today: string) => ({ on: entryDay(context, today), recordedAt: context.occurredAt });

/** A response or an update joins the thread of an open request: a closed one takes no more. */
function addToThread(
  head: StreamHead<RequestState>,
  target: RequestTarget,
  thread: 'responses' | 'updates',
  state: RequestState,
  by: string,
  context: CommandContext,
): Decision {
  if (head.state.closed)
    throw new InvalidChangeError(`Request ${target.id} was closed on ${head.state.closed.on}; it takes no more ${thread}.`);
  const version = head.version + 1;
  const detailType = thread === 'responses' ? 'RequestResponded' : 'RequestUpdated';
  return { outcome: 'revised', version, event: buildRequestEvent(detailType, target, version, by, state, context) };
}

/** Closing by the raiser; closing a closed request again records nothing. */
export function decideRequestClose(
  head: StreamHead<RequestState>,
  close: { text?: string | undefined },
  by: string,
  target: RequestTarget,
  context: CommandContext,
  today: string,
): Decision {
  if (head.state.closed) return { outcome: 'unchanged', version: head.version };
  const version = head.version + 1;
  const closed = { by, ...entryTimes(context, today), ...(close.text ? { text: close.text } : {}) };
  return {
    outcome: 'revised',
    version,
    event: buildRequestEvent('RequestClosed', target, version, by, { ...head.state, closed }, context),
  };
}

/**
 * What the overdue check records for a request on `today` (Europe/London): RequestOverdue once its
 * due date has passed with no response, RequestDueSoon once it is due within seven days with no
 * response; each at most once per due date (a new due date arms both again). Nothing for a closed
 * or answered request, or one with no due date. The actor is the system job.
 */
export function decideDeadlineNotice(
  head: StreamHead<RequestState>,
  target: RequestTarget,
  context: CommandContext,
  today: string,
): Decision {
  const { state } = head;
  const unchanged: Decision = { outcome: 'unchanged', version: head.version };
  if (state.closed || state.responses.length > 0 || state.dueDate === undefined) return unchanged;
  const due = state.dueDate;
  const version = head.version + 1;
  if (today > due) {
    if (state.overdueFor === due) return unchanged;
    return {
      outcome: 'revised',
      version,
      event: buildRequestEvent('RequestOverdue', target, version, state.from, { ...state, overdueFor: due }, context),
    };
  }
  if (today >= daysBefore(due, DUE_SOON_DAYS) && state.dueSoonFor !== due) {
    return {
      outcome: 'revised',
      version,
      event: buildRequestEvent('RequestDueSoon', target, version, state.from, { ...state, dueSoonFor: due }, context),
    };
  }
  return unchanged;
}

/** The actor the overdue check's events record. */
export const OVERDUE_CHECK_ACTOR: Actor = { kind: 'system', job: 'overdue check' };

function daysBefore(date: string, days: number): string {
  let day = date;
  for (let count = 0; count < days; count++) day = dayBefore(day);
  return day;
}

type RequestDetailType = Extract<
  DetailType,
  'RequestRaised' | 'RequestRevised' | 'RequestResponded' | 'RequestUpdated' | 'RequestClosed' | 'RequestDueSoon' | 'RequestOverdue'
>;

function buildRequestEvent(
  detailType: RequestDetailType,
  target: RequestTarget,
  version: number,
  organisationId: string,
  data: RequestState & { changedFields?: string[] },
  context: CommandContext,
) {
  const parts: EnvelopeParts = {
    context,
    areaId: target.areaId,
    organisationId,
    subject: { id: target.id, version },
    visibility: data.visibility,
  };
  // Each request event type's data is the whole request; RequestRevised adds the fields that changed.
  if (detailType === 'RequestRevised')
    return buildEvent(detailType, { ...parts, data: { ...data, changedFields: data.changedFields ?? [] } });
  return buildEvent(detailType as 'RequestRaised', { ...parts, data });
}
