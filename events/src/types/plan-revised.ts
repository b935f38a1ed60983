import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedPlanState } from '../plans.ts';
import { recordedText } from '../text.ts';
import { ItemId } from '../vocabulary.ts';

export const PlanRevised = defineEventType({
  detailType: 'PlanRevised',
  schemaVersion: 1,
  subjectType: 'plan',
  lifecycle: 'revised',
  scope: 'organisation',
  description:
    'A body revised one of its plans. The data is the whole plan after the revision, with the fields that changed; a revision that publishes a variation of the plan names it (`variation`), and may change no field.',
  data: () =>
    z
      .extend(recordedPlanState(), {
        changedFields: z.array(z.string()),
        /** The plan variation this revision publishes (its title only when the variation is public). */
        variation: z.optional(z.object({ id: ItemId, title: z.optional(recordedText(200)) })),
      })
      .check(
        z.refine((data) => data.changedFields.length > 0 || data.variation !== undefined, {
          message: 'must name a changed field, unless the revision publishes a variation',
          path: ['changedFields'],
        }),
      ),
});
export type PlanRevisedDetail = z.infer<typeof PlanRevised.detail>;
