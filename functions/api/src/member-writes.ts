import {
  authoriseMemberManagement,
  decideMembershipChange,
  type Member,
  type MemberRole,
  type MembershipChange,
  type MembershipOutcome,
  normaliseEmail,
  type Principal,
  VersionConflictError,
} from '@partnership-hub/domain';
import { type EmailMessage, EmailNotSentError } from '@partnership-hub/subscriptions';
import type { ApiDeps, PeopleServices } from './deps.ts';
import { requireOrganisationExists } from './routes/directory.ts';

/** How many times a change is tried again when another change to the same body's members won the race. */
const ATTEMPTS = 3;

type Body = { areaId: string; organisationId: string };

/**
 * Changing a body's members, for every edge that changes them: the JSON API (routes/members.ts)
 * and the members page (pages/routes/members.tsx). The same rule decides who may
 * (authoriseMemberManagement) and what the list becomes (decideMembershipChange: a body keeps
 * its last lead), so the page can never allow what the API refuses.
 */

/** Adds a member or changes their role or name; a new member gets an invitation to sign in at `origin`. */
export async function putMember(
  deps: ApiDeps,
  people: PeopleServices,
  principal: Principal,
  body: Body,
  member: { email: string; role: MemberRole; name?: string | undefined },
  origin: string,
): Promise<{ outcome: MembershipOutcome; member: Member }> {
  authoriseMemberManagement(principal, body);
  const organisation = await requireOrganisationExists(deps, body.areaId, body.organisationId);
  const email = normaliseEmail(member.email);
  const change: MembershipChange = { kind: 'put', email, role: member.role, name: member.name, at: deps.clock().toISOString() };
  const { outcome, member: stored } = await changeMembers(people, body, change);
  if (outcome === 'added') {
    await people.memberships.person(email, people.newPersonId, change.at);
    try {
      await people.sendEmail(invitation(origin, organisation.name, stored!), `invite-${people.newPersonId()}`);
    } catch (error) {
      // The member stands: the invitation only tells them the hub is there, and they can sign in
      // from the sign-in page with their address whenever they like. Logged as an error for whoever
      // runs the hub (an SES identity not verified, or SES throttling), not a failed change.
      if (!(error instanceof EmailNotSentError)) throw error;
      deps.logger.error('an invitation email could not be sent', { ...body, error: error.message, retryable: error.retryable });
    }
  }
  deps.logger.info('member changed', { ...body, outcome, role: member.role });
  return { outcome, member: stored! };
}

/** Removes a member: every session of theirs ends at once, whichever body it acts for. */
export async function removeMember(
  deps: ApiDeps,
  people: PeopleServices,
  principal: Principal,
  body: Body,
  email: string,
): Promise<MembershipOutcome> {
  authoriseMemberManagement(principal, body);
  const address = normaliseEmail(email);
  const { outcome } = await changeMembers(people, body, { kind: 'remove', email: address });
  // They sign in again to act for their other bodies. Removing someone who was no member changes
  // nothing, so their sessions as a member of other bodies go on.
  const ended = outcome === 'removed' ? await people.sessions.endAllOf(address) : 0;
  deps.logger.info('member removed', { ...body, outcome, sessionsEnded: ended });
  return outcome;
}

/** Reads, decides and writes at the revision read; when another change won meanwhile, decides again on what it wrote. */
async function changeMembers(people: PeopleServices, { areaId, organisationId }: Body, change: MembershipChange) {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await people.memberships.members(areaId, organisationId);
    const decision = decideMembershipChange(current, change);
    const member = change.kind === 'put' ? decision.members.find((candidate) => candidate.email === change.email) : undefined;
    if (decision.outcome === 'unchanged' || decision.outcome === 'not-a-member') return { outcome: decision.outcome, member };
    const revision = current.revision + 1;
    if (await people.memberships.replace({ areaId, organisationId, members: decision.members, revision }, current.revision)) {
      await people.memberships.index(change.email, { areaId, organisationId, role: member?.role }, revision);
      return { outcome: decision.outcome, member };
    }
  }
  throw new VersionConflictError(`${organisationId}'s members were changed by someone else at the same time; try again.`, undefined);
}

const ROLE_WORDS = {
  viewer: 'see the partners-only information of',
  editor: 'publish and update the information of',
  lead: 'lead',
} as const;

function invitation(origin: string, bodyName: string, member: Member): EmailMessage {
  return {
    to: member.email,
    subject: `You have been added to ${bodyName} on Partnership Hub`,
    text:
      `${member.name ? `Dear ${member.name},\n\n` : ''}You have been added to ${bodyName} on Partnership Hub, so that you can ${ROLE_WORDS[member.role]} ${member.role === 'lead' ? `${bodyName} (publish and update its information, agree protocols for it and manage its members)` : bodyName}.\n\n` +
      `Sign in with this email address at ${origin}/sign-in\n\n` +
      'If you were not expecting this, you can ignore this email: nothing happens until you sign in.\n',
    headers: {},
  };
}
