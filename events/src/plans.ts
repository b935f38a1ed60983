import * as z from 'zod/mini';
import { once } from './lazy.ts';
import { inputText, recordedText, type TextRule, WebAddress } from './text.ts';
import { InputDate, IsoDate, ItemId, Visibility } from './vocabulary.ts';

/** What kind of published plan it is, in the bodies' own terms (PRODUCT.md, "Plan"). */
export const PLAN_KINDS = [
  'police-and-crime-plan',
  'community-safety-plan',
  'partnership-plan',
  'scrutiny-work-programme',
  'delivery-plan',
  'strategy',
] as const;
export const PlanKind = z.enum(PLAN_KINDS, {
  error: (issue) => `must be one of ${PLAN_KINDS.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type PlanKind = z.infer<typeof PlanKind>;

const planState = (line: TextRule, date: typeof IsoDate) =>
  z.object({
    title: line(200),
    kind: PlanKind,
    startDate: date,
    /** Without an end date the plan runs until a plan that supersedes it starts (or for ever). */
    endDate: z.optional(date),
    /** An earlier plan of the same body that this one replaces: that plan ends the day before this one starts. */
    supersedes: z.optional(ItemId),
    /** Where the published document is. */
    documentUrl: z.optional(WebAddress),
    visibility: Visibility,
  });

/**
 * A body's published plan (a Police and Crime Plan, a CSP plan, a strategy, a scrutiny work
 * programme) with the dates it is in force; its priorities name it. As a body sends it. Built on
 * first use and marked pure, as PriorityState is: only the API builds it.
 */
export const PlanState = /* @__PURE__ */ once(() => planState((max) => inputText(max), InputDate));
/** A plan as the event log holds it. */
export const recordedPlanState = once(() => planState(recordedText, IsoDate));
export type PlanState = z.infer<ReturnType<typeof PlanState>>;
