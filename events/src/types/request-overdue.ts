import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedRequestState } from '../requests.ts';

export const RequestOverdue = defineEventType({
  detailType: 'RequestOverdue',
  schemaVersion: 1,
  subjectType: 'request',
  lifecycle: 'revised',
  scope: 'area',
  description:
    "A request's due date passed (at the end of that day in Europe/London) with no response (the overdue check, a system job, says so once per due date). The data is the whole request.",
  data: () => z.extend(recordedRequestState(), {}),
});
export type RequestOverdueDetail = z.infer<typeof RequestOverdue.detail>;
