import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedWorkProgrammeItemState } from '../vocabulary.ts';

export const WorkProgrammeItemWithdrawn = defineEventType({
  detailType: 'WorkProgrammeItemWithdrawn',
  schemaVersion: 1,
  subjectType: 'work-programme-item',
  lifecycle: 'withdrawn',
  scope: 'organisation',
  description: 'A body took an item off its work programme; it leaves the views. The data is the item as it last stood.',
  data: () => z.extend(recordedWorkProgrammeItemState(), {}),
});
export type WorkProgrammeItemWithdrawnDetail = z.infer<typeof WorkProgrammeItemWithdrawn.detail>;
