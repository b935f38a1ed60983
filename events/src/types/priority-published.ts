import * as z from 'zod/mini';
import { defineEventType, earlierVersion } from '../define.ts';
import { recordedPriorityState } from '../vocabulary.ts';
import { priorityStateV1, upcastPriorityV1 } from './priority-v1.ts';

export const PriorityPublished = defineEventType({
  detailType: 'PriorityPublished',
  schemaVersion: 2,
  subjectType: 'priority',
  lifecycle: 'created',
  scope: 'organisation',
  description: 'A body published a new priority, or published again one it had withdrawn.',
  data: () => z.extend(recordedPriorityState(), {}),
  earlier: [earlierVersion({ schemaVersion: 1, data: priorityStateV1, upcast: upcastPriorityV1 })],
});
export type PriorityPublishedDetail = z.infer<typeof PriorityPublished.detail>;
