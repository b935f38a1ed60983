import { authoriseMemberManagement, NotAuthenticatedError, NotPermittedError, type Principal } from '@partnership-hub/domain';

/**
 * Whether the principal may read and change a body's members (its lead or the administrator),
 * as the domain's rule says: apart from member-writes.ts so that the body page, which only
 * shows a link, does not carry the write steps.
 */
export function mayManageMembers(principal: Principal, body: { areaId: string; organisationId: string }): boolean {
  try {
    authoriseMemberManagement(principal, body);
    return true;
  } catch (error) {
    if (error instanceof NotPermittedError || error instanceof NotAuthenticatedError) return false;
    throw error;
  }
}
