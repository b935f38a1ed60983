import * as z from 'zod/mini';
import { once } from './lazy.ts';
import { recordedText } from './text.ts';
import { ThemeSlugSchema } from './themes.ts';
import { ACCEPTED_TEXT, IsoDate, RECORDED_TEXT, SlugId, type TextRules, Visibility } from './vocabulary.ts';

/**
 * What one body asks of another, tracked to an answer: a panel's recommendation to the PCC, an
 * information request, an action agreed at a meeting, an undertaking a body gave.
 */
export const REQUEST_KINDS = ['recommendation', 'information-request', 'action', 'undertaking'] as const;
export const RequestKind = z.enum(REQUEST_KINDS, {
  error: (issue) => `must be one of ${REQUEST_KINDS.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type RequestKind = z.infer<typeof RequestKind>;

/** What the recipient made of a recommendation (only recommendations have an outcome). */
export const REQUEST_OUTCOMES = ['accepted', 'partially-accepted', 'rejected'] as const;
export const RequestOutcome = z.enum(REQUEST_OUTCOMES, {
  error: (issue) => `must be one of ${REQUEST_OUTCOMES.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type RequestOutcome = z.infer<typeof RequestOutcome>;

/** Where the work a request asked for stands, as either side reports it in an update. */
export const PROGRESS_STATUSES = ['in-progress', 'implemented'] as const;
export const ProgressStatus = z.enum(PROGRESS_STATUSES, {
  error: (issue) => `must be one of ${PROGRESS_STATUSES.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type ProgressStatus = z.infer<typeof ProgressStatus>;

/** Every status a request is answered with; derived on each read (see requestStatus in the domain), never stored. */
export const REQUEST_STATUSES = [
  'open',
  'overdue',
  'responded',
  'accepted',
  'partially-accepted',
  'rejected',
  'in-progress',
  'implemented',
  'closed',
] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES, {
  error: (issue) => `must be one of ${REQUEST_STATUSES.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type RequestStatus = z.infer<typeof RequestStatus>;

const Themes = z.array(ThemeSlugSchema).check(
  z.maxLength(12),
  z.refine((themes) => new Set(themes).size === themes.length, 'must not list a theme twice'),
);

const requestContent = ({ line, lines, object, date }: TextRules) =>
  z.object({
    kind: RequestKind,
    /** The body asked. */
    to: SlugId,
    title: line(300),
    detail: z.optional(lines(5000)),
    raisedOn: date,
    /** The answer is due by the end of this day in Europe/London. */
    dueDate: z.optional(date),
    /** The meeting that raised it, where one did. */
    meeting: z.optional(object({ organisationId: SlugId, date, reference: z.optional(line(200)) })),
    themes: z._default(Themes, []),
    visibility: Visibility,
  });

/** A request as its raiser sends it (PUT). Built on first use and marked pure, as PriorityState is: only the API builds it. */
export const RequestContent = /* @__PURE__ */ once(() => requestContent(ACCEPTED_TEXT));
export type RequestContent = z.infer<ReturnType<typeof RequestContent>>;

/** One entry of a request's thread: a response (from the recipient) or an update (from either side). */
const threadEntry = () =>
  z.object({
    /** The body that wrote it. */
    by: SlugId,
    text: recordedText(5000),
    /** The day it was given: its effective date where the writer said one, else the day it was recorded (Europe/London). */
    on: IsoDate,
    recordedAt: z.iso.datetime(),
  });

/**
 * A request as the event log holds it: its content, who raised it, and its whole thread so far.
 * Every event carries this whole state, so a request's record is simply its newest event. Built on
 * first use (see once).
 */
export const recordedRequestState = once(() =>
  z.extend(requestContent(RECORDED_TEXT), {
    /** The body that raised it. */
    from: SlugId,
    responses: z._default(z.array(z.extend(threadEntry(), { outcome: z.optional(RequestOutcome) })), []),
    updates: z._default(z.array(z.extend(threadEntry(), { status: z.optional(ProgressStatus) })), []),
    /** When the raiser closed it. */
    closed: z.optional(z.object({ by: SlugId, on: IsoDate, recordedAt: z.iso.datetime(), text: z.optional(recordedText(5000)) })),
    /** The due date for which RequestDueSoon was last emitted: a new due date arms it again. */
    dueSoonFor: z.optional(IsoDate),
    /** The due date for which RequestOverdue was last emitted: a new due date arms it again. */
    overdueFor: z.optional(IsoDate),
  }),
);
export type RequestState = z.infer<ReturnType<typeof recordedRequestState>>;
