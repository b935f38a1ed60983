import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedRequestState } from '../requests.ts';

export const RequestUpdated = defineEventType({
  detailType: 'RequestUpdated',
  schemaVersion: 1,
  subjectType: 'request',
  lifecycle: 'revised',
  scope: 'area',
  description:
    'Either side reported progress on a request (in progress, implemented). The data is the whole request after the update; organisationId is the body that wrote it.',
  data: () => z.extend(recordedRequestState(), {}),
});
export type RequestUpdatedDetail = z.infer<typeof RequestUpdated.detail>;
