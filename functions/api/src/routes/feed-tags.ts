/**
 * The ETag this app instance last gave each feed, with the area revision it read before the
 * feed's records: while the revision has not moved on, a poller holding that tag is answered 304
 * from the one read of the revision, with no records read and nothing rendered.
 *
 * Kept in memory, not in the table: it is a shortcut, never the answer (an instance without it
 * reads the records and works the same tag out), so a write on a read path would buy nothing but
 * cost and contention. Each Lambda instance fills its own from its first request per feed.
 *
 * A plain Map with a cap, the entry written longest ago dropped first: a few lines, not a
 * dependency. The cap bounds memory whatever feeds are asked for (every area, body, theme, format,
 * audience and origin is a feed of its own).
 */
export interface FeedTags {
  /** The tag given for `feed` at `revision`, if this instance gave one at that revision. */
  at(feed: string, revision: number): string | undefined;
  /** Files `tag` for `feed` at `revision`, the revision read before the records the tag is of. */
  remember(feed: string, revision: number, tag: string): void;
}

export function feedTags(capacity = 2000): FeedTags {
  const tags = new Map<string, { revision: number; tag: string }>();
  return {
    at(feed, revision) {
      const known = tags.get(feed);
      return known?.revision === revision ? known.tag : undefined;
    },
    remember(feed, revision, tag) {
      // A request that read an older revision and finished later must not replace a newer tag.
      if ((tags.get(feed)?.revision ?? 0) > revision) return;
      // Deleted first so that the entry counts as the newest written.
      tags.delete(feed);
      tags.set(feed, { revision, tag });
      if (tags.size > capacity) tags.delete(tags.keys().next().value as string);
    },
  };
}
