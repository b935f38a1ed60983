import * as z from 'zod/mini';
import { defineEventType, earlierVersion } from '../define.ts';
import { recordedPriorityState } from '../vocabulary.ts';
import { priorityStateV1, upcastPriorityV1 } from './priority-v1.ts';

export const PriorityWithdrawn = defineEventType({
  detailType: 'PriorityWithdrawn',
  schemaVersion: 2,
  subjectType: 'priority',
  lifecycle: 'withdrawn',
  scope: 'organisation',
  description: 'A body withdrew one of its priorities; it leaves the joint view. The data is the priority as it last stood.',
  data: () => z.extend(recordedPriorityState(), {}),
  earlier: [earlierVersion({ schemaVersion: 1, data: priorityStateV1, upcast: upcastPriorityV1 })],
});
export type PriorityWithdrawnDetail = z.infer<typeof PriorityWithdrawn.detail>;
