import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedAreaState } from '../vocabulary.ts';

export const AreaRegistered = defineEventType({
  detailType: 'AreaRegistered',
  schemaVersion: 1,
  subjectType: 'area',
  lifecycle: 'registered',
  scope: 'area',
  description: 'A police force area joined the hub, or its name was changed.',
  data: () => z.extend(recordedAreaState(), { previous: z.optional(recordedAreaState()) }),
});
export type AreaRegisteredDetail = z.infer<typeof AreaRegistered.detail>;
