import type { z } from 'zod';
import { defineEventType } from '../define.ts';
import { RecordedPriorityState } from '../vocabulary.ts';

export const PriorityPublished = defineEventType({
  detailType: 'PriorityPublished',
  schemaVersion: 1,
  subjectType: 'priority',
  lifecycle: 'created',
  scope: 'organisation',
  description: 'A body published a new priority, or published again one it had withdrawn.',
  data: RecordedPriorityState.extend({}),
});
export type PriorityPublishedDetail = z.infer<typeof PriorityPublished.detail>;
