import * as z from 'zod/mini';
import { recordedChange } from './change.ts';
import { once } from './lazy.ts';
import { ItemId, SlugId, SubjectType, Visibility } from './vocabulary.ts';

/** Every hub event is published on the bus with this source. */
export const EVENT_SOURCE = 'partnership-hub';

/**
 * Who recorded an event: a person, a key, the administrator or a system job. Built on first use
 * (see once), with the envelope below: only reading an event needs them.
 */
export const actor = once(() => {
  /** A person signed in, acting for one body with a role. Their name is for partners' eyes only: public outputs say "an editor of <body>". */
  const PersonActor = z.object({
    kind: z.literal('person'),
    /** Stable across name and address changes. */
    personId: z.string().check(z.minLength(1), z.maxLength(64)),
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    organisationId: SlugId,
    role: z.enum(['viewer', 'editor', 'lead']),
  });

  /** One body's API key (a system: a committee system's sync, a spreadsheet import). */
  const KeyActor = z.object({
    kind: z.literal('key'),
    organisationId: SlugId,
    /** Absent on events recorded before keys were named. */
    keyId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    label: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  });

  /** The hub administrator. */
  const AdminActor = z.object({ kind: z.literal('admin') });

  /** A job of the hub's own, by name ("overdue check", "ModernGov connector"). */
  const SystemActor = z.object({ kind: z.literal('system'), job: z.string().check(z.minLength(1), z.maxLength(100)) });

  /**
   * How events recorded before actors were named say who acted: `{ kind: 'organisation' }`, a
   * body's key. The log is never rewritten, so they are read (not stored) as that body's
   * unnamed key.
   */
  const EarlierOrganisationActor = z.object({ kind: z.literal('organisation'), organisationId: SlugId });

  return z.union([
    z.discriminatedUnion('kind', [PersonActor, KeyActor, AdminActor, SystemActor]),
    z.pipe(
      EarlierOrganisationActor,
      z.transform(({ organisationId }): z.output<typeof KeyActor> => ({ kind: 'key', organisationId })),
    ),
  ]);
});
export type Actor = z.infer<ReturnType<typeof actor>>;

/**
 * The fields every event detail carries. The subject is the thing that changed
 * (a priority, a work programme item, a protocol...), with the version the change produced:
 * consumers use it to ignore anything older than what they already reflect.
 */
export const envelopeShape = once(() => ({
  eventId: z.string().check(z.minLength(1), z.maxLength(64)),
  schemaVersion: z.number().check(z.int(), z.positive()),
  occurredAt: z.iso.datetime(),
  areaId: SlugId,
  /** The organisation whose content changed (null for changes to the area itself). */
  organisationId: z.nullable(SlugId),
  subject: z.object({
    type: SubjectType,
    id: z.union([SlugId, ItemId]),
    version: z.number().check(z.int(), z.positive()),
  }),
  actor: actor(),
  visibility: Visibility,
  /**
   * What the writer said about the change (when it happened in the world, and where that is
   * written down). Optional: most writes say nothing, and events recorded before writes could
   * say it have none.
   */
  change: z.optional(recordedChange()),
}));

export const envelope = once(() => z.object(envelopeShape()));
export type Envelope = z.infer<ReturnType<typeof envelope>>;
