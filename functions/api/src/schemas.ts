import {
  AreaState,
  type Change,
  type ChangeSource,
  changeFields,
  changeOf,
  ItemId,
  inputText,
  londonTimeProblem,
  MeetingState,
  OrganisationState,
  PlanState,
  PriorityState,
  ProgressStatus,
  ProtocolState,
  parseQuarter,
  quarterIndex,
  quarterOfDate,
  RequestContent,
  RequestKind,
  RequestOutcome,
  RequestStatus,
  SlugId,
  ThemeSlugSchema,
  Visibility,
  WorkProgrammeItemState,
} from '@partnership-hub/events';
import * as z from 'zod';

/**
 * Request and response schemas. Bodies are strict (a misspelt field is an error, not silently
 * dropped), except that the read-only fields a GET answers with may be sent back unchanged,
 * so a client can GET, edit and PUT the same document. The identity among them (`id`, `areaId`,
 * `organisationId`) must then be the address's own: one naming another item, body or area is
 * refused (foreignEchoes in routing.ts).
 *
 * Each schema is marked pure: a function's bundle keeps only those its routes and forms use, and
 * builds only those at cold start.
 */
const echoedReadOnly = {
  id: z.unknown().optional(),
  areaId: z.unknown().optional(),
  organisationId: z.unknown().optional(),
  version: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
  withdrawn: z.unknown().optional(),
};
const READ_ONLY = Object.keys(echoedReadOnly);

export function withoutReadOnly<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !READ_ONLY.includes(key))) as T;
}

/**
 * The body fields that describe a write's change rather than its subject (see events/change.ts):
 * split off before the content is decided on, so the same content with another effective date or
 * source is still the same content, and records nothing.
 */
export function splitChange<T extends object>(body: T): { content: Omit<T, 'effectiveDate' | 'source'>; change: Change | undefined } {
  const { effectiveDate, source, ...content } = body as T & { effectiveDate?: string; source?: ChangeSource };
  return { content, change: changeOf({ effectiveDate, source }) };
}

/** The If-Match header a write honours (http.ts reads it): declared, so the reference lists it and its 412. */
export const IfMatchHeaders = /* @__PURE__ */ z.object({ 'if-match': z.string().optional() });

export const AreaParams = /* @__PURE__ */ z.object({ areaId: SlugId });
export const OrganisationParams = /* @__PURE__ */ AreaParams.extend({ organisationId: SlugId });
export const ItemParams = /* @__PURE__ */ OrganisationParams.extend({ id: ItemId });
export const ProtocolParams = /* @__PURE__ */ AreaParams.extend({ id: ItemId });

export const AreaBody = /* @__PURE__ */ z.strictObject(AreaState.shape).meta({ id: 'AreaBody' });
export const OrganisationBody = /* @__PURE__ */ z.strictObject(OrganisationState.shape).meta({ id: 'OrganisationBody' });

/** A period given as two dates must not end before it starts. */
const datesInOrder = {
  check: (dates: { startDate?: string | undefined; endDate?: string | undefined }) =>
    !(dates.startDate && dates.endDate) || dates.startDate <= dates.endDate,
  params: { message: 'must not be before startDate', path: ['endDate'] },
};

export const PriorityBody = /* @__PURE__ */ z
  .strictObject({ ...PriorityState.shape, ...changeFields, ...echoedReadOnly })
  .refine(datesInOrder.check, datesInOrder.params)
  .meta({ id: 'PriorityBody' });

export const WorkProgrammeItemBody = /* @__PURE__ */ z
  .strictObject({ ...WorkProgrammeItemState.shape, ...changeFields, ...echoedReadOnly })
  // Compared as financial quarters: 2016-05-12 is in 2016/17-Q1 and in 2016-Q2 alike. A quarter
  // that does not parse has its own problem reported; this check says nothing about it.
  .refine(
    (item) => {
      const quarter = item.date && item.quarter ? parseQuarter(item.quarter) : undefined;
      return !quarter || quarterIndex(quarter) === quarterIndex(quarterOfDate(item.date!));
    },
    { message: 'is not the quarter the date falls in', path: ['quarter'] },
  )
  .meta({ id: 'WorkProgrammeItemBody' });

export const PlanParams = /* @__PURE__ */ OrganisationParams.extend({ planId: ItemId });

/** What a plan's GET answers besides the plan itself, worked out when read: accepted back in a PUT, and ignored. */
const planReadOnly = {
  asOf: /* @__PURE__ */ z.unknown().optional(),
  inForce: /* @__PURE__ */ z.unknown().optional(),
  effectiveEndDate: /* @__PURE__ */ z.unknown().optional(),
  supersededBy: /* @__PURE__ */ z.unknown().optional(),
  priorities: /* @__PURE__ */ z.unknown().optional(),
};

export const PlanBody = /* @__PURE__ */ z
  .strictObject({ ...PlanState.shape, ...changeFields, ...echoedReadOnly, ...planReadOnly })
  .refine(datesInOrder.check, datesInOrder.params)
  // The plan alone: what a GET worked out is dropped (the fields every item echoes are dropped when the PUT is taken).
  .transform(({ asOf: _asOf, inForce: _inForce, effectiveEndDate: _end, supersededBy: _by, priorities: _priorities, ...plan }) => plan)
  .meta({ id: 'PlanBody' });

export const MeetingParams = /* @__PURE__ */ OrganisationParams.extend({ meetingId: ItemId });

export const MeetingBody = /* @__PURE__ */ z
  .strictObject({ ...MeetingState.shape, ...changeFields, ...echoedReadOnly })
  .check((context) => {
    const { date, time } = context.value;
    const problem = time === undefined ? undefined : londonTimeProblem(date, time);
    if (problem) context.issues.push({ code: 'custom', path: ['time'], message: problem, input: time });
  })
  .meta({ id: 'MeetingBody' });

export const ProtocolBody = /* @__PURE__ */ z
  .strictObject({
    title: ProtocolState.shape.title,
    parties: ProtocolState.shape.parties,
    summary: ProtocolState.shape.summary,
    reviewDate: ProtocolState.shape.reviewDate,
    visibility: Visibility,
    ...changeFields,
    ...echoedReadOnly,
    status: z.unknown().optional(),
    agreements: z.unknown().optional(),
    agreementHistory: z.unknown().optional(),
    // Checked: another body than the caller's is refused, but the proposer a GET answered may come back (decideProtocolProposal).
    proposedBy: z.unknown().optional(),
  })
  .meta({ id: 'ProtocolBody' });

export const AgreementBody = /* @__PURE__ */ z
  .strictObject({ version: z.number().int().positive(), ...changeFields })
  .meta({ id: 'AgreementBody' });

export const Written = /* @__PURE__ */ z.object({ id: z.string(), version: z.number().int() }).meta({ id: 'Written' });

export const RequestParams = /* @__PURE__ */ AreaParams.extend({ id: ItemId });

/**
 * What a request's GET answers besides what its raiser sets: accepted back in a PUT, and ignored;
 * but `from`, the raiser, is passed on: one naming another body than the caller is refused (decideRequestPut).
 */
const requestReadOnly = {
  from: /* @__PURE__ */ z.unknown().optional(),
  status: /* @__PURE__ */ z.unknown().optional(),
  responses: /* @__PURE__ */ z.unknown().optional(),
  updates: /* @__PURE__ */ z.unknown().optional(),
  closed: /* @__PURE__ */ z.unknown().optional(),
  dueSoonFor: /* @__PURE__ */ z.unknown().optional(),
  overdueFor: /* @__PURE__ */ z.unknown().optional(),
};

export const RequestBody = /* @__PURE__ */ z
  .strictObject({ ...RequestContent.shape, ...changeFields, ...echoedReadOnly, ...requestReadOnly })
  .refine((request) => request.dueDate === undefined || request.dueDate >= request.raisedOn, {
    message: 'must not be before raisedOn',
    path: ['dueDate'],
  })
  .transform(
    ({ status: _status, responses: _responses, updates: _updates, closed: _closed, dueSoonFor: _soon, overdueFor: _over, ...request }) =>
      request,
  )
  .meta({ id: 'RequestBody' });

export const RequestResponseBody = /* @__PURE__ */ z
  .strictObject({ text: inputText(5000, 'multi-line'), outcome: RequestOutcome.optional(), ...changeFields })
  .meta({ id: 'RequestResponseBody' });

export const RequestUpdateBody = /* @__PURE__ */ z
  .strictObject({ text: inputText(5000, 'multi-line'), status: ProgressStatus.optional(), ...changeFields })
  .meta({ id: 'RequestUpdateBody' });

export const RequestCloseBody = /* @__PURE__ */ z
  .strictObject({ text: inputText(5000, 'multi-line').optional(), ...changeFields })
  .meta({ id: 'RequestCloseBody' });

/** The tracker's filters: `from` the raiser, `to` the recipient, `organisation` either. */
export const RequestQuery = /* @__PURE__ */ z.object({
  to: SlugId.optional(),
  from: SlugId.optional(),
  organisation: SlugId.optional(),
  kind: RequestKind.optional(),
  status: RequestStatus.optional(),
  // A theme of the list, as the other filters are checked against theirs: a misspelt one is a 400, not an empty tracker.
  theme: ThemeSlugSchema.optional(),
});
