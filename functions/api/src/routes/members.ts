import { authoriseMemberManagement, MEMBER_ROLES, type Member } from '@partnership-hub/domain';
import { inputText } from '@partnership-hub/events';
import * as z from 'zod';
import type { ApiDeps, PeopleServices } from '../deps.ts';
import { mayManageMembers } from '../member-rights.ts';
import { putMember, removeMember } from '../member-writes.ts';
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
  // Checked as any text the hub shows is (inputText): no control or bidirectional formatting characters.
  name: inputText(200).optional().meta({ description: 'How partners of the area see them named in history' }),
});
const MemberView = z.object({ email: z.string(), role: Role, name: z.string().optional(), addedAt: z.string() });

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
      if (mayManageMembers(caller, { areaId, organisationId })) return c.json({ members: members.map(view) });
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
      const { outcome, member } = await putMember(
        deps,
        people,
        c.get('caller'),
        { areaId, organisationId },
        { email: input.params.email, role: input.body.role, name: input.body.name },
        new URL(c.req.url).origin,
      );
      c.header('Cache-Control', 'private, no-store');
      return c.json(view(member), outcome === 'added' ? 201 : 200);
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
      await removeMember(deps, people, c.get('caller'), { areaId, organisationId }, input.params.email);
      return c.body(null, 204);
    },
  );
}

const view = ({ email, role, name, addedAt }: Member) => ({ email, role, ...(name ? { name } : {}), addedAt });
