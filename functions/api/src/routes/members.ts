import {
  authoriseMemberManagement,
  decideMembershipChange,
  MEMBER_ROLES,
  type Member,
  type MembershipChange,
  NotAuthenticatedError,
  NotPermittedError,
  normaliseEmail,
  type Principal,
  VersionConflictError,
} from '@partnership-hub/domain';
import type { EmailMessage } from '@partnership-hub/subscriptions';
import * as z from 'zod';
import type { ApiDeps, PeopleServices } from '../deps.ts';
import type { RouteRegistry } from '../routing.ts';
import { OrganisationParams } from '../schemas.ts';
import { requireOrganisationExists } from './directory.ts';

const Role = z.enum(MEMBER_ROLES as ['viewer', 'editor', 'lead']);
const MemberParams = OrganisationParams.extend({ email: z.email().max(254) });
const MemberBody = z.strictObject({
  role: Role.meta({
    description:
      "`viewer` sees the area's partners-only content; `editor` also changes the body's content; `lead` also agrees protocols and manages members",
  }),
  name: z.string().trim().min(1).max(200).optional().meta({ description: 'How partners of the area see them named in history' }),
});
const MemberView = z.object({ email: z.string(), role: Role, name: z.string().optional(), addedAt: z.string() });

/** How many times a change is tried again when another change to the same body's members won the race. */
const ATTEMPTS = 3;

/**
 * A body's members: who may see its area's partners-only content, change its content, agree for
 * it and manage it. Personal data: only the administrator and the body's leads read the list (a
 * member reads their own entry), and they change it.
 */
export function registerMemberRoutes(routes: RouteRegistry, deps: ApiDeps, people: PeopleServices): void {
  routes.add(
    {
      method: 'get',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/members',
      summary: "List a body's members and their roles (the administrator or the body's lead; a member sees only themself)",
      auth: 'organisation',
      params: OrganisationParams,
      responses: { 200: { description: 'The members, by address', schema: z.object({ members: z.array(MemberView) }) } },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      await requireOrganisationExists(deps, areaId, organisationId);
      const { members } = await people.memberships.members(areaId, organisationId);
      const caller = c.get('caller');
      c.header('Cache-Control', 'private, no-store');
      if (mayManage(caller, { areaId, organisationId })) return c.json({ members: members.map(view) });
      const own = caller.kind === 'person' ? members.find((member) => member.email === caller.email) : undefined;
      if (own) return c.json({ members: [view(own)] });
      authoriseMemberManagement(caller, { areaId, organisationId });
      return c.json({ members: [] });
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/members/{email}',
      summary: "Add a member to a body or change their role (the administrator or the body's lead); a new member is emailed an invitation",
      auth: 'organisation',
      params: MemberParams,
      body: MemberBody,
      responses: {
        200: { description: 'Changed (or already so)', schema: MemberView },
        201: { description: 'Added; an invitation is on its way', schema: MemberView },
      },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      authoriseMemberManagement(c.get('caller'), { areaId, organisationId });
      const organisation = await requireOrganisationExists(deps, areaId, organisationId);
      const email = normaliseEmail(input.params.email);
      const change: MembershipChange = { kind: 'put', email, role: input.body.role, name: input.body.name, at: deps.clock().toISOString() };
      const { outcome, member } = await changeMembers(people, areaId, organisationId, change);
      if (outcome === 'added') {
        await people.memberships.person(email, people.newPersonId, change.at);
        await people.sendEmail(invitation(new URL(c.req.url).origin, organisation.name, member!), `invite-${people.newPersonId()}`);
      }
      deps.logger.info('member changed', { areaId, organisationId, outcome, role: input.body.role });
      c.header('Cache-Control', 'private, no-store');
      return c.json(view(member!), outcome === 'added' ? 201 : 200);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/v1/areas/{areaId}/organisations/{organisationId}/members/{email}',
      summary: "Remove a member (the administrator or the body's lead): their sessions end at once; a body always keeps a lead (409)",
      auth: 'organisation',
      params: MemberParams,
      responses: { 204: { description: 'Removed (or was not a member)' } },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      authoriseMemberManagement(c.get('caller'), { areaId, organisationId });
      const email = normaliseEmail(input.params.email);
      const { outcome } = await changeMembers(people, areaId, organisationId, { kind: 'remove', email });
      // Every session of theirs ends, whichever body it acts for: they sign in again to act for the others.
      const ended = await people.sessions.endAllOf(email);
      deps.logger.info('member removed', { areaId, organisationId, outcome, sessionsEnded: ended });
      return c.body(null, 204);
    },
  );
}

function mayManage(caller: Principal, target: { areaId: string; organisationId: string }): boolean {
  try {
    authoriseMemberManagement(caller, target);
    return true;
  } catch (error) {
    if (error instanceof NotPermittedError || error instanceof NotAuthenticatedError) return false;
    throw error;
  }
}

/** Reads, decides and writes at the revision read; when another change won meanwhile, decides again on what it wrote. */
async function changeMembers(people: PeopleServices, areaId: string, organisationId: string, change: MembershipChange) {
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

const view = ({ email, role, name, addedAt }: Member) => ({ email, role, ...(name ? { name } : {}), addedAt });

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
