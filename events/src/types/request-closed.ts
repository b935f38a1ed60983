import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedRequestState } from '../requests.ts';

export const RequestClosed = defineEventType({
  detailType: 'RequestClosed',
  schemaVersion: 1,
  subjectType: 'request',
  lifecycle: 'revised',
  scope: 'area',
  description: 'The raiser closed a request. The data is the whole request as closed.',
  data: () => z.extend(recordedRequestState(), {}),
});
export type RequestClosedDetail = z.infer<typeof RequestClosed.detail>;
