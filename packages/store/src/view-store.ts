import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Audience, RecordOf, ViewRecord } from '@partnership-hub/domain';
import type { SubjectType } from '@partnership-hub/events';

/**
 * The projections: each subject's current state under its area, and the joint view of each
 * area ready to serve. Writes are gated on version, so a duplicate or older delivery changes
 * nothing whatever order events arrive in.
 */
export interface ViewStore {
  /** Stores a record unless the stored one is as new or newer. Answers whether it was stored. */
  put(record: ViewRecord): Promise<boolean>;

  /**
   * Every area with a record, by name: the hub's directory, for the start page. Kept apart from
   * the areas' own records so that it is one read, not one per area.
   */
  areas(): Promise<AreaEntry[]>;

  get<T extends SubjectType>(areaId: string, subjectType: T, organisationId: string | null, id: string): Promise<RecordOf<T> | undefined>;

  /**
   * Every record of an area, or those of one type (and one organisation), read consistently, in
   * key order (see viewSk): the area, its organisations, priorities, protocols, work programme items.
   */
  list<T extends SubjectType>(areaId: string, filter?: { subjectType: T; organisationId?: string }): Promise<RecordOf<T>[]>;

  /**
   * An area's revision: the number of the joint inputs most recently stored (putJointInputs), which
   * moves on with every change the projector folds (0 before any). Read alone, without the inputs.
   */
  latestJointRevision(areaId: string): Promise<number>;

  /**
   * What an area's joint views are built from, as the projector folded it: the records (one
   * item, gzipped, so a change reads the area in one GetItem rather than a query of every record)
   * and the revision they were stored at, the same number latestJointRevision answers. `records`
   * is undefined before anything was folded (or for an item holding a revision alone, as earlier
   * versions of the hub stored it).
   */
  jointInputs(areaId: string): Promise<JointInputs>;

  /**
   * Stores the records an area's joint views are built from, at the revision after `expected`,
   * if the revision is still `expected` (0: none taken yet). Answers the new revision, or
   * undefined when another writer got there first: read again and fold on top. `encoded`, when the
   * caller holds it already, is JSON.stringify(records), or that JSON gzipped (GzipParts), so that
   * the store need not make or compress it again.
   */
  putJointInputs(
    areaId: string,
    expected: number,
    records: readonly ViewRecord[],
    encoded?: string | Uint8Array,
  ): Promise<number | undefined>;

  /**
   * Stores a rebuilt joint view, as at the date `asOf` (what was in force that day), unless a
   * rebuild of the same or a later revision is already there. Answers whether it was stored.
   * `body` is the view's JSON, or that JSON gzipped already (GzipParts), stored as given so that
   * the store need not make and compress the whole text again.
   */
  putJointView(areaId: string, audience: Audience, revision: number, body: string | Uint8Array, asOf: string): Promise<boolean>;

  /** The joint view as stored: gzipped JSON, ready to send to a client that accepts gzip, or its text. */
  jointView(areaId: string, audience: Audience): Promise<StoredJointView | undefined>;

  /** The revision and date of the stored joint view, without its body: enough to answer a conditional GET. */
  jointViewTag(areaId: string, audience: Audience): Promise<JointViewTag | undefined>;

  /**
   * Stores an area's tracker list for an audience (its rows as JSON, see the domain's TrackerRow),
   * built from the area's requests as they were once the area was at `revision`, unless a list of
   * the same or a later revision is already there. Answers whether it was stored.
   */
  putTrackerList(areaId: string, audience: Audience, revision: number, body: string): Promise<boolean>;

  /** The tracker list as stored, or undefined before the projector stored one. */
  trackerList(areaId: string, audience: Audience): Promise<StoredTrackerList | undefined>;
}

export interface StoredTrackerList {
  revision: number;
  /** The rows, as JSON. */
  body: string;
}

export interface JointViewTag {
  revision: number;
  asOf: string | undefined;
  /** The fingerprint of the view's content (jointViewContentTag); undefined for a view stored before views had one. */
  contentTag: string | undefined;
}

export interface JointInputs {
  revision: number;
  records: ViewRecord[] | undefined;
}

/** An area as the directory lists it. */
export interface AreaEntry {
  areaId: string;
  name: string;
}

/** The directory's order: by name, as a person looks one up. */
export const byAreaName = (a: AreaEntry, b: AreaEntry) => a.name.localeCompare(b.name, 'en-GB') || a.areaId.localeCompare(b.areaId);

export interface StoredJointView {
  revision: number;
  /** The fingerprint of the view's content (jointViewContentTag); undefined for a view stored before views had one. */
  contentTag: string | undefined;
  /** The date the view is as at; undefined for a view stored before views had a date (it is as at no day in particular). */
  asOf: string | undefined;
  /** The JSON document, gzipped. */
  gzip: Uint8Array;
  /** The JSON document. */
  readonly body: string;
}

/** A stored joint view; decompressed only when its text is asked for: most readers accept gzip as it is. */
export function storedJointView(
  revision: number,
  gzip: Uint8Array,
  asOf: string | undefined,
  contentTag: string | undefined,
): StoredJointView {
  return {
    revision,
    contentTag,
    asOf,
    gzip,
    get body() {
      return gunzipSync(gzip).toString('utf8');
    },
  };
}

/**
 * A stored joint view's content fingerprint: what its ETag is made of. Not the area's revision,
 * which moves on at every change to the area, partners-only ones included: a public view's ETag
 * made of it changed when nothing public did, so a public poller could count the partners' changes.
 * Taken of the gzipped bytes, a tenth of the text's size: the projector joins the same texts into
 * the same bytes (GzipParts compresses each text the same way whether it reuses it or not), so an
 * unchanged view keeps its tag; any change to the text changes the bytes.
 */
export function jointViewContentTag(gzip: Uint8Array): string {
  return createHash('sha1').update(gzip).digest('base64url');
}
