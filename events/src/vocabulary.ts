import * as z from 'zod/mini';
import { once } from './lazy.ts';
import { parseQuarter, QUARTER_FORMS, QUARTER_PATTERN, quarterProblem } from './quarters.ts';
import { inputText, recordedText, type TextRule } from './text.ts';
import { ThemeSlugSchema } from './themes.ts';

/** Area and organisation ids are lower-case slugs: they appear in URLs, keys and feeds. */
export const SlugId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
      'must be a lower-case slug: letters, digits and single hyphens, e.g. safer-rotherham-partnership',
    ),
  );

/**
 * Item ids (priorities, work programme items, protocols) come from councils' own systems,
 * so they allow capitals, dots and underscores; '#' and '/' never, because ids are used in
 * storage keys and URL paths.
 */
export const ItemId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must start with a letter or digit and use only letters, digits, ".", "_" and "-"'),
  );

export const Visibility = z.enum(['public', 'partners']);
export type Visibility = z.infer<typeof Visibility>;

export const OrganisationKind = z.enum(['pcc', 'panel', 'csp', 'scrutiny-committee', 'council', 'partner']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const WorkProgrammeKind = z.enum(['report', 'scrutiny-review', 'task-and-finish', 'performance-update', 'meeting']);
export const WorkProgrammeStatus = z.enum(['planned', 'in-progress', 'completed', 'deferred']);

export const SubjectType = z.enum([
  'area',
  'organisation',
  'priority',
  'work-programme-item',
  'protocol',
  'plan',
  'meeting',
  'request',
  'plan-variation',
  'connector',
]);
export type SubjectType = z.infer<typeof SubjectType>;

/** The themes an item is about: one to twelve, none twice. Priorities, work programme items and agenda items use it. */
export const Themes = z.array(ThemeSlugSchema).check(
  z.minLength(1),
  z.maxLength(12),
  z.refine((themes) => new Set(themes).size === themes.length, 'must not list a theme twice'),
);

/**
 * A link from one body's content to another body's priority, e.g. a CSP priority that supports a
 * PCC priority. Lenient, as the log holds it; what a body sends is checked strictly (see ObjectRule).
 */
export const PriorityLink = z.object({ organisationId: SlugId, priorityId: ItemId });
export type PriorityLink = z.infer<typeof PriorityLink>;

/** A calendar date as the event log holds it: any real date, so that whatever was stored keeps reading. */
export const IsoDate = z.iso.date({ error: 'must be a calendar date written YYYY-MM-DD' });

/**
 * The years a date sent to the hub may fall in. What the hub holds (community safety plans,
 * meetings, work programmes, requests) dates from the 1990s on (the Crime and Disorder Act 1998 set
 * up the partnerships) and is planned at most decades ahead, so a year outside these is a slip
 * (0000, 0206 for 2026, 9999 for "no end date") that would otherwise be stored, shown and
 * compared as written. Wide on both sides, so that no real document's date is refused. Only what
 * is sent is checked: the log's schemas (IsoDate) read any date already stored.
 */
export const FIRST_DATE_YEAR = 1900;
export const LAST_DATE_YEAR = 2199;

/** Whether a date's year (its first four digits: `2026`, `2026-03`, `2026-03-31`) is one the hub takes. */
export const inDateYears = (text: string) => Number(text.slice(0, 4)) >= FIRST_DATE_YEAR && Number(text.slice(0, 4)) <= LAST_DATE_YEAR;

/** The problem with a date outside those years, as the end of a sentence that starts with the field's name. */
export const dateYearsProblem = (input: unknown) =>
  `must be in the years ${FIRST_DATE_YEAR} to ${LAST_DATE_YEAR} (got ${JSON.stringify(input)})`;

/** A calendar date as the API accepts it: a real date (nothing else is said of one that is not) in the years above. */
export const InputDate = z.iso
  .date({ error: 'must be a calendar date written YYYY-MM-DD', abort: true })
  .check(z.refine(inDateYears, { error: (issue) => dateYearsProblem(issue.input) }));

/**
 * A quarter as a body sends it, in either spelling (see quarters.ts): `2016/17-Q1` or `2016-Q2`.
 * It is kept as written; what compares quarters reads both through parseQuarter.
 */
export const Quarter = z
  .string()
  .check(
    z.regex(QUARTER_PATTERN, `must be ${QUARTER_FORMS}`),
    z.refine((text) => !QUARTER_PATTERN.test(text) || parseQuarter(text) !== undefined, {
      error: (issue) => quarterProblem(String(issue.input)),
    }),
  )
  .register(z.globalRegistry, {
    description:
      'A financial quarter YYYY/YY-Qn (financial years run April to March: 2016/17-Q1 is April to June 2016) or a calendar quarter YYYY-Qn (2016-Q2, the same three months). Kept as written.',
  });
/** A quarter as the event log holds it: either spelling, as the body wrote it (older events hold the calendar one). */
const RecordedQuarter = z
  .string()
  .check(z.regex(QUARTER_PATTERN, `must be ${QUARTER_FORMS}`))
  .register(z.globalRegistry, {
    description:
      'The quarter as the body wrote it: a financial quarter YYYY/YY-Qn (financial years run April to March: 2016/17-Q1 is April to June 2016) or a calendar quarter YYYY-Qn (2016-Q2, the same three months). Events written before financial quarters were accepted hold the calendar spelling. Compare quarters by the months they name, never as text.',
  });

/**
 * How a set of state schemas builds the objects nested in it (a link, a request's meeting, a
 * report's recommendations). As the API accepts them they are strict, as a body's top level is (see
 * schemas.ts in the API): a misspelt field inside is refused, not dropped without a word. As the
 * log holds them they stay lenient, so events already stored keep parsing whatever they hold.
 */
export type ObjectRule = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => z.ZodMiniObject<Shape>;

/** The text, quarter and nested-object rules a set of state schemas uses: strict for what the API accepts, lenient for what the log holds. */
export interface TextRules {
  line: TextRule;
  lines: TextRule;
  quarter: z.ZodMiniString<string>;
  object: ObjectRule;
  date: typeof IsoDate;
}
export const ACCEPTED_TEXT: TextRules = {
  line: (max) => inputText(max),
  lines: (max) => inputText(max, 'multi-line'),
  quarter: Quarter,
  object: z.strictObject,
  date: InputDate,
};
export const RECORDED_TEXT: TextRules = {
  line: recordedText,
  lines: recordedText,
  quarter: RecordedQuarter,
  object: z.object,
  date: IsoDate,
};

/**
 * Where a priority stands: a controlled list, because the joint view decides from it what is in
 * force. `active` is the only status in which a priority counts (see inForceOn in the domain).
 */
export const PRIORITY_STATUSES = ['active', 'achieved', 'closed', 'superseded'] as const;
export const PriorityStatus = z.enum(PRIORITY_STATUSES, {
  error: (issue) => `must be one of ${PRIORITY_STATUSES.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type PriorityStatus = z.infer<typeof PriorityStatus>;

const priorityState = (text: TextRules) =>
  z.object({
    title: text.line(200),
    themes: Themes,
    lead: z.optional(text.line(200)),
    outcomes: z._default(z.array(text.line(1000)).check(z.maxLength(50)), []),
    indicators: z._default(z.array(text.line(500)).check(z.maxLength(100)), []),
    /** A label for readers ("2016-2019"); the dates below, or the plan's, decide what is in force. */
    period: z.optional(text.line(50)),
    status: z._default(PriorityStatus, 'active'),
    /** The plan of the same body this priority sits in (see plans.ts); its dates apply where the priority has none of its own. */
    planId: z.optional(ItemId),
    startDate: z.optional(text.date),
    endDate: z.optional(text.date),
    supports: z._default(z.array(text.object(PriorityLink.shape)).check(z.maxLength(20)), []),
    visibility: Visibility,
  });
/**
 * A priority as a body sends it (see inputText for what its text may hold).
 *
 * The input schemas are built on first use (see once), here and beside the other states: the API's
 * handlers build only those their routes read, when a request first reads them, rather than all of
 * them at initialisation. They are marked pure too: building one has no effect but its value, so
 * the bundler leaves it out of a handler that never reads it (the projector, the notifier, the relay...).
 */
export const PriorityState = /* @__PURE__ */ once(() => priorityState(ACCEPTED_TEXT));
/** A priority as the event log holds it: text recorded before the input rules tightened still reads. Built on first use (see once). */
export const recordedPriorityState = once(() => priorityState(RECORDED_TEXT));
export type PriorityState = z.infer<ReturnType<typeof PriorityState>>;

const workProgrammeItemState = (text: TextRules) =>
  z.object({
    title: text.line(200),
    themes: Themes,
    kind: WorkProgrammeKind,
    date: z.optional(text.date),
    quarter: z.optional(text.quarter),
    status: WorkProgrammeStatus,
    description: z.optional(text.lines(2000)),
    priorities: z._default(z.array(text.object(PriorityLink.shape)).check(z.maxLength(20)), []),
    visibility: Visibility,
  });
export const WorkProgrammeItemState = /* @__PURE__ */ once(() => workProgrammeItemState(ACCEPTED_TEXT));
export const recordedWorkProgrammeItemState = once(() => workProgrammeItemState(RECORDED_TEXT));
export type WorkProgrammeItemState = z.infer<ReturnType<typeof WorkProgrammeItemState>>;

export const ProtocolAgreement = z.object({
  organisationId: SlugId,
  version: z.number().check(z.int(), z.positive()),
  agreedAt: z.iso.datetime(),
});
export type ProtocolAgreement = z.infer<typeof ProtocolAgreement>;

const protocolState = (text: TextRules) =>
  z.object({
    title: text.line(200),
    parties: z.array(SlugId).check(
      z.minLength(2),
      z.maxLength(50),
      z.refine((parties) => new Set(parties).size === parties.length, 'must not list a party twice'),
    ),
    summary: text.lines(5000),
    reviewDate: z.optional(text.date),
    visibility: Visibility,
    /** The version of the document: a new one starts every time a party proposes a change. */
    version: z.number().check(z.int(), z.positive()),
    proposedBy: SlugId,
    /** Every agreement ever recorded, to any version; only those to `version` count towards `status`. */
    agreements: z.array(ProtocolAgreement),
    status: z.enum(['draft', 'agreed']),
  });
export const ProtocolState = /* @__PURE__ */ once(() => protocolState(ACCEPTED_TEXT));
export const recordedProtocolState = once(() => protocolState(RECORDED_TEXT));
export type ProtocolState = z.infer<ReturnType<typeof ProtocolState>>;

const areaState = (text: TextRules) => z.object({ name: text.line(200) });
export const AreaState = /* @__PURE__ */ once(() => areaState(ACCEPTED_TEXT));
export const recordedAreaState = once(() => areaState(RECORDED_TEXT));
export type AreaState = z.infer<ReturnType<typeof AreaState>>;

const organisationState = (text: TextRules) => z.object({ name: text.line(200), kind: OrganisationKind });
export const OrganisationState = /* @__PURE__ */ once(() => organisationState(ACCEPTED_TEXT));
export const recordedOrganisationState = once(() => organisationState(RECORDED_TEXT));
export type OrganisationState = z.infer<ReturnType<typeof OrganisationState>>;
