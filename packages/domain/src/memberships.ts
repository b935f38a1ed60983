import type { MemberRole } from './authorisation.ts';
import { InvalidChangeError } from './errors.ts';

/** One person's membership of one body: their role there, and the name the body knows them by. */
export interface Member {
  /** Lower-cased: addresses are compared without case (RFC 5321 allows case in the local part; no council mail system uses it). */
  email: string;
  role: MemberRole;
  name?: string | undefined;
  addedAt: string;
}

/** A body's members as the store holds them: one list, changed whole at a known revision. */
export interface BodyMembers {
  areaId: string;
  organisationId: string;
  members: Member[];
  /** 0 for a body nobody has joined yet; each change adds one. */
  revision: number;
}

export type MembershipChange =
  | { kind: 'put'; email: string; role: MemberRole; name?: string | undefined; at: string }
  | { kind: 'remove'; email: string };

export type MembershipOutcome = 'added' | 'changed' | 'unchanged' | 'removed' | 'not-a-member';

/** Addresses compared and stored as one: trimmed and lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const leadsOf = (members: readonly Member[]) => members.filter((member) => member.role === 'lead').length;

/**
 * Decides one change to a body's members. A body that has a lead always keeps one: removing or
 * demoting its last lead is refused (409), so nobody is left who can manage it but the
 * administrator. (A body with no members yet may be given any member: the administrator adds
 * the first lead.)
 */
export function decideMembershipChange(
  current: BodyMembers,
  change: MembershipChange,
): { outcome: MembershipOutcome; members: Member[]; previous?: Member | undefined } {
  const email = normaliseEmail(change.email);
  const previous = current.members.find((member) => member.email === email);
  const others = current.members.filter((member) => member.email !== email);
  if (change.kind === 'remove') {
    if (!previous) return { outcome: 'not-a-member', members: current.members };
    if (previous.role === 'lead' && leadsOf(others) === 0)
      throw new InvalidChangeError(`${email} is the last lead of ${current.organisationId}: make someone else its lead first.`);
    return { outcome: 'removed', members: others, previous };
  }
  const name = change.name ?? previous?.name;
  const next: Member = { email, role: change.role, ...(name ? { name } : {}), addedAt: previous?.addedAt ?? change.at };
  if (previous && previous.role === next.role && previous.name === next.name)
    return { outcome: 'unchanged', members: current.members, previous };
  if (previous?.role === 'lead' && next.role !== 'lead' && leadsOf(others) === 0)
    throw new InvalidChangeError(`${email} is the last lead of ${current.organisationId}: make someone else its lead first.`);
  const members = [...others, next].sort((a, b) => a.email.localeCompare(b.email));
  return { outcome: previous ? 'changed' : 'added', members, previous };
}
