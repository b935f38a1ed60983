import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedVariationState } from '../plan-variations.ts';

export const PlanVariationStarted = defineEventType({
  detailType: 'PlanVariationStarted',
  schemaVersion: 1,
  subjectType: 'plan-variation',
  lifecycle: 'created',
  scope: 'organisation',
  description:
    'A PCC started varying its Police and Crime Plan: the statutory steps (consult the chief constable, send to the panel, the panel report, the response, publication) follow. The data is the whole variation; organisationId is the PCC.',
  data: () => z.extend(recordedVariationState(), {}),
});
export type PlanVariationStartedDetail = z.infer<typeof PlanVariationStarted.detail>;
