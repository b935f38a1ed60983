import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedPlanState } from '../plans.ts';

export const PlanWithdrawn = defineEventType({
  detailType: 'PlanWithdrawn',
  schemaVersion: 1,
  subjectType: 'plan',
  lifecycle: 'withdrawn',
  scope: 'organisation',
  description: 'A body withdrew one of its plans; a plan it superseded runs to its own end again. The data is the plan as it last stood.',
  data: () => z.extend(recordedPlanState(), {}),
});
export type PlanWithdrawnDetail = z.infer<typeof PlanWithdrawn.detail>;
