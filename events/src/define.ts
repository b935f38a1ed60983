import * as z from 'zod/mini';
import type { Change } from './change.ts';
import { type Actor, envelopeShape } from './envelope.ts';
import type { SubjectType, Visibility } from './vocabulary.ts';
import { parse } from './zod.ts';

/**
 * What an event does to its subject. `created` brings it into the views (new, or back after a
 * withdrawal), `revised` changes it, `registered` does either (the directory and protocols have no
 * separate first event), `withdrawn` takes it out of the views.
 */
export type Lifecycle = 'created' | 'revised' | 'registered' | 'withdrawn';

/**
 * Who the subject belongs to: one organisation, or the area as a whole (the area itself, and
 * protocols, which are shared by their parties; their events name the acting party in
 * `organisationId`, but the subject is not that party's).
 */
export type Scope = 'organisation' | 'area';

/**
 * What every event needs from the command that produces it: its id and time, and who asked; and
 * what the asker said about the change, if anything (when it happened in the world, its source).
 */
export interface EventContext {
  eventId: string;
  occurredAt: string;
  actor: Actor;
  change?: Change | undefined;
}

/** The envelope of an event as a command supplies it; the schema version and subject type come from the event type. */
export interface EnvelopeParts {
  context: EventContext;
  areaId: string;
  organisationId: string | null;
  subject: { id: string; version: number };
  visibility: Visibility;
}

/**
 * An earlier schema version of an event type, still in the log: events are never rewritten, so
 * each is read through its upcaster, which turns its data into the current version's. Consumers
 * only ever see the current version.
 */
export interface EarlierVersion<TCurrentInput> {
  schemaVersion: number;
  /** Builds the data as that version held it (on first use, as the current data). Frozen: the log keeps such events for ever. */
  data: () => z.ZodMiniObject;
  upcast: (data: never) => TCurrentInput;
}

/** Declares an earlier version, checking its upcaster against that version's own data. */
export function earlierVersion<TOld extends z.ZodMiniObject, TCurrentInput>(spec: {
  schemaVersion: number;
  data: () => TOld;
  upcast: (data: z.output<TOld>) => TCurrentInput;
}): EarlierVersion<TCurrentInput> {
  return spec;
}

/**
 * Declares one event type: its detail-type (a past-tense business fact), schema version,
 * subject type, lifecycle, scope and the zod schema of its data. The full detail schema
 * (envelope + data), a parser and a builder are derived here, so rules, consumers, producers,
 * JSON Schema and the catalogue all come from one place.
 *
 * The data is given as a function that builds its schema, and is built with the detail schema on
 * first use: every handler imports the whole catalogue, a request or delivery reads a few types,
 * and building every type's data (and the recorded states they extend) with zod at import was
 * most of what the catalogue cost each handler's cold start.
 */
export function defineEventType<
  const TDetailType extends string,
  const TSubject extends SubjectType,
  const TVersion extends number,
  const TLifecycle extends Lifecycle,
  const TScope extends Scope,
  TData extends z.ZodMiniObject,
>(spec: {
  detailType: TDetailType;
  schemaVersion: TVersion;
  subjectType: TSubject;
  lifecycle: TLifecycle;
  scope: TScope;
  /** What happened, in the users' words: shown in the catalogue. */
  description: string;
  /** Builds the schema of the data (called once, on first use). */
  data: () => TData;
  /** Earlier schema versions the log may still hold, each with its upcaster. */
  earlier?: readonly EarlierVersion<z.input<TData>>[];
}) {
  const detailOf = <D extends z.ZodMiniObject, V extends number>(schemaVersion: V, data: D) => {
    const envelope = envelopeShape();
    return z.object({
      ...envelope,
      schemaVersion: z.literal(schemaVersion),
      subject: z.extend(envelope.subject, { type: z.literal(spec.subjectType) }),
      data,
    });
  };
  // Built on first use (see above), then kept.
  let detail: ReturnType<typeof detailOf<TData, TVersion>> | undefined;
  let earlier: (EarlierVersion<z.input<TData>> & { detail: ReturnType<typeof detailOf> })[] | undefined;
  const current = () => (detail ??= detailOf(spec.schemaVersion, spec.data()));
  const earlierVersions = () =>
    (earlier ??= (spec.earlier ?? []).map((version) => ({ ...version, detail: detailOf(version.schemaVersion, version.data()) })));
  return {
    ...spec,
    get detail() {
      return current();
    },
    /** The detail schemas of the earlier versions, for the catalogue's JSON Schemas. */
    get earlierDetails() {
      return earlierVersions().map(({ schemaVersion, detail }) => ({ schemaVersion, detail }));
    },
    /**
     * Validates a detail of this type. Throws a ZodError. A detail of an earlier version is
     * validated against that version's schema, then upcast and checked as the current version.
     */
    parse: (raw: unknown) => {
      const detail = current();
      const written = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
      const older = spec.earlier?.length ? earlierVersions().find((version) => version.schemaVersion === written) : undefined;
      if (!older) return { detailType: spec.detailType, detail: parse(detail, raw) };
      const old = parse(older.detail, raw);
      return {
        detailType: spec.detailType,
        detail: parse(detail, { ...old, schemaVersion: spec.schemaVersion, data: older.upcast(old.data as never) }),
      };
    },
    /**
     * Builds an event of this type from already-validated parts, without parsing: deciding stays
     * cheap and pure, and the event log checks every detail against its schema when it appends.
     */
    build: (parts: EnvelopeParts & { data: z.output<TData> }) => ({
      detailType: spec.detailType,
      detail: {
        eventId: parts.context.eventId,
        schemaVersion: spec.schemaVersion,
        occurredAt: parts.context.occurredAt,
        areaId: parts.areaId,
        organisationId: parts.organisationId,
        subject: { type: spec.subjectType, id: parts.subject.id, version: parts.subject.version },
        actor: parts.context.actor,
        visibility: parts.visibility,
        ...(parts.context.change ? { change: parts.context.change } : {}),
        data: parts.data,
      },
    }),
  };
}

export type EventType = ReturnType<typeof defineEventType>;
