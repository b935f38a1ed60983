import type { RecordOf, StreamHead } from '@partnership-hub/domain';
import type { HubEvent, SubjectType } from '@partnership-hub/events';
import type { SubjectRef } from './keys.ts';

/**
 * The append-only event log. Each subject (a priority, an item, a protocol...) has its own
 * stream of versions 1, 2, 3...; an append claims the next version only if it is free, so two
 * writers racing for the same version cannot both win. An appended event waits in the outbox
 * until it has been published: an accepted change is never lost if publishing fails after the append.
 *
 * A stream has no gaps: every writer appends its head's version + 1 (the deciders number events
 * that way), so if version n+1 is not in a stream, no later version is either. `heads` relies on it.
 */
export interface EventLog {
  /** The latest event of a subject's stream, read consistently (decisions depend on it). */
  head<TState>(ref: SubjectRef): Promise<StreamHead<TState> | undefined>;

  /**
   * The subject as its latest event leaves it: the record the projector stores from that event
   * (toViewRecord), read consistently in the same one call as `head`. An item's read answers
   * this, so a change shows the moment its write is answered, not once it has been projected.
   */
  current<T extends SubjectType>(ref: SubjectRef & { subjectType: T }): Promise<RecordOf<T> | undefined>;

  /**
   * The heads of many subjects at once, answered in the order asked, each exactly as `head`
   * answers it (read consistently). `believedVersion` is the version a subject is thought to be
   * at, e.g. from its view, which may be missing (0) or behind: where the guess is right, a store
   * can confirm it with batched reads of known keys instead of one query per subject; where it is
   * wrong, that subject's head is read as `head` reads it. The answer is always the log's, never the guess.
   */
  heads<TState>(subjects: readonly HeadGuess[]): Promise<(StreamHead<TState> | undefined)[]>;

  /**
   * Whether each subject's head is exactly the version given (0: the subject has no events), read
   * consistently, in the order asked. Reads no event, so it is cheaper than `heads` where only
   * the version needs confirming.
   */
  isHead(subjects: readonly { ref: SubjectRef; version: number }[]): Promise<boolean[]>;

  /** Every event of a subject, oldest first: the history of the subject. */
  stream(ref: SubjectRef): Promise<HubEvent[]>;

  /** One event, or undefined. */
  get(ref: SubjectRef, version: number): Promise<HubEvent | undefined>;

  /**
   * Appends an event as the next version of its subject. The event is validated against its
   * schema first, so nothing malformed is ever stored. Throws VersionConflictError when the
   * version is already taken (a concurrent write won).
   */
  append(event: HubEvent): Promise<void>;

  /** Takes a published event out of the outbox. Publishing twice is harmless; this only saves work. */
  markPublished(event: HubEvent): Promise<void>;

  /** Events appended before `before` (ISO time) and still not published, oldest first; at most `limit` (100 unless given). */
  unpublished(before: string, limit?: number): Promise<HubEvent[]>;

  /**
   * Every event of an area, a page at a time (at most `pageSize`, 1000 unless given), in no set
   * order: for an administrator's tool that derives the projections again from the log
   * (`npm run rebuild`), never for a request. On DynamoDB it reads the whole table.
   */
  areaEvents(areaId: string, options?: { pageSize?: number }): AsyncIterable<HubEvent[]>;

  /** The ids of the areas registered in the log (those with a stream of their own), sorted; for the same tools. */
  areas(): Promise<string[]>;
}

/** A subject whose head `heads` reads, and the version it is believed to be at (0: no events believed). */
export interface HeadGuess {
  ref: SubjectRef;
  believedVersion: number;
}

/** How many events a page of `areaEvents` holds at most when no size is given. */
export const DEFAULT_AREA_EVENTS_PAGE = 1000;

/** Where an event waits in the outbox: by the time it happened, then its id. Both adapters order the outbox by it. */
export const outboxPosition = (event: HubEvent) => `${event.detail.occurredAt}#${event.detail.eventId}`;

/** How many events `unpublished` answers when no limit is given. */
export const DEFAULT_OUTBOX_READ = 100;
