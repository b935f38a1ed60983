import { authoriseMemberManagement, MEMBER_ROLES, type Member } from '@partnership-hub/domain';
import { inputText, once } from '@partnership-hub/events';
import * as z from 'zod/mini';
import type { ApiDeps, PeopleServices } from '../deps.ts';
import { mayManageMembers } from '../member-rights.ts';
import { putMember, removeMember } from '../member-writes.ts';
import { validationProblem } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { cursorQuery, OrganisationParams } from '../schemas.ts';
import { requireOrganisationExists } from './directory.ts';

const Role = /* @__PURE__ */ once(() => z.enum(MEMBER_ROLES as ['viewer', 'editor', 'lead']));
const MemberParams = /* @__PURE__ */ once(() => z.extend(OrganisationParams(), { email: z.email().check(z.maxLength(254)) }));
const MemberBody = /* @__PURE__ */ once(() =>
  z.strictObject({
    // A copy that carries the description: MemberView answers with Role itself.
    role: Role().clone().register(z.globalRegistry, {
      description:
        "`viewer` sees the area's partners-only content; `editor` also changes the body's content; `lead` also agrees protocols and manages members",
    }),
    // Checked as any text the hub shows is (inputText): no control or bidirectional formatting characters.
    name: z.optional(inputText(200)).register(z.globalRegistry, { description: 'How partners of the area see them named in history' }),
  }),
);
const MemberView = /* @__PURE__ */ once(() =>
  z.object({ email: z.string(), role: Role(), name: z.optional(z.string()), addedAt: z.string() }),
);

/** The list pages as the change feed does: `limit` at a time, from the `cursor` of the previous answer passed as `after`. */
const MembersQuery = /* @__PURE__ */ once(() => cursorQuery('member', 'members'));
const MembersPage = /* @__PURE__ */ once(() =>
  z.object({
    members: z.array(MemberView()),
    cursor: z
      .optional(z.string())
      .register(z.globalRegistry, { description: 'Only when more members follow: pass as `after` for the next page' }),
  }),
);

/** Cursors are opaque to clients, as the change feed's are: base64url of "v1:{the last address listed}". */
const encodeCursor = (email: string) => Buffer.from(`v1:${email}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string | undefined {
  const email = /^v1:(.+)$/s.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1];
  return email !== undefined && encodeCursor(email) === cursor ? email : undefined;
}

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
      description:
        'By address, `limit` at a time (default 100): while the answer has a `cursor`, more members follow; pass it as `after` for the next page.',
      auth: 'organisation',
      params: OrganisationParams,
      query: MembersQuery,
      responses: { 200: { description: 'A page of the members, by address', schema: MembersPage } },
    },
    async (c, input) => {
      const { areaId, organisationId } = input.params;
      const after = input.query.after === undefined ? undefined : decodeCursor(input.query.after);
      if (input.query.after !== undefined && after === undefined)
        throw validationProblem([
          {
            in: 'query',
            pointer: '#/after',
            field: 'after',
            detail: 'is not a cursor this hub gave: pass the `cursor` of a previous answer, or leave it out',
          },
        ]);
      await requireOrganisationExists(deps, areaId, organisationId);
      const { members } = await people.memberships.members(areaId, organisationId);
      const caller = c.get('caller');
      c.header('Cache-Control', 'private, no-store');
      let listed = members;
      if (!mayManageMembers(caller, { areaId, organisationId })) {
        const own = caller.kind === 'person' ? members.find((member) => member.email === caller.email) : undefined;
        if (!own) authoriseMemberManagement(caller, { areaId, organisationId });
        listed = own ? [own] : [];
      }
      // After the cursor's address in the list's own order: a member added or removed meanwhile moves no other across pages.
      const rest = after === undefined ? listed : listed.filter((member) => member.email.localeCompare(after) > 0);
      const page = rest.slice(0, input.query.limit);
      return c.json({
        members: page.map(view),
        ...(rest.length > page.length ? { cursor: encodeCursor(page.at(-1)!.email) } : {}),
      });
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
