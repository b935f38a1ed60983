import * as z from 'zod/mini';
import { defineEventType } from '../define.ts';
import { recordedProtocolState } from '../vocabulary.ts';

export const ProtocolVersionProposed = defineEventType({
  detailType: 'ProtocolVersionProposed',
  schemaVersion: 1,
  subjectType: 'protocol',
  lifecycle: 'registered',
  scope: 'area',
  description:
    'A party drafted a protocol between bodies, or proposed a new version of one; every party must agree the new version before it is agreed. The data is the whole protocol after the change.',
  data: () => z.extend(recordedProtocolState(), {}),
});
export type ProtocolVersionProposedDetail = z.infer<typeof ProtocolVersionProposed.detail>;
