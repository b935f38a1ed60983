import { randomBytes } from 'node:crypto';
import { decideMembershipChange, type MemberRole } from '@partnership-hub/domain';
import type { SeedArea } from '@partnership-hub/seed';
import type { MembershipStore } from '@partnership-hub/store';

/** A seeded person, as dev-credentials.json lists them: sign in at /sign-in with the address (the link lands in the outbox). */
export interface SeededPerson {
  email: string;
  name: string;
  organisationId: string;
  role: MemberRole;
}

const FIRST = ['Jane', 'Sam', 'Priya', 'Tom', 'Aisha', 'Dan', 'Grace', 'Omar', 'Ruth', 'Leon', 'Mei', 'Kofi'];
const LAST = ['Smith', 'Patel', 'Jones', 'Khan', 'Brown', 'Evans', 'Wright', 'Hughes', 'Ali', 'Walker', 'Green', 'Hall'];

/** Each body's invented domain: `<body id>.example` (RFC 2606), so no address can ever reach a real person. */
export const seededDomain = (organisationId: string) => `${organisationId}.example`;

/**
 * Invented people for the local run: an editor and a lead for every seeded body, a viewer of the
 * first community safety partnership, and a member of the police and crime panel.
 */
export function seededPeople(area: SeedArea): SeededPerson[] {
  const people: SeededPerson[] = [];
  const add = (organisationId: string, role: MemberRole, local: string) => {
    const index = people.length;
    const name = `${FIRST[index % FIRST.length]} ${LAST[(index * 5 + Math.floor(index / LAST.length)) % LAST.length]}`;
    people.push({ email: `${local}@${seededDomain(organisationId)}`, name, organisationId, role });
  };
  for (const organisation of area.organisations) {
    add(organisation.id, 'editor', 'editor');
    add(organisation.id, 'lead', 'lead');
  }
  const csp = area.organisations.find((organisation) => organisation.kind === 'csp');
  if (csp) add(csp.id, 'viewer', 'viewer');
  const panel = area.organisations.find((organisation) => organisation.kind === 'panel');
  if (panel) add(panel.id, 'viewer', 'panel.member');
  return people;
}

/** Makes the seeded people members, straight into the store (no invitation emails); safe to repeat. */
export async function seedPeople(
  memberships: MembershipStore,
  areaId: string,
  people: readonly SeededPerson[],
  at: string,
  newPersonId: () => string,
): Promise<void> {
  for (const person of people) {
    await memberships.person(person.email, newPersonId, at);
    for (;;) {
      const current = await memberships.members(areaId, person.organisationId);
      const decision = decideMembershipChange(current, { kind: 'put', email: person.email, role: person.role, name: person.name, at });
      const revision = current.revision + 1;
      if (decision.outcome === 'unchanged') {
        await memberships.index(person.email, { areaId, organisationId: person.organisationId, role: person.role }, current.revision);
        break;
      }
      if (await memberships.replace({ ...current, members: decision.members, revision }, current.revision)) {
        await memberships.index(person.email, { areaId, organisationId: person.organisationId, role: person.role }, revision);
        break;
      }
    }
  }
}

/**
 * Each seeded person's password for the development identity provider: the one an earlier start
 * gave them (kept in dev-credentials.json, like the keys), or a new random one for this data folder.
 */
export function withPasswords(
  people: readonly SeededPerson[],
  saved: readonly { email: string; password?: string | undefined }[] | undefined,
): (SeededPerson & { password: string })[] {
  const earlier = new Map((saved ?? []).flatMap((person) => (person.password ? [[person.email, person.password] as const] : [])));
  return people.map((person) => ({ ...person, password: earlier.get(person.email) ?? randomBytes(12).toString('base64url') }));
}
