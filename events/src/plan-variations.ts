import * as z from 'zod/mini';
import { actor } from './envelope.ts';
import { once } from './lazy.ts';
import { RequestOutcome } from './requests.ts';
import { ACCEPTED_TEXT, IsoDate, ItemId, RECORDED_TEXT, SlugId, type TextRules, Visibility } from './vocabulary.ts';

/**
 * The statutory steps for varying a Police and Crime Plan, in the order they must happen: the
 * PCC consults the chief constable, sends the draft to the panel with a date for its response,
 * the panel reports (with recommendations), the PCC responds to the report, the PCC publishes.
 */
export const VARIATION_STEPS = ['chief-constable-consulted', 'sent-to-panel', 'panel-report', 'pcc-response', 'published'] as const;
export const VariationStep = z.enum(VARIATION_STEPS, {
  error: (issue) => `must be one of ${VARIATION_STEPS.join(', ')} (got ${JSON.stringify(issue.input)})`,
});
export type VariationStep = z.infer<typeof VariationStep>;

const recommendation = ({ line, lines, object }: TextRules) => object({ title: line(300), detail: z.optional(lines(5000)) });

/**
 * What each step says besides its date: the same shape as sent and as recorded; only the text
 * checks differ, and whether the objects in its lists refuse fields they do not know (see ObjectRule).
 */
const stepInputs = (rules: TextRules) => {
  const { lines, object, date } = rules;
  return {
    'chief-constable-consulted': z.object({}),
    'sent-to-panel': z.object({
      /** The panel's report is due by the end of this day in Europe/London. */
      responseDueDate: date,
    }),
    'panel-report': z.object({ summary: lines(5000), recommendations: z.array(recommendation(rules)).check(z.maxLength(50)) }),
    'pcc-response': z.object({
      text: lines(5000),
      /** One response for each of the panel's recommendations, in the report's order. */
      responses: z.array(object({ text: lines(5000), outcome: z.optional(RequestOutcome) })).check(z.maxLength(50)),
    }),
    published: z.object({}),
  };
};

/** Each step's fields as a caller sends them. Built on first use and marked pure, as PriorityState is: only the API builds them. */
export const VariationStepInputs = /* @__PURE__ */ once(() => stepInputs(ACCEPTED_TEXT));
/** What step `S` says, as sent. */
export type VariationStepInput<S extends VariationStep> = z.output<ReturnType<typeof VariationStepInputs>[S]>;

/** A step as the event log holds it: its fields, which step, the day it happened, who recorded it. Built on first use (see once). */
const recordedVariationStep = once(() => {
  const recordedStepInputs = stepInputs(RECORDED_TEXT);
  const stepRecord = {
    /** The day it happened: its effective date where the writer gave one, else the day it was recorded (Europe/London). */
    on: IsoDate,
    recordedAt: z.iso.datetime(),
    /** The body whose step it is (the PCC, or the panel for its report). */
    by: SlugId,
    actor: actor(),
  };
  return z.discriminatedUnion('step', [
    z.extend(recordedStepInputs['chief-constable-consulted'], { step: z.literal('chief-constable-consulted'), ...stepRecord }),
    z.extend(recordedStepInputs['sent-to-panel'], { step: z.literal('sent-to-panel'), ...stepRecord }),
    z.extend(recordedStepInputs['panel-report'], { step: z.literal('panel-report'), ...stepRecord }),
    z.extend(recordedStepInputs['pcc-response'], { step: z.literal('pcc-response'), ...stepRecord }),
    z.extend(recordedStepInputs.published, { step: z.literal('published'), ...stepRecord }),
  ]);
});
export type RecordedVariationStep = z.infer<ReturnType<typeof recordedVariationStep>>;

const variationContent = ({ line, lines }: TextRules) => z.object({ title: line(200), summary: lines(5000), visibility: Visibility });

/** A variation as the PCC starts it. Built on first use and marked pure, as PriorityState is: only the API builds it. */
export const VariationContent = /* @__PURE__ */ once(() => variationContent(ACCEPTED_TEXT));
export type VariationContent = z.infer<ReturnType<typeof VariationContent>>;

/**
 * A variation of a Police and Crime Plan as the event log holds it: what it is, the plan it
 * varies, the panel that scrutinises it, and every step recorded so far. Every event carries
 * this whole state, so a variation's record is simply its newest event. Built on first use (see once).
 */
export const recordedVariationState = once(() =>
  z.extend(variationContent(RECORDED_TEXT), {
    planId: ItemId,
    /** The area's police and crime panel when the variation started: the one body that reports on it. */
    panel: SlugId,
    startedOn: IsoDate,
    steps: z._default(z.array(recordedVariationStep()), []),
  }),
);
export type VariationState = z.infer<ReturnType<typeof recordedVariationState>>;
