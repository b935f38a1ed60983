import * as z from 'zod';
import { RecordedChange } from './change.ts';
import { ItemId, SlugId, SubjectType, Visibility } from './vocabulary.ts';

/** Every hub event is published on the bus with this source. */
export const EVENT_SOURCE = 'partnership-hub';

export const Actor = z.object({
  /**
   * `organisation`: an organisation's API key; `admin`: the hub administrator's key; `system`: one
   * of the hub's own jobs (named in `job`), e.g. the overdue check.
   */
  kind: z.enum(['organisation', 'admin', 'system']),
  organisationId: SlugId.optional(),
  job: z.string().min(1).max(64).optional(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * The fields every event detail carries. The subject is the thing that changed
 * (a priority, a work programme item, a protocol...), with the version the change produced:
 * consumers use it to ignore anything older than what they already reflect.
 */
export const envelopeShape = {
  eventId: z.string().min(1).max(64),
  schemaVersion: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  areaId: SlugId,
  /** The organisation whose content changed (null for changes to the area itself). */
  organisationId: SlugId.nullable(),
  subject: z.object({
    type: SubjectType,
    id: z.union([SlugId, ItemId]),
    version: z.number().int().positive(),
  }),
  actor: Actor,
  visibility: Visibility,
  /**
   * What the writer said about the change (when it happened in the world, and where that is
   * written down). Optional: most writes say nothing, and events recorded before writes could
   * say it have none.
   */
  change: RecordedChange.optional(),
};

export const Envelope = z.object(envelopeShape);
export type Envelope = z.infer<typeof Envelope>;
