import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedPlanState } from '../plans.ts';

export const PlanPublished = defineEventType({
  detailType: 'PlanPublished',
  schemaVersion: 1,
  subjectType: 'plan',
  lifecycle: 'created',
  scope: 'organisation',
  description:
    'A body published a plan (a Police and Crime Plan, CSP plan, strategy, scrutiny work programme...) with its dates, or published again one it had withdrawn.',
  data: () => z.extend(recordedPlanState(), {}),
});
export type PlanPublishedDetail = z.infer<typeof PlanPublished.detail>;
