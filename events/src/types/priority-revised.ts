import * as z from 'zod/mini';
import { defineEventType, earlierVersion } from '../define.ts';
import { recordedPriorityState } from '../vocabulary.ts';
import { priorityStateV1, upcastPriorityV1 } from './priority-v1.ts';

const changedFields = () => z.array(z.string()).check(z.minLength(1));

export const PriorityRevised = defineEventType({
  detailType: 'PriorityRevised',
  schemaVersion: 2,
  subjectType: 'priority',
  lifecycle: 'revised',
  scope: 'organisation',
  description: 'A body revised one of its priorities. The data is the whole priority after the revision, with the fields that changed.',
  data: () => z.extend(recordedPriorityState(), { changedFields: changedFields() }),
  earlier: [
    earlierVersion({
      schemaVersion: 1,
      data: () => z.extend(priorityStateV1(), { changedFields: changedFields() }),
      upcast: upcastPriorityV1,
    }),
  ],
});
export type PriorityRevisedDetail = z.infer<typeof PriorityRevised.detail>;
