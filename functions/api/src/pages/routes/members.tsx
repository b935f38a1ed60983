/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { InvalidChangeError, MEMBER_ROLES, type Member, normaliseEmail } from '@partnership-hub/domain';
import { once, textProblem } from '@partnership-hub/events';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { PeopleServices } from '../../deps.ts';
import { mayManageMembers } from '../../member-rights.ts';
import { putMember, removeMember } from '../../member-writes.ts';
import type { Organisation } from '../area-data.ts';
import { NotAllowedPage, SummaryList } from '../components.tsx';
import type { FormErrors, FormValues } from '../form-fields.tsx';
import { emailAddressField } from '../form-schemas.ts';
import { type AreaEnv, NOTICE_COOKIE, type Notice, type PageKit, type SessionEnd, SignedOutNotice } from '../kit.tsx';
import { ChangeRolePage, MembersPage, memberPageOf, membersPath, RemoveMemberPage } from '../member-pages.tsx';
import { CSRF_FIELD, csrfToken, csrfTokenMatches } from '../session.ts';

const ROLE = /* @__PURE__ */ once(() => z.enum(MEMBER_ROLES as ['viewer', 'editor', 'lead'], { error: 'Select a role' }));

/** The add form, with the API's limits (routes/members.ts) and GOV.UK's error wording. */
const AddForm = /* @__PURE__ */ once(() =>
  z.object({
    email: emailAddressField(),
    name: z.pipe(
      z.optional(
        z.string().check(
          z.trim(),
          z.maxLength(200, 'Name must be 200 characters or fewer'),
          // The same characters refused as in any text the hub shows (inputText).
          (context) => {
            const problem = textProblem(context.value, 'single-line');
            if (problem) context.issues.push({ code: 'custom', message: `Name ${problem}`, input: context.value });
          },
        ),
      ),
      z.transform((name) => name || undefined),
    ),
    role: ROLE(),
  }),
);

const errorsOf = (issues: readonly z.core.$ZodIssue[]): FormErrors => {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'email');
    errors[field] ??= issue.message;
  }
  return errors;
};

const textOf = (form: Record<string, unknown>): FormValues => {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(form)) if (name !== CSRF_FIELD && typeof value === 'string') values[name] = value;
  return values;
};

const noticeCookie = { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 } as const;

/**
 * A body's members page, for its lead and the hub administrator: through the API's own steps
 * (member-writes.ts), so the same rules hold (a body keeps its last lead; a removal ends the
 * person's sessions). Everyone else gets a 403 page and never the list, which is personal data.
 * Mounted at /areas/:areaId/bodies with the publishing forms (it writes).
 */
export function memberPages(kit: PageKit) {
  const { deps, secret } = kit;

  const layout = (c: Context<AreaEnv>, title: string) => ({
    title,
    viewer: c.var.page.viewer,
    area: { id: c.var.area.areaId, name: c.var.area.areaName },
  });
  const bodyRef = (c: Context<AreaEnv>, organisation: Organisation) => ({
    areaId: c.var.area.areaId,
    id: organisation.id,
    name: organisation.state.name,
  });
  const notAllowed = (c: Context<AreaEnv>, organisation: Organisation) =>
    kit.render(
      c,
      403,
      layout(c, 'You cannot do this'),
      <NotAllowedPage message={`Only a lead of ${organisation.state.name} or the hub administrator can see and change its members.`} />,
    );

  /**
   * A form sent by a lead whose session ended since it was shown: nothing is changed, and they are
   * told why, with what they typed to copy. Not the form itself: with it comes the list of members,
   * which is personal data, and nobody is signed in now.
   */
  const signedOutPage = (c: Context<AreaEnv>, organisation: Organisation, ended: SessionEnd, form: Record<string, unknown>) => {
    const typed = textOf(form);
    const rows = [
      { key: 'Email address', value: typed.email },
      { key: 'Name', value: typed.name },
      { key: 'Role', value: typed.role },
    ].filter((row) => typeof row.value === 'string' && row.value.trim() !== '');
    return kit.render(
      c,
      403,
      layout(c, `Members of ${organisation.state.name}`),
      <>
        <SignedOutNotice ended={ended} returnTo={c.req.path} />
        <span class="govuk-caption-xl">{organisation.state.name}</span>
        <h1 class="govuk-heading-xl">Members</h1>
        {rows.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">What you entered</h2>
            <SummaryList rows={rows} />
          </>
        ) : null}
      </>,
    );
  };

  /**
   * The body, the people's stores and the right to manage its members, or the page that says why
   * not: signed-out people are sent to sign in first (on a GET); a POST checks the CSRF token before
   * anything else, unless its sender's session has ended since (then nothing could be done anyway).
   */
  const admit = async (
    c: Context<AreaEnv>,
    form?: Record<string, unknown>,
  ): Promise<Response | { organisation: Organisation; people: PeopleServices }> => {
    const organisation = c.var.area.organisations.find((candidate) => candidate.id === c.req.param('organisationId'));
    const { people } = deps;
    if (!organisation || !people) return kit.notFound(c);
    const { principal, signedOut } = c.var.page;
    const mayManage = mayManageMembers(principal, { areaId: c.var.area.areaId, organisationId: organisation.id });
    if (form && secret && signedOut && !mayManage) return signedOutPage(c, organisation, signedOut, form);
    if (form && (!secret || !(await csrfTokenMatches(c, secret, form[CSRF_FIELD]))))
      return kit.render(
        c,
        403,
        layout(c, 'You cannot do this'),
        <NotAllowedPage message="The form had expired or did not come from this hub. Go back, reload the page and try again." />,
      );
    if (mayManage) return { organisation, people };
    if (!form && principal.kind === 'anonymous' && secret) return c.redirect(`/sign-in?return=${encodeURIComponent(c.req.path)}`, 303);
    return notAllowed(c, organisation);
  };

  const membersOf = async (c: Context<AreaEnv>, people: PeopleServices, organisation: Organisation) =>
    (await people.memberships.members(c.var.area.areaId, organisation.id)).members;

  /** The list, a page at a time (`page`; one not there is a 400 over the first, and a form sent back with its errors is on the first). */
  const listPage = async (
    c: Context<AreaEnv>,
    status: 200 | 400 | 409,
    people: PeopleServices,
    organisation: Organisation,
    values: FormValues,
    errors: FormErrors,
  ) => {
    const members = await membersOf(c, people, organisation);
    const { page, pages, error } = memberPageOf(status === 200 ? c.req.query('page') : undefined, members.length);
    return kit.render(
      c,
      error ? 400 : status,
      layout(
        c,
        `${error || Object.keys(errors).length > 0 ? 'Error: ' : ''}Members of ${organisation.state.name}${pages > 1 ? ` (page ${page} of ${pages})` : ''}`,
      ),
      <MembersPage
        body={bodyRef(c, organisation)}
        members={members}
        page={page}
        pageError={error}
        csrfToken={await csrfToken(c, secret!)}
        values={values}
        errors={errors}
      />,
    );
  };

  const memberOf = async (c: Context<AreaEnv>, people: PeopleServices, organisation: Organisation): Promise<Member | undefined> => {
    const email = normaliseEmail(c.req.param('email') ?? '');
    return (await membersOf(c, people, organisation)).find((member) => member.email === email);
  };
  const notAMember = (c: Context<AreaEnv>, organisation: Organisation) =>
    kit.notFound(c, `${c.req.param('email')} is not a member of ${organisation.state.name}.`);

  /** A member's role form: as they are (200), or sent again with what was chosen and why it was refused. */
  const rolePage = async (
    c: Context<AreaEnv>,
    status: 200 | 400 | 409,
    organisation: Organisation,
    member: Member,
    chosen: string,
    error?: string,
  ) =>
    kit.render(
      c,
      status,
      layout(c, `${error ? 'Error: ' : ''}Change the role of ${member.name ?? member.email}`),
      <ChangeRolePage
        body={bodyRef(c, organisation)}
        member={member}
        csrfToken={await csrfToken(c, secret!)}
        chosen={chosen}
        errors={error ? { role: error } : {}}
      />,
    );

  /** The confirmation to remove a member, or (409) why the removal was refused. */
  const removePage = async (c: Context<AreaEnv>, status: 200 | 409, organisation: Organisation, member: Member, error?: string) =>
    kit.render(
      c,
      status,
      layout(c, `${error ? 'Error: ' : ''}Remove ${member.name ?? member.email}`),
      <RemoveMemberPage body={bodyRef(c, organisation)} member={member} csrfToken={await csrfToken(c, secret!)} error={error} />,
    );

  const done = (c: Context<AreaEnv>, organisation: Organisation, notice: Notice) => {
    setCookie(c, NOTICE_COOKIE, notice, noticeCookie);
    return c.redirect(membersPath(c.var.area.areaId, organisation.id), 303);
  };

  return kit
    .family<AreaEnv>()
    .get('/:organisationId/members', kit.viewer, kit.areaContent, async (c) => {
      const admitted = await admit(c);
      if (admitted instanceof Response) return admitted;
      return listPage(c, 200, admitted.people, admitted.organisation, {}, {});
    })
    .post('/:organisationId/members', kit.viewer, kit.areaContent, async (c) => {
      const form = await c.req.parseBody();
      const admitted = await admit(c, form);
      if (admitted instanceof Response) return admitted;
      const { people, organisation } = admitted;
      const values = textOf(form);
      const parsed = AddForm().safeParse(values);
      if (!parsed.success) return listPage(c, 400, people, organisation, values, errorsOf(parsed.error.issues));
      try {
        const { outcome } = await putMember(
          deps,
          people,
          c.var.page.principal,
          { areaId: c.var.area.areaId, organisationId: organisation.id },
          parsed.data,
          new URL(c.req.url).origin,
        );
        return done(c, organisation, outcome === 'added' ? 'member-added' : outcome === 'changed' ? 'member-changed' : 'unchanged');
      } catch (error) {
        if (error instanceof InvalidChangeError)
          return listPage(c, 409, people, organisation, values, { role: lastLeadWords(parsed.data.email, organisation) });
        throw error;
      }
    })
    .get('/:organisationId/members/:email/role', kit.viewer, kit.areaContent, async (c) => {
      const admitted = await admit(c);
      if (admitted instanceof Response) return admitted;
      const { people, organisation } = admitted;
      const member = await memberOf(c, people, organisation);
      if (!member) return notAMember(c, organisation);
      return rolePage(c, 200, organisation, member, member.role);
    })
    .post('/:organisationId/members/:email/role', kit.viewer, kit.areaContent, async (c) => {
      const form = await c.req.parseBody();
      const admitted = await admit(c, form);
      if (admitted instanceof Response) return admitted;
      const { people, organisation } = admitted;
      const member = await memberOf(c, people, organisation);
      if (!member) return notAMember(c, organisation);
      const role = ROLE().safeParse(form.role);
      const again = (status: 400 | 409, message: string) =>
        rolePage(c, status, organisation, member, typeof form.role === 'string' ? form.role : '', message);
      if (!role.success) return again(400, 'Select a role');
      try {
        const { outcome } = await putMember(
          deps,
          people,
          c.var.page.principal,
          { areaId: c.var.area.areaId, organisationId: organisation.id },
          { email: member.email, role: role.data, name: member.name },
          new URL(c.req.url).origin,
        );
        return done(c, organisation, outcome === 'changed' ? 'member-changed' : 'unchanged');
      } catch (error) {
        if (error instanceof InvalidChangeError) return again(409, lastLeadWords(member.name ?? member.email, organisation));
        throw error;
      }
    })
    .get('/:organisationId/members/:email/remove', kit.viewer, kit.areaContent, async (c) => {
      const admitted = await admit(c);
      if (admitted instanceof Response) return admitted;
      const { people, organisation } = admitted;
      const member = await memberOf(c, people, organisation);
      if (!member) return notAMember(c, organisation);
      return removePage(c, 200, organisation, member);
    })
    .post('/:organisationId/members/:email/remove', kit.viewer, kit.areaContent, async (c) => {
      const form = await c.req.parseBody();
      const admitted = await admit(c, form);
      if (admitted instanceof Response) return admitted;
      const { people, organisation } = admitted;
      const member = await memberOf(c, people, organisation);
      // Removed meanwhile (or never there): the outcome is the one asked for.
      if (!member) return done(c, organisation, 'member-removed');
      try {
        await removeMember(
          deps,
          people,
          c.var.page.principal,
          { areaId: c.var.area.areaId, organisationId: organisation.id },
          member.email,
        );
      } catch (error) {
        if (!(error instanceof InvalidChangeError)) throw error;
        return removePage(c, 409, organisation, member, lastLeadWords(member.name ?? member.email, organisation));
      }
      return done(c, organisation, 'member-removed');
    });
}

/** The rule's refusal (decideMembershipChange), in the page's words. */
const lastLeadWords = (who: string, organisation: Organisation) =>
  `${who} is the last lead of ${organisation.state.name}. Make someone else a lead first.`;
