import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedOrganisationState } from '../vocabulary.ts';

export const OrganisationRegistered = defineEventType({
  detailType: 'OrganisationRegistered',
  schemaVersion: 1,
  subjectType: 'organisation',
  lifecycle: 'registered',
  scope: 'organisation',
  description: 'A body (PCC, panel, CSP, scrutiny committee, council or partner) joined an area, or its name or kind was changed.',
  data: () => z.extend(recordedOrganisationState(), { previous: z.optional(recordedOrganisationState()) }),
});
export type OrganisationRegisteredDetail = z.infer<typeof OrganisationRegistered.detail>;
