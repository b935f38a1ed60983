import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedRequestState } from '../requests.ts';

export const RequestResponded = defineEventType({
  detailType: 'RequestResponded',
  schemaVersion: 1,
  subjectType: 'request',
  lifecycle: 'revised',
  scope: 'area',
  description:
    'The body asked answered a request (with an outcome, for a recommendation). The data is the whole request after the response; organisationId is the recipient.',
  data: () => z.extend(recordedRequestState(), {}),
});
export type RequestRespondedDetail = z.infer<typeof RequestResponded.detail>;
