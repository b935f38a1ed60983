import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedMeetingState } from '../meetings.ts';

export const MeetingScheduled = defineEventType({
  detailType: 'MeetingScheduled',
  schemaVersion: 1,
  subjectType: 'meeting',
  lifecycle: 'created',
  scope: 'organisation',
  description: 'A body put a meeting, with its agenda, on the hub (or put back one it had withdrawn).',
  data: () => z.extend(recordedMeetingState(), {}),
});
export type MeetingScheduledDetail = z.infer<typeof MeetingScheduled.detail>;
