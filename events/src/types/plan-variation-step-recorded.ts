import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedVariationState } from '../plan-variations.ts';

export const PlanVariationStepRecorded = defineEventType({
  detailType: 'PlanVariationStepRecorded',
  schemaVersion: 1,
  subjectType: 'plan-variation',
  lifecycle: 'revised',
  scope: 'organisation',
  description:
    "One of a plan variation's statutory steps happened (the chief constable consulted, sent to the panel with its response date, the panel's report, the PCC's response, published). The data is the whole variation after it, its newest step last; organisationId is the PCC, the actor whoever recorded it (the panel's report is the panel's).",
  data: () => z.extend(recordedVariationState(), {}),
});
export type PlanVariationStepRecordedDetail = z.infer<typeof PlanVariationStepRecorded.detail>;
