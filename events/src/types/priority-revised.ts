import * as z from 'zod';
import { defineEventType } from '../define.ts';
import { RecordedPriorityState } from '../vocabulary.ts';

export const PriorityRevised = defineEventType({
  detailType: 'PriorityRevised',
  schemaVersion: 1,
  subjectType: 'priority',
  lifecycle: 'revised',
  scope: 'organisation',
  description: 'A body revised one of its priorities. The data is the whole priority after the revision, with the fields that changed.',
  data: RecordedPriorityState.extend({ changedFields: z.array(z.string()).min(1) }),
});
export type PriorityRevisedDetail = z.infer<typeof PriorityRevised.detail>;
