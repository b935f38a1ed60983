import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedProtocolState, SlugId } from '../vocabulary.ts';

export const ProtocolAgreed = defineEventType({
  detailType: 'ProtocolAgreed',
  schemaVersion: 1,
  subjectType: 'protocol',
  lifecycle: 'revised',
  scope: 'area',
  description:
    'A party recorded its agreement to the current version of a protocol. The data is the whole protocol after the agreement; its status becomes "agreed" once every party has agreed.',
  data: () => z.extend(recordedProtocolState(), { agreedBy: SlugId }),
});
export type ProtocolAgreedDetail = z.infer<typeof ProtocolAgreed.detail>;
