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
  once,
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
import * as z from 'zod/mini';

/**
 * Request and response schemas. Bodies are strict (a misspelt field is an error, not silently
 * dropped), except that the read-only fields a GET answers with may be sent back unchanged,
 * so a client can GET, edit and PUT the same document. The identity among them (`id`, `areaId`,
 * `organisationId`) must then be the address's own: one naming another item, body or area is
 * refused (foreignEchoes in routing.ts).
 *
 * Each schema is built on first use (see once in the events package), so that loading a handler
 * builds none of them: a route passes the function (`params: AreaParams`), which builds the schema
 * on the route's first request; a schema built from another calls it (`z.extend(AreaParams(), …)`).
 * Each is marked pure too: a function's bundle keeps only those its routes and forms use.
 */
const READ_ONLY = ['id', 'areaId', 'organisationId', 'version', 'updatedAt', 'withdrawn'];
const echoedReadOnly = once(() => ({
  id: z.optional(z.unknown()),
  areaId: z.optional(z.unknown()),
  organisationId: z.optional(z.unknown()),
  version: z.optional(z.unknown()),
  updatedAt: z.optional(z.unknown()),
  withdrawn: z.optional(z.unknown()),
}));

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
export const IfMatchHeaders = /* @__PURE__ */ once(() => z.object({ 'if-match': z.optional(z.string()) }));

export const AreaParams = /* @__PURE__ */ once(() => z.object({ areaId: SlugId }));

/**
 * The query of a list read a page at a time, as the change feed and the members list are: `limit`
 * at a time, from the `cursor` of the previous answer passed as `after`. `one` and `many` name what
 * is listed (`change`, `changes`).
 */
export const cursorQuery = (one: string, many: string) =>
  z.object({
    after: z
      .optional(z.string())
      .register(z.globalRegistry, { description: `The cursor from the previous answer; omit to start from the first ${one}` }),
    limit: z
      ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 100)
      .register(z.globalRegistry, { description: `At most this many ${many} (1-1000, default 100)` }),
  });

export const OrganisationParams = /* @__PURE__ */ once(() => z.extend(AreaParams(), { organisationId: SlugId }));
export const ItemParams = /* @__PURE__ */ once(() => z.extend(OrganisationParams(), { id: ItemId }));
export const ProtocolParams = /* @__PURE__ */ once(() => z.extend(AreaParams(), { id: ItemId }));

export const AreaBody = /* @__PURE__ */ once(() => z.strictObject(AreaState().shape).register(z.globalRegistry, { id: 'AreaBody' }));
export const OrganisationBody = /* @__PURE__ */ once(() =>
  z.strictObject(OrganisationState().shape).register(z.globalRegistry, { id: 'OrganisationBody' }),
);

/** A period given as two dates must not end before it starts. */
const datesInOrder = {
  check: (dates: { startDate?: string | undefined; endDate?: string | undefined }) =>
    !(dates.startDate && dates.endDate) || dates.startDate <= dates.endDate,
  params: { message: 'must not be before the start date', path: ['endDate'] },
};

export const PriorityBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({ ...PriorityState().shape, ...changeFields(), ...echoedReadOnly() })
    .check(z.refine(datesInOrder.check, datesInOrder.params))
    .register(z.globalRegistry, { id: 'PriorityBody' }),
);

export const WorkProgrammeItemBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({ ...WorkProgrammeItemState().shape, ...changeFields(), ...echoedReadOnly() })
    .check(
      // Compared as financial quarters: 2016-05-12 is in 2016/17-Q1 and in 2016-Q2 alike. A quarter
      // that does not parse has its own problem reported; this check says nothing about it.
      z.refine(
        (item) => {
          const quarter = item.date && item.quarter ? parseQuarter(item.quarter) : undefined;
          return !quarter || quarterIndex(quarter) === quarterIndex(quarterOfDate(item.date!));
        },
        { message: 'is not the quarter the date falls in', path: ['quarter'] },
      ),
    )
    .register(z.globalRegistry, { id: 'WorkProgrammeItemBody' }),
);

export const PlanParams = /* @__PURE__ */ once(() => z.extend(OrganisationParams(), { planId: ItemId }));

/** What a plan's GET answers besides the plan itself, worked out when read: accepted back in a PUT, and ignored. */
const planReadOnly = once(() => ({
  asOf: /* @__PURE__ */ z.optional(z.unknown()),
  inForce: /* @__PURE__ */ z.optional(z.unknown()),
  effectiveEndDate: /* @__PURE__ */ z.optional(z.unknown()),
  supersededBy: /* @__PURE__ */ z.optional(z.unknown()),
  priorities: /* @__PURE__ */ z.optional(z.unknown()),
}));

export const PlanBody = /* @__PURE__ */ once(() =>
  z
    .pipe(
      z
        .strictObject({ ...PlanState().shape, ...changeFields(), ...echoedReadOnly(), ...planReadOnly() })
        .check(z.refine(datesInOrder.check, datesInOrder.params)),
      // The plan alone: what a GET worked out is dropped (the fields every item echoes are dropped when the PUT is taken).
      z.transform(
        ({ asOf: _asOf, inForce: _inForce, effectiveEndDate: _end, supersededBy: _by, priorities: _priorities, ...plan }) => plan,
      ),
    )
    .register(z.globalRegistry, { id: 'PlanBody' }),
);

export const MeetingParams = /* @__PURE__ */ once(() => z.extend(OrganisationParams(), { meetingId: ItemId }));

export const MeetingBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({ ...MeetingState().shape, ...changeFields(), ...echoedReadOnly() })
    .check((context) => {
      const { date, time } = context.value;
      const problem = time === undefined ? undefined : londonTimeProblem(date, time);
      if (problem) context.issues.push({ code: 'custom', path: ['time'], message: problem, input: time });
    })
    .register(z.globalRegistry, { id: 'MeetingBody' }),
);

export const ProtocolBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({
      title: ProtocolState().shape.title,
      parties: ProtocolState().shape.parties,
      summary: ProtocolState().shape.summary,
      reviewDate: ProtocolState().shape.reviewDate,
      visibility: Visibility,
      ...changeFields(),
      ...echoedReadOnly(),
      status: z.optional(z.unknown()),
      agreements: z.optional(z.unknown()),
      agreementHistory: z.optional(z.unknown()),
      // Checked: another body than the caller's is refused, but the proposer a GET answered may come back (decideProtocolProposal).
      proposedBy: z.optional(z.unknown()),
    })
    .register(z.globalRegistry, { id: 'ProtocolBody' }),
);

export const AgreementBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({ version: z.number().check(z.int(), z.positive()), ...changeFields() })
    .register(z.globalRegistry, { id: 'AgreementBody' }),
);

export const Written = /* @__PURE__ */ once(() =>
  z.object({ id: z.string(), version: z.number().check(z.int()) }).register(z.globalRegistry, { id: 'Written' }),
);

export const RequestParams = /* @__PURE__ */ once(() => z.extend(AreaParams(), { id: ItemId }));

/**
 * What a request's GET answers besides what its raiser sets: accepted back in a PUT, and ignored;
 * but `from`, the raiser, is passed on: one naming another body than the caller is refused (decideRequestPut).
 */
const requestReadOnly = once(() => ({
  from: /* @__PURE__ */ z.optional(z.unknown()),
  status: /* @__PURE__ */ z.optional(z.unknown()),
  responses: /* @__PURE__ */ z.optional(z.unknown()),
  updates: /* @__PURE__ */ z.optional(z.unknown()),
  closed: /* @__PURE__ */ z.optional(z.unknown()),
  dueSoonFor: /* @__PURE__ */ z.optional(z.unknown()),
  overdueFor: /* @__PURE__ */ z.optional(z.unknown()),
}));

export const RequestBody = /* @__PURE__ */ once(() =>
  z
    .pipe(
      z.strictObject({ ...RequestContent().shape, ...changeFields(), ...echoedReadOnly(), ...requestReadOnly() }).check(
        z.refine((request) => request.dueDate === undefined || request.dueDate >= request.raisedOn, {
          message: 'must not be before the date it was raised',
          path: ['dueDate'],
        }),
      ),
      z.transform(
        ({
          status: _status,
          responses: _responses,
          updates: _updates,
          closed: _closed,
          dueSoonFor: _soon,
          overdueFor: _over,
          ...request
        }) => request,
      ),
    )
    .register(z.globalRegistry, { id: 'RequestBody' }),
);

export const RequestResponseBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({ text: inputText(5000, 'multi-line'), outcome: z.optional(RequestOutcome), ...changeFields() })
    .register(z.globalRegistry, { id: 'RequestResponseBody' }),
);

export const RequestUpdateBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({ text: inputText(5000, 'multi-line'), status: z.optional(ProgressStatus), ...changeFields() })
    .register(z.globalRegistry, { id: 'RequestUpdateBody' }),
);

export const RequestCloseBody = /* @__PURE__ */ once(() =>
  z
    .strictObject({ text: z.optional(inputText(5000, 'multi-line')), ...changeFields() })
    .register(z.globalRegistry, { id: 'RequestCloseBody' }),
);

/** The tracker's filters: `from` the raiser, `to` the recipient, `organisation` either. */
export const RequestQuery = /* @__PURE__ */ once(() =>
  z.object({
    to: z.optional(SlugId),
    from: z.optional(SlugId),
    organisation: z.optional(SlugId),
    kind: z.optional(RequestKind),
    status: z.optional(RequestStatus),
    // A theme of the list, as the other filters are checked against theirs: a misspelt one is a 400, not an empty tracker.
    theme: z.optional(ThemeSlugSchema),
  }),
);
