import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedWorkProgrammeItemState } from '../vocabulary.ts';

export const WorkProgrammeItemRevised = defineEventType({
  detailType: 'WorkProgrammeItemRevised',
  schemaVersion: 1,
  subjectType: 'work-programme-item',
  lifecycle: 'revised',
  scope: 'organisation',
  description:
    'A body changed an item of its work programme (its date, status, themes...). The data is the whole item after the change, with the fields that changed.',
  data: () => z.extend(recordedWorkProgrammeItemState(), { changedFields: z.array(z.string()).check(z.minLength(1)) }),
});
export type WorkProgrammeItemRevisedDetail = z.infer<typeof WorkProgrammeItemRevised.detail>;
