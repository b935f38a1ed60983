import { authoriseAgreement, authoriseMembership, NotAuthenticatedError, NotPermittedError, type Principal } from '@partnership-hub/domain';

/**
 * The party to a protocol the principal acts for, when the domain's rule lets it do this to the
 * protocol: propose a new version (authoriseMembership: an editor, lead or write key) or record
 * its agreement (authoriseAgreement: a lead or write key). Undefined otherwise: the protocol page
 * offers neither the link nor the button, and the forms refuse.
 */
export function partyActingFor(
  principal: Principal,
  areaId: string,
  parties: readonly string[],
  action: 'propose' | 'agree',
): string | undefined {
  try {
    const { organisationId } = action === 'agree' ? authoriseAgreement(principal, areaId) : authoriseMembership(principal, areaId);
    return parties.includes(organisationId) ? organisationId : undefined;
  } catch (error) {
    if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError) return undefined;
    throw error;
  }
}
