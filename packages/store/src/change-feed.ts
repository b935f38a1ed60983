import type { HubEvent } from '@partnership-hub/events';

/**
 * How a change shows in the public feed (without an area key):
 * - `full`: a public change, shown whole;
 * - `restricted`: a partners change to a subject that was public until then (its visibility was
 *   narrowed): public readers are told only that the subject left their view, with no content;
 * - `hidden`: a partners change the public never saw anything of, or a public revision that changed
 *   only what the public may not see (a restricted agenda item): a public mirror holding the version
 *   before still holds all the public may see of the subject;
 * - `first`: a public version of a subject the public could not see until then (it was
 *   partners-only or withdrawn): shown whole, but without the fields it lists as changed, which
 *   were measured against a version the public never saw;
 * - `links`: a public revision whose only change the public may see is in links to other subjects
 *   (`linksChanged`). Whether the public may see those subjects can change later, so it is decided
 *   when the feed is read: the public is shown the change whole when it may then see one of
 *   `linksChanged`, and nothing of it otherwise.
 */
export type PublicView = 'full' | 'first' | 'restricted' | 'hidden' | 'links';

/** One entry of an area's change feed: an event, at its place in the area's order. */
export interface FeedEntry {
  sequence: number;
  event: HubEvent;
  publicView: PublicView;
  /**
   * Of a `links` entry: the subjects, as linkableSubjects names them (`org/priority`,
   * `plan:org/plan`, `work:org/item`), whose links changed in a way the public sees as soon as it
   * may see any one of them.
   */
  linksChanged?: string[];
}

/**
 * Each area's change feed: every event of the area, numbered 1, 2, 3... in the order they were
 * appended, with no gaps and each event once, so a follower holding "everything up to N" only
 * ever needs N+1 onwards.
 */
export interface ChangeFeed {
  /**
   * Appends an event to its area's feed once, however often it is delivered and however many
   * appenders race. Answers the sequence number it has, and whether this call added it.
   * `linksChanged` goes with a `links` view (see FeedEntry).
   */
  append(event: HubEvent, publicView: PublicView, linksChanged?: readonly string[]): Promise<{ sequence: number; appended: boolean }>;

  /** The highest sequence number of an area's feed (0 when empty). */
  lastSequence(areaId: string): Promise<number>;

  /**
   * Entries after `after`, in order, read consistently. `accept` filters (e.g. the public view);
   * `examined` is the last sequence number looked at, accepted or not, so a reader's cursor moves
   * past entries it may not see. Reads on until `limit` entries are accepted or the feed ends.
   */
  read(
    areaId: string,
    after: number,
    limit: number,
    accept?: (entry: FeedEntry) => boolean,
  ): Promise<{ entries: FeedEntry[]; examined: number }>;

  /** One entry by its event id, or undefined when it is not (yet) in the feed. */
  byEventId(areaId: string, eventId: string): Promise<FeedEntry | undefined>;

  /**
   * Every claim of an area's feed: the place each event holds or is taking, by event id, whether
   * or not its entry is there. For tools that check the feed against the log (`npm run rebuild`):
   * an event whose entry was lost but whose claim is kept goes back to the place readers saw it at.
   */
  claims(areaId: string): Promise<Map<string, number>>;

  /**
   * Writes the claim of an entry that is in the feed but whose claim was lost, so that a
   * redelivery of its event finds it and adds nothing. Answers whether it wrote one: not when the
   * event already has a claim, nor when the entry at `sequence` is not that event's. For tools run
   * while no appender runs (a stopped hub).
   */
  restoreClaim(areaId: string, eventId: string, sequence: number): Promise<boolean>;
}
