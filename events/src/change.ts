import * as z from 'zod/mini';
import { once } from './lazy.ts';
import { inputText, recordedText, type TextRule, WebAddress } from './text.ts';
import { dateYearsProblem, FIRST_DATE_YEAR, inDateYears, LAST_DATE_YEAR } from './vocabulary.ts';

/**
 * What a write may say about the change itself, as opposed to the subject's state: when it
 * happened in the world (a plan published in March 2016, a priority achieved in 2019) and the
 * document that says so. The hub keeps when it recorded the change (`occurredAt`) and who
 * recorded it (`actor`) on every event; these two are the caller's, and optional.
 */

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: as precise as the document is. */
const EFFECTIVE_DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const EFFECTIVE_DATE_FORMS = 'a year (2016), a month (2016-03) or a calendar date (2016-03-31)';

/** Whether a written effective date names a real year, month or day (no month 13, no 31 April). */
function isRealEffectiveDate(text: string): boolean {
  const match = EFFECTIVE_DATE_PATTERN.exec(text);
  if (!match) return false;
  const [, year, month, day] = match;
  if (month === undefined) return true;
  if (Number(month) < 1 || Number(month) > 12) return false;
  if (day === undefined) return true;
  // A date that rolls over (31 April → 1 May) is not the one written.
  return new Date(`${year}-${month}-${day}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

const effectiveDateForm = { error: (issue: { input?: unknown }) => `must be ${EFFECTIVE_DATE_FORMS} (got ${JSON.stringify(issue.input)})` };

/** An effective date as a write sends it: a real year, month or day, in the years the hub takes dates in (see FIRST_DATE_YEAR). Built on first use (see once). */
export const EffectiveDate = /* @__PURE__ */ once(() =>
  z
    .string()
    // A date not written in one of the forms is told only that, not also that its year is out of range.
    .check(
      z.refine(isRealEffectiveDate, { ...effectiveDateForm, abort: true }),
      z.refine(inDateYears, { error: (issue) => dateYearsProblem(issue.input) }),
    )
    .register(z.globalRegistry, {
      // The refinements above do not reach the JSON Schema; the pattern says the form there.
      pattern: EFFECTIVE_DATE_PATTERN.source,
      description: `When the change happened in the world, as precisely as its source says: ${EFFECTIVE_DATE_FORMS}, in the years ${FIRST_DATE_YEAR} to ${LAST_DATE_YEAR}. A year or a month counts from its first day.`,
    }),
);
/** An effective date as the log holds it: any real one, so that what was stored before the years were bounded keeps reading. */
const RecordedEffectiveDate = once(() =>
  z
    .string()
    .check(z.refine(isRealEffectiveDate, effectiveDateForm))
    .register(z.globalRegistry, {
      pattern: EFFECTIVE_DATE_PATTERN.source,
      description: `When the change happened in the world, as precisely as its source says: ${EFFECTIVE_DATE_FORMS}. A year or a month counts from its first day.`,
    }),
);

/** The first day an effective date covers: `2016` → `2016-01-01`, `2016-03` → `2016-03-01`. */
export function effectiveFrom(effectiveDate: string): string {
  return effectiveDate.length === 4 ? `${effectiveDate}-01-01` : effectiveDate.length === 7 ? `${effectiveDate}-01` : effectiveDate;
}

const changeSource = (line: TextRule) =>
  z.strictObject({
    /** The document that records the change: "Safer Rotherham Partnership Plan 2016–19". */
    document: line(300),
    /** Where in it: "section 3", "page 12". */
    section: z.optional(line(200)),
    url: z.optional(WebAddress),
  });

const change = (line: TextRule) => z.object({ effectiveDate: z.optional(RecordedEffectiveDate()), source: z.optional(changeSource(line)) });

/** A change's source as a body sends it. Built on first use (see once). */
export const ChangeSource = /* @__PURE__ */ once(() =>
  changeSource((max) => inputText(max)).register(z.globalRegistry, {
    id: 'ChangeSource',
    description: 'The document that records the change, where in it, and where it is on the web.',
  }),
);
export type ChangeSource = z.infer<ReturnType<typeof ChangeSource>>;

/** What an event says about its change; absent from events recorded before writes could say it. Built on first use (see once). */
export const recordedChange = once(() =>
  change(recordedText).register(z.globalRegistry, {
    description: 'What the writer said about this change: when it happened in the world and the document that says so.',
  }),
);
export type Change = z.infer<ReturnType<typeof recordedChange>>;

/** The body fields any write may carry to describe its change (see recordedChange); they are not part of the subject. Built on first use (see once). */
export const changeFields = /* @__PURE__ */ once(() => ({
  effectiveDate: z.optional(EffectiveDate()),
  source: z.optional(ChangeSource()),
}));

/** The change a body described, without fields it left out, or undefined when it described none. */
export function changeOf(fields: { effectiveDate?: string | undefined; source?: ChangeSource | undefined }): Change | undefined {
  const described: Change = {
    ...(fields.effectiveDate !== undefined ? { effectiveDate: fields.effectiveDate } : {}),
    ...(fields.source !== undefined ? { source: withoutUndefined(fields.source) } : {}),
  };
  return Object.keys(described).length > 0 ? described : undefined;
}

const withoutUndefined = (source: ChangeSource): ChangeSource =>
  Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined)) as ChangeSource;
