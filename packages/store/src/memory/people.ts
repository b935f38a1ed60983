import type { BodyMembers, MemberRole } from '@partnership-hub/domain';
import type { MembershipStore, Person, PersonBody, SessionRecord, SessionStore, SignInLink, SignInLinkStore } from '../people.ts';

type IndexEntry = Omit<PersonBody, 'role'> & { role: MemberRole | undefined; revision: number };

const bodyKey = (areaId: string, organisationId: string) => `${areaId}#${organisationId}`;

/** Memberships in memory: the same contract as the DynamoDB store (packages/store/test/contract). */
export class InMemoryMembershipStore implements MembershipStore {
  private readonly bodies = new Map<string, BodyMembers>();
  private readonly indexes = new Map<string, Map<string, IndexEntry>>();
  private readonly people = new Map<string, Person>();

  async members(areaId: string, organisationId: string): Promise<BodyMembers> {
    const found = this.bodies.get(bodyKey(areaId, organisationId));
    return found ? structuredClone(found) : { areaId, organisationId, members: [], revision: 0 };
  }

  async replace(next: BodyMembers, expectedRevision: number): Promise<boolean> {
    const key = bodyKey(next.areaId, next.organisationId);
    if ((this.bodies.get(key)?.revision ?? 0) !== expectedRevision) return false;
    this.bodies.set(key, structuredClone(next));
    return true;
  }

  async index(
    email: string,
    body: { areaId: string; organisationId: string; role: MemberRole | undefined },
    revision: number,
  ): Promise<void> {
    const index = this.indexes.get(email) ?? new Map<string, IndexEntry>();
    this.indexes.set(email, index);
    const key = bodyKey(body.areaId, body.organisationId);
    const existing = index.get(key);
    if (existing && existing.revision >= revision) return;
    // A removal stays as an entry without a role, so that a late write of an older revision cannot bring it back.
    index.set(key, { areaId: body.areaId, organisationId: body.organisationId, role: body.role, revision });
  }

  async bodiesOf(email: string): Promise<PersonBody[]> {
    return [...(this.indexes.get(email)?.values() ?? [])]
      .flatMap(({ role, ...entry }) => (role ? [{ ...entry, role }] : []))
      .map(({ areaId, organisationId, role }) => ({ areaId, organisationId, role }))
      .sort((a, b) => bodyKey(a.areaId, a.organisationId).localeCompare(bodyKey(b.areaId, b.organisationId)));
  }

  async person(email: string, newPersonId: () => string, at: string): Promise<Person> {
    const existing = this.people.get(email);
    if (existing) return { ...existing };
    const person = { email, personId: newPersonId(), createdAt: at };
    this.people.set(email, person);
    return { ...person };
  }
}

/** Sessions in memory: the same contract as the DynamoDB store. */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();

  async start(session: SessionRecord): Promise<void> {
    if (this.sessions.has(session.sessionHash)) throw new Error('A session with this id already exists');
    this.sessions.set(session.sessionHash, { ...session });
  }

  async find(sessionHash: string): Promise<SessionRecord | undefined> {
    const found = this.sessions.get(sessionHash);
    return found ? { ...found } : undefined;
  }

  async touch(sessionHash: string, at: string): Promise<void> {
    const found = this.sessions.get(sessionHash);
    if (found && found.lastSeenAt < at) found.lastSeenAt = at;
  }

  async actFor(sessionHash: string, body: { areaId: string; organisationId: string }): Promise<boolean> {
    const found = this.sessions.get(sessionHash);
    if (!found) return false;
    Object.assign(found, body);
    return true;
  }

  async end(sessionHash: string): Promise<void> {
    this.sessions.delete(sessionHash);
  }

  async endAllOf(email: string): Promise<number> {
    const ended = [...this.sessions.values()].filter((session) => session.email === email);
    for (const session of ended) this.sessions.delete(session.sessionHash);
    return ended.length;
  }
}

/** Sign-in links in memory: the same contract as the DynamoDB store. */
export class InMemorySignInLinkStore implements SignInLinkStore {
  private readonly links = new Map<string, SignInLink>();

  async put(link: SignInLink): Promise<void> {
    if (this.links.has(link.tokenHash)) throw new Error('A sign-in link with this token already exists');
    this.links.set(link.tokenHash, { ...link });
  }

  async take(tokenHash: string): Promise<SignInLink | undefined> {
    const link = this.links.get(tokenHash);
    this.links.delete(tokenHash);
    return link;
  }
}
