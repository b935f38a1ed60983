import * as z from 'zod';
import { envelopeShape } from './envelope.ts';
import type { SubjectType } from './vocabulary.ts';

/**
 * Declares one event type: its detail-type (a past-tense business fact), schema version,
 * subject type and the zod schema of its data. The full detail schema (envelope + data) is
 * derived here, so rules, consumers, JSON Schema and the catalogue all come from one place.
 */
export function defineEventType<
  const TDetailType extends string,
  const TSubject extends SubjectType,
  const TVersion extends number,
  TData extends z.ZodObject,
>(spec: {
  detailType: TDetailType;
  schemaVersion: TVersion;
  subjectType: TSubject;
  /** What happened, in the users' words: shown in the catalogue. */
  description: string;
  data: TData;
}) {
  const detail = z.object({
    ...envelopeShape,
    schemaVersion: z.literal(spec.schemaVersion),
    subject: envelopeShape.subject.extend({ type: z.literal(spec.subjectType) }),
    data: spec.data,
  });
  return { ...spec, detail };
}

export type EventType = ReturnType<typeof defineEventType>;
