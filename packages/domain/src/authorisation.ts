import type { Actor } from '@partnership-hub/events';
import { NotAuthenticatedError, NotPermittedError } from './errors.ts';
import type { Audience } from './views.ts';

/**
 * Who is acting, as far as deciding what they may do is concerned: nobody known (no key), the
 * hub administrator, or one body's API key. The edge works out which from the request (an
 * Authorization header, a signed-in session); the rules below never see how.
 *
 * Not the `Actor` an event records (@partnership-hub/events): that is what a decision writes
 * down, and `recordedActor` derives it from the principal once the decision is allowed.
 *
 * A person signed in with a role in a body (`{ kind: 'person'; personId; areaId; organisationId;
 * role: 'viewer' | 'editor' | 'lead' }`) is meant to become a fourth kind. It is not one yet,
 * because an event cannot record a person (events' `Actor`) and no edge signs people in; when
 * both can, add it here and to `standingOf`, which is the only place the rules ask what a
 * principal is: every rule follows from the standing it returns.
 */
export type Principal = { kind: 'anonymous' } | { kind: 'admin' } | OrganisationKey;

/** One body's API key: it speaks for that body, in that body's area. */
export interface OrganisationKey {
  kind: 'organisation-key';
  areaId: string;
  organisationId: string;
  keyId: string;
}

/** A principal that acts for one body of an area (today only its key). */
export type BodyPrincipal = OrganisationKey;

export const anonymous: Principal = { kind: 'anonymous' };

/**
 * What a principal stands as, for the rules: a member of one body, the administrator, or nobody.
 * (A person's role would add to a member's standing what it may do: a viewer sees, an editor
 * and a lead change content.)
 */
type Standing =
  | { as: 'nobody' }
  | { as: 'administrator' }
  | { as: 'member'; principal: BodyPrincipal; areaId: string; organisationId: string };

function standingOf(principal: Principal): Standing {
  switch (principal.kind) {
    case 'anonymous':
      return { as: 'nobody' };
    case 'admin':
      return { as: 'administrator' };
    case 'organisation-key':
      return { as: 'member', principal, areaId: principal.areaId, organisationId: principal.organisationId };
    default:
      return principal satisfies never;
  }
}

/** Only a body's own key changes its priorities and work programme: not another body's, nor the administrator's. */
export function authoriseContentChange(principal: Principal, target: { areaId: string; organisationId: string }): BodyPrincipal {
  const standing = standingOf(principal);
  const { areaId, organisationId } = target;
  if (standing.as === 'nobody') throw new NotAuthenticatedError(`Changing ${organisationId}'s content needs ${organisationId}'s API key.`);
  if (standing.as !== 'member' || standing.areaId !== areaId || standing.organisationId !== organisationId) {
    throw new NotPermittedError(`This key belongs to ${describe(standing)}; only ${organisationId}'s own key can change its content.`);
  }
  return standing.principal;
}

/** Acting as a member of an area (protocols are shared between the area's bodies): any body of that area, on its own behalf. */
export function authoriseMembership(principal: Principal, areaId: string): BodyPrincipal {
  const standing = standingOf(principal);
  if (standing.as === 'nobody') throw new NotAuthenticatedError(`This needs the API key of an organisation in ${areaId}.`);
  if (standing.as !== 'member' || standing.areaId !== areaId) {
    throw new NotPermittedError(`This key belongs to ${describe(standing)}; it needs the key of an organisation in ${areaId}.`);
  }
  return standing.principal;
}

/** Registering areas and bodies and issuing their keys: the hub administrator only. */
export function authoriseAdministration(principal: Principal): void {
  const standing = standingOf(principal);
  if (standing.as === 'nobody') throw new NotAuthenticatedError("This needs the hub administrator's key.");
  if (standing.as !== 'administrator')
    throw new NotPermittedError('Only the hub administrator can register areas and organisations and issue keys.');
}

/** Members of the area's bodies (and the administrator) see its partners-only content; everyone else sees public content. */
export function audienceFor(principal: Principal, areaId: string): Audience {
  const standing = standingOf(principal);
  if (standing.as === 'administrator') return 'partners';
  if (standing.as === 'member' && standing.areaId === areaId) return 'partners';
  return 'public';
}

/** Who an event records as having made an allowed change. */
export function recordedActor(principal: BodyPrincipal | { kind: 'admin' }): Actor {
  return principal.kind === 'admin' ? { kind: 'admin' } : { kind: 'organisation', organisationId: principal.organisationId };
}

function describe(standing: Standing): string {
  if (standing.as === 'administrator') return 'the hub administrator';
  if (standing.as === 'member') return `${standing.organisationId} in ${standing.areaId}`;
  return 'nobody';
}
