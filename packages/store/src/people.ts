import type { BodyMembers, MemberRole } from '@partnership-hub/domain';

/**
 * The people who sign in, their memberships of bodies, their browser sessions and the single-use
 * sign-in links emailed to them. Personal data: only the administrator, a body's leads and the
 * person themself ever read it, and public outputs never show it.
 */

/** A person, known by their (lower-cased) email address; `personId` never changes, so events can name them for good. */
export interface Person {
  email: string;
  personId: string;
  createdAt: string;
}

/** One of a person's bodies, as the index of their memberships holds it (the body's own list is the authority). */
export interface PersonBody {
  areaId: string;
  organisationId: string;
  role: MemberRole;
}

export interface MembershipStore {
  /** A body's members, at their revision (0 and none for a body nobody has joined). */
  members(areaId: string, organisationId: string): Promise<BodyMembers>;
  /**
   * Replaces a body's members, only if they are still at `expectedRevision` (conditional write):
   * false when someone else changed them meanwhile, and nothing is written.
   */
  replace(next: BodyMembers, expectedRevision: number): Promise<boolean>;
  /**
   * Records in the person's index that they belong to a body (with a role), or no longer do
   * (`role` undefined), as of the body's revision: an older revision never overwrites a newer one,
   * so indexing is safe to repeat and to run out of order.
   */
  index(email: string, body: { areaId: string; organisationId: string; role: MemberRole | undefined }, revision: number): Promise<void>;
  /** The bodies a person belongs to, by the index. */
  bodiesOf(email: string): Promise<PersonBody[]>;
  /** The person with this address, made (with a new stable id) the first time it is asked for. */
  person(email: string, newPersonId: () => string, at: string): Promise<Person>;
}

/** A browser session: the cookie holds only its random id; the store keeps its SHA-256 and everything else. */
export interface SessionRecord {
  /** SHA-256 (hex) of the session id. */
  sessionHash: string;
  personId: string;
  email: string;
  name: string;
  /** The body they act for now (they choose among theirs). */
  areaId: string;
  organisationId: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end: 8 hours after signing in, whatever they do. */
  endsAt: string;
}

export interface SessionStore {
  /** Starts a session; never overwrites one (a 256-bit id colliding would be a bug). */
  start(session: SessionRecord): Promise<void>;
  find(sessionHash: string): Promise<SessionRecord | undefined>;
  /** Records activity (for the idle timeout); nothing if the session has ended meanwhile. */
  touch(sessionHash: string, at: string): Promise<void>;
  /** Changes which body the session acts for; false if the session has ended. */
  actFor(sessionHash: string, body: { areaId: string; organisationId: string }): Promise<boolean>;
  end(sessionHash: string): Promise<void>;
  /** Ends every session of a person at once: signing out everywhere, or being removed from a body. */
  endAllOf(email: string): Promise<number>;
}

/** A single-use sign-in link: its token's SHA-256, whose address it signs in, and until when. */
export interface SignInLink {
  tokenHash: string;
  email: string;
  validUntil: string;
}

export interface SignInLinkStore {
  put(link: SignInLink): Promise<void>;
  /** Takes the link, once: a second use (or a concurrent one) finds nothing. */
  take(tokenHash: string): Promise<SignInLink | undefined>;
}
