import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedWorkProgrammeItemState } from '../vocabulary.ts';

export const WorkProgrammeItemScheduled = defineEventType({
  detailType: 'WorkProgrammeItemScheduled',
  schemaVersion: 1,
  subjectType: 'work-programme-item',
  lifecycle: 'created',
  scope: 'organisation',
  description:
    'A body added an item to its work programme (a report, scrutiny review, task and finish group, performance update or meeting), or added back one it had withdrawn.',
  data: () => z.extend(recordedWorkProgrammeItemState(), {}),
});
export type WorkProgrammeItemScheduledDetail = z.infer<typeof WorkProgrammeItemScheduled.detail>;
