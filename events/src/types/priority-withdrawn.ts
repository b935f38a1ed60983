import type { z } from 'zod';
import { defineEventType } from '../define.ts';
import { RecordedPriorityState } from '../vocabulary.ts';

export const PriorityWithdrawn = defineEventType({
  detailType: 'PriorityWithdrawn',
  schemaVersion: 1,
  subjectType: 'priority',
  lifecycle: 'withdrawn',
  scope: 'organisation',
  description: 'A body withdrew one of its priorities; it leaves the joint view. The data is the priority as it last stood.',
  data: RecordedPriorityState.extend({}),
});
export type PriorityWithdrawnDetail = z.infer<typeof PriorityWithdrawn.detail>;
