import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedMeetingState } from '../meetings.ts';

export const MeetingRevised = defineEventType({
  detailType: 'MeetingRevised',
  schemaVersion: 1,
  subjectType: 'meeting',
  lifecycle: 'revised',
  scope: 'organisation',
  description:
    'A body revised a meeting (its date, time, place, status or agenda). The data is the whole meeting after it, with the fields that changed.',
  data: () => z.extend(recordedMeetingState(), { changedFields: z.array(z.string()).check(z.minLength(1)) }),
});
export type MeetingRevisedDetail = z.infer<typeof MeetingRevised.detail>;
