import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedRequestState } from '../requests.ts';

export const RequestRaised = defineEventType({
  detailType: 'RequestRaised',
  schemaVersion: 1,
  subjectType: 'request',
  lifecycle: 'created',
  scope: 'area',
  description:
    'A body asked another for something (a recommendation, an information request, an action, an undertaking), to be answered by its due date. The data is the whole request, thread included; organisationId is the raiser.',
  data: () => z.extend(recordedRequestState(), {}),
});
export type RequestRaisedDetail = z.infer<typeof RequestRaised.detail>;
