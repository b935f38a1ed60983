import * as z from 'zod';
import { defineEventType } from '../define.ts';
import { RecordedPlanState } from '../plans.ts';

export const PlanRevised = defineEventType({
  detailType: 'PlanRevised',
  schemaVersion: 1,
  subjectType: 'plan',
  lifecycle: 'revised',
  scope: 'organisation',
  description: 'A body revised one of its plans. The data is the whole plan after the revision, with the fields that changed.',
  data: RecordedPlanState.extend({ changedFields: z.array(z.string()).min(1) }),
});
export type PlanRevisedDetail = z.infer<typeof PlanRevised.detail>;
