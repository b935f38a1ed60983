/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { Member, MemberRole } from '@partnership-hub/domain';
import type { FC } from 'hono/jsx';
import { BackLink, ErrorSummary, Pagination, TableHead } from './components.tsx';
import { type Choice, Choices, type FormErrors, type FormValues, fieldId, TextInput } from './form-fields.tsx';
import { pageOf, pagesOf } from './paging.ts';
import { CSRF_FIELD } from './session.ts';

/**
 * A body's members, for its lead (and the hub administrator): who they are, what each may do,
 * and the forms that add a member, change a role and remove a member. The list is personal
 * data, so only those who may manage it ever get these pages.
 */

const ROLE_LABELS: Record<MemberRole, string> = { viewer: 'Viewer', editor: 'Editor', lead: 'Lead' };

/** The roles as radios, each with what it lets its holder do. */
function roleChoices(bodyName: string): Choice[] {
  return [
    { value: 'viewer', label: 'Viewer', hint: 'Sees the partners-only information of the area’s bodies.' },
    { value: 'editor', label: 'Editor', hint: `Also publishes, updates and withdraws ${bodyName}’s priorities, plans and work programme.` },
    { value: 'lead', label: 'Lead', hint: `Also agrees protocols for ${bodyName} and manages its members.` },
  ];
}

export const membersPath = (areaId: string, organisationId: string) => `/areas/${areaId}/bodies/${organisationId}/members`;
const memberPath = (areaId: string, organisationId: string, email: string) =>
  `${membersPath(areaId, organisationId)}/${encodeURIComponent(email)}`;

/** How many members a page lists: a body of a thousand on one page is most of a megabyte. */
export const MEMBERS_PER_PAGE = 50;

/** The page a `page` parameter asks for: a page number there is; any other is the first, with an error (see pageOf). */
export function memberPageOf(parameter: string | undefined, count: number): { page: number; pages: number; error?: string } {
  const pages = pagesOf(count, MEMBERS_PER_PAGE);
  return { ...pageOf(parameter, pages, 'members'), pages };
}

const summaryOf = (errors: FormErrors, order: string[]) =>
  order.filter((name) => errors[name]).map((name) => ({ href: `#${fieldId(name)}`, message: errors[name]! }));

interface BodyRef {
  areaId: string;
  id: string;
  name: string;
}

export const MembersPage: FC<{
  body: BodyRef;
  /** Every member, by address; the page shows `page`'s MEMBERS_PER_PAGE of them. */
  members: Member[];
  page: number;
  /** Why the page asked for is not shown (the first is). */
  pageError?: string | undefined;
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
}> = ({ body, members, page, pageError, csrfToken, values, errors }) => {
  const one = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  };
  const first = (page - 1) * MEMBERS_PER_PAGE;
  const shown = members.slice(first, first + MEMBERS_PER_PAGE);
  const pages = pagesOf(members.length, MEMBERS_PER_PAGE);
  const range = (from: number) => `${from} to ${Math.min(from + MEMBERS_PER_PAGE - 1, members.length)}`;
  const href = (number: number) => `${membersPath(body.areaId, body.id)}${number === 1 ? '' : `?page=${number}`}`;
  return (
    <>
      <BackLink href={`/areas/${body.areaId}/bodies/${body.id}`}>Back to {body.name}</BackLink>
      <ErrorSummary
        errors={[
          ...(pageError ? [{ href: pages > 1 ? '#pages' : '#members', message: pageError }] : []),
          ...summaryOf(errors, ['email', 'name', 'role']),
        ]}
      />
      <span class="govuk-caption-xl">{body.name}</span>
      <h1 class="govuk-heading-xl">Members</h1>
      {members.length === 0 ? (
        <p class="govuk-body" id="members">
          {body.name} has no members yet.
        </p>
      ) : (
        <table class="govuk-table" id="members">
          <caption class="govuk-table__caption govuk-table__caption--m">
            The people of {body.name} on this hub{pages > 1 ? ` (${members.length}, by email address: ${range(first + 1)})` : ''}
          </caption>
          <TableHead columns={['Name', 'Email address', 'Role', <span class="govuk-visually-hidden">Actions</span>]} />
          <tbody class="govuk-table__body">
            {shown.map((member) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{member.name ?? 'Not given'}</td>
                <td class="govuk-table__cell">{member.email}</td>
                <td class="govuk-table__cell">{ROLE_LABELS[member.role]}</td>
                <td class="govuk-table__cell">
                  <ul class="govuk-summary-list__actions-list">
                    <li class="govuk-summary-list__actions-list-item">
                      <a class="govuk-link" href={`${memberPath(body.areaId, body.id, member.email)}/role`}>
                        Change role<span class="govuk-visually-hidden"> of {member.name ?? member.email}</span>
                      </a>
                    </li>
                    <li class="govuk-summary-list__actions-list-item">
                      <a class="govuk-link" href={`${memberPath(body.areaId, body.id, member.email)}/remove`}>
                        Remove<span class="govuk-visually-hidden"> {member.name ?? member.email}</span>
                      </a>
                    </li>
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <Pagination
          id="pages"
          label="Pages of members"
          current={page}
          pages={Array.from({ length: pages }, (_, index) => ({
            number: index + 1,
            href: href(index + 1),
            label: `Page ${index + 1}: members ${range(index * MEMBERS_PER_PAGE + 1)}`,
          }))}
        />
      ) : null}
      <h2 class="govuk-heading-l">Add a member</h2>
      <p class="govuk-body">They will get an email saying they have been added, and how to sign in.</p>
      <form method="post" action={membersPath(body.areaId, body.id)} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
        <TextInput name="email" label="Email address" type="email" autocomplete="off" value={one('email')} error={errors.email} />
        <TextInput
          name="name"
          label="Name (optional)"
          hint="How partners of the area will see them named in the history of changes"
          value={one('name')}
          error={errors.name}
        />
        <Choices name="role" label="Role" type="radio" choices={roleChoices(body.name)} chosen={[one('role')]} error={errors.role} />
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Add member
        </button>
      </form>
    </>
  );
};

export const ChangeRolePage: FC<{ body: BodyRef; member: Member; csrfToken: string; chosen: string; errors: FormErrors }> = ({
  body,
  member,
  csrfToken,
  chosen,
  errors,
}) => (
  <>
    <BackLink href={membersPath(body.areaId, body.id)}>Back to the members of {body.name}</BackLink>
    <ErrorSummary errors={summaryOf(errors, ['role'])} />
    <span class="govuk-caption-xl">{body.name}</span>
    <h1 class="govuk-heading-xl">Change the role of {member.name ?? member.email}</h1>
    <form method="post" action={`${memberPath(body.areaId, body.id, member.email)}/role`} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      <Choices name="role" label="Role" type="radio" choices={roleChoices(body.name)} chosen={[chosen]} error={errors.role} />
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Save role
        </button>
        <a class="govuk-link" href={membersPath(body.areaId, body.id)}>
          Cancel
        </a>
      </div>
    </form>
  </>
);

/** Removing is not undone by a button: GOV.UK's confirmation page first. */
export const RemoveMemberPage: FC<{ body: BodyRef; member: Member; csrfToken: string; error?: string | undefined }> = ({
  body,
  member,
  csrfToken,
  error,
}) => (
  <>
    <BackLink href={membersPath(body.areaId, body.id)}>Back to the members of {body.name}</BackLink>
    <ErrorSummary errors={error ? [{ href: '#remove', message: error }] : []} />
    <h1 class="govuk-heading-xl">
      Are you sure you want to remove {member.name ?? member.email} from {body.name}?
    </h1>
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        They will be signed out at once, everywhere, and can no longer act for {body.name}.
      </strong>
    </div>
    <form method="post" action={`${memberPath(body.areaId, body.id, member.email)}/remove`} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      <div class="govuk-button-group">
        <button id="remove" type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
          Remove member
        </button>
        <a class="govuk-link" href={membersPath(body.areaId, body.id)}>
          Cancel
        </a>
      </div>
    </form>
  </>
);
