import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedMeetingState } from '../meetings.ts';

export const MeetingWithdrawn = defineEventType({
  detailType: 'MeetingWithdrawn',
  schemaVersion: 1,
  subjectType: 'meeting',
  lifecycle: 'withdrawn',
  scope: 'organisation',
  description:
    'A body took a meeting off the hub (put there in error); a cancelled meeting is revised, not withdrawn. The data is the meeting as it last stood.',
  data: () => z.extend(recordedMeetingState(), {}),
});
export type MeetingWithdrawnDetail = z.infer<typeof MeetingWithdrawn.detail>;
