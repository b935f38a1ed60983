import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedRequestState } from '../requests.ts';

export const RequestDueSoon = defineEventType({
  detailType: 'RequestDueSoon',
  schemaVersion: 1,
  subjectType: 'request',
  lifecycle: 'revised',
  scope: 'area',
  description:
    'A request with no response is due within seven days (the overdue check, a system job, says so once per due date). The data is the whole request.',
  data: () => z.extend(recordedRequestState(), {}),
});
export type RequestDueSoonDetail = z.infer<typeof RequestDueSoon.detail>;
