import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedMeetingState } from '../meetings.ts';

export const MeetingCancelled = defineEventType({
  detailType: 'MeetingCancelled',
  schemaVersion: 1,
  subjectType: 'meeting',
  lifecycle: 'revised',
  scope: 'organisation',
  description:
    'A body cancelled a meeting: its status became cancelled. The meeting stays listed, marked cancelled; the data is the whole meeting after it.',
  data: () => z.extend(recordedMeetingState(), { changedFields: z.array(z.string()).check(z.minLength(1)) }),
});
export type MeetingCancelledDetail = z.infer<typeof MeetingCancelled.detail>;
