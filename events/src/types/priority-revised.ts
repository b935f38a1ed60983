import * as z from 'zod';
import { defineEventType, earlierVersion } from '../define.ts';
import { RecordedPriorityState } from '../vocabulary.ts';
import { PriorityStateV1, upcastPriorityV1 } from './priority-v1.ts';

const changedFields = z.array(z.string()).min(1);

export const PriorityRevised = defineEventType({
  detailType: 'PriorityRevised',
  schemaVersion: 2,
  subjectType: 'priority',
  lifecycle: 'revised',
  scope: 'organisation',
  description: 'A body revised one of its priorities. The data is the whole priority after the revision, with the fields that changed.',
  data: RecordedPriorityState.extend({ changedFields }),
  earlier: [earlierVersion({ schemaVersion: 1, data: PriorityStateV1.extend({ changedFields }), upcast: upcastPriorityV1 })],
});
export type PriorityRevisedDetail = z.infer<typeof PriorityRevised.detail>;
