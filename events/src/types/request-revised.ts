import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedRequestState } from '../requests.ts';

export const RequestRevised = defineEventType({
  detailType: 'RequestRevised',
  schemaVersion: 1,
  subjectType: 'request',
  lifecycle: 'revised',
  scope: 'area',
  description:
    'The raiser changed a request (its title, detail, due date...); a new due date arms the due-soon and overdue events again. The data is the whole request after the change, with the fields that changed.',
  data: () => z.extend(recordedRequestState(), { changedFields: z.array(z.string()).check(z.minLength(1)) }),
});
export type RequestRevisedDetail = z.infer<typeof RequestRevised.detail>;
