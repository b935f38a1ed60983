import type { Actor } from '@partnership-hub/events';
import { NotAuthenticatedError, NotPermittedError } from './errors.ts';
import type { Audience } from './views.ts';

/**
 * Who is acting, as far as deciding what they may do is concerned: nobody known, the hub
 * administrator, one body's API key, or a person signed in with a role in one body. The edge
 * works out which from the request (an Authorization header, a signed-in session); the rules
 * below never see how.
 *
 * Not the `Actor` an event records (@partnership-hub/events): that is what a decision writes
 * down, and `recordedActor` derives it from the principal once the decision is allowed.
 */
export type Principal = { kind: 'anonymous' } | { kind: 'admin' } | OrganisationKey | PersonPrincipal | ConnectorPrincipal;

/** What a person may do for their body: see (viewer), also change its content (editor), also agree for it and manage it (lead). */
export type MemberRole = 'viewer' | 'editor' | 'lead';
export const MEMBER_ROLES: readonly MemberRole[] = ['viewer', 'editor', 'lead'];

/** What an API key may do: read partners-only content, or also write its body's content. */
export type KeyScope = 'read' | 'write';

/** One body's API key: it speaks for that body, in that body's area. */
export interface OrganisationKey {
  kind: 'organisation-key';
  areaId: string;
  organisationId: string;
  keyId: string;
  /** What its holder called it ("ModernGov sync"); keys issued before labels have none. */
  label?: string | undefined;
  /** Absent on keys issued before scopes: those were all `write` keys. */
  scope?: KeyScope | undefined;
}

/** A person signed in, acting for one body of an area (the one they chose, if they belong to several). */
export interface PersonPrincipal {
  kind: 'person';
  /** Stable: the same person keeps it whatever their name, address or bodies. */
  personId: string;
  name: string;
  /** Their address (lower-cased), so they can be shown their own membership; never recorded in events. */
  email?: string | undefined;
  areaId: string;
  organisationId: string;
  role: MemberRole;
}

/**
 * A connector of the hub's own (a council's ModernGov, read on a schedule) acting as the system:
 * it may change the content of the bodies its mapping names, in its area, and nothing else. Its
 * events record the system job by the connector's name ("ModernGov connector sy-moderngov").
 */
export interface ConnectorPrincipal {
  kind: 'connector';
  areaId: string;
  connectorId: string;
  /** The job its events record: "ModernGov connector <id>". */
  name: string;
  /** The bodies its committees are mapped onto: the only ones it may write. */
  organisationIds: readonly string[];
}

/** A principal that acts for one body of an area. */
export type BodyPrincipal = OrganisationKey | PersonPrincipal;

export const anonymous: Principal = { kind: 'anonymous' };

/**
 * How far a member may go, in order: each level may do everything the levels before it may.
 * A read key is a viewer; a write key an editor who may also agree protocols for its body
 * (systems such as a committee system record agreements); keys never manage members.
 */
type Level = 'see' | 'change' | 'agree' | 'manage';
const LEVELS: readonly Level[] = ['see', 'change', 'agree', 'manage'];

/** What a principal stands as, for the rules: a member of one body (up to a level), the administrator, or nobody. */
type Standing =
  | { as: 'nobody' }
  | { as: 'administrator' }
  | { as: 'connector'; principal: ConnectorPrincipal }
  | { as: 'member'; principal: BodyPrincipal; areaId: string; organisationId: string; level: Level };

function levelOf(principal: BodyPrincipal): Level {
  if (principal.kind === 'organisation-key') return principal.scope === 'read' ? 'see' : 'agree';
  switch (principal.role) {
    case 'viewer':
      return 'see';
    case 'editor':
      return 'change';
    case 'lead':
      return 'manage';
    default:
      return principal.role satisfies never;
  }
}

function standingOf(principal: Principal): Standing {
  switch (principal.kind) {
    case 'anonymous':
      return { as: 'nobody' };
    case 'admin':
      return { as: 'administrator' };
    case 'connector':
      return { as: 'connector', principal };
    case 'organisation-key':
    case 'person':
      return { as: 'member', principal, areaId: principal.areaId, organisationId: principal.organisationId, level: levelOf(principal) };
    default:
      return principal satisfies never;
  }
}

const reaches = (standing: { level: Level }, needed: Level) => LEVELS.indexOf(standing.level) >= LEVELS.indexOf(needed);

const NEEDS: Record<Level, string> = {
  see: 'a viewer',
  change: 'an editor (or a write key)',
  agree: 'a lead (or a write key)',
  manage: 'a lead',
};

/**
 * Only a body's own editors, leads and write keys change its priorities and work programme: not
 * another body's, nor the administrator. A connector changes only the bodies its mapping names.
 */
export function authoriseContentChange(
  principal: Principal,
  target: { areaId: string; organisationId: string },
): BodyPrincipal | ConnectorPrincipal {
  const standing = standingOf(principal);
  const { areaId, organisationId } = target;
  if (standing.as === 'connector') {
    const { principal: connector } = standing;
    if (connector.areaId === areaId && connector.organisationIds.includes(organisationId)) return connector;
    throw new NotPermittedError(`${belongs(standing)}, which is not mapped onto ${organisationId}; it cannot change its content.`);
  }
  if (standing.as === 'nobody')
    throw new NotAuthenticatedError(
      `Changing ${organisationId}'s content needs ${organisationId}'s API key. People sign in as one of its editors.`,
    );
  if (standing.as !== 'member' || standing.areaId !== areaId || standing.organisationId !== organisationId) {
    throw new NotPermittedError(`${belongs(standing)}; only ${organisationId}'s own key can change its content.`);
  }
  if (!reaches(standing, 'change'))
    throw new NotPermittedError(`Changing ${organisationId}'s content needs ${NEEDS.change} of ${organisationId}.`);
  return standing.principal;
}

/**
 * Acting as a member of an area on its own behalf, to change what the area's bodies share
 * (drafting a protocol, proposing a new version): an editor, lead or write key of any body of that area.
 */
export function authoriseMembership(principal: Principal, areaId: string): BodyPrincipal {
  const standing = areaMember(principal, areaId);
  if (!reaches(standing, 'change'))
    throw new NotPermittedError(`This needs ${NEEDS.change} of an organisation in ${areaId}; ${describe(standing)} may only read.`);
  return standing.principal;
}

/** Recording a body's agreement to a protocol: a lead of a body of the area, or a write key. */
export function authoriseAgreement(principal: Principal, areaId: string): BodyPrincipal {
  const standing = areaMember(principal, areaId);
  if (!reaches(standing, 'agree'))
    throw new NotPermittedError(`Agreeing a protocol for ${standing.organisationId} needs ${NEEDS.agree} of ${standing.organisationId}.`);
  return standing.principal;
}

/** Reading the area's partners-only content on one's own behalf (e.g. subscribing to it): any member of a body of the area. */
export function authorisePartnersReading(principal: Principal, areaId: string): BodyPrincipal {
  return areaMember(principal, areaId).principal;
}

function areaMember(principal: Principal, areaId: string): Extract<Standing, { as: 'member' }> {
  const standing = standingOf(principal);
  if (standing.as === 'nobody') throw new NotAuthenticatedError(`This needs the API key of an organisation in ${areaId}.`);
  if (standing.as !== 'member' || standing.areaId !== areaId) {
    throw new NotPermittedError(`${belongs(standing)}; it needs the key of an organisation in ${areaId}.`);
  }
  return standing;
}

/** Managing a body's members (and, later, its keys): the hub administrator or a lead of that body. */
export function authoriseMemberManagement(principal: Principal, target: { areaId: string; organisationId: string }): void {
  const standing = standingOf(principal);
  if (standing.as === 'nobody')
    throw new NotAuthenticatedError(`Managing ${target.organisationId}'s members needs its lead or the hub administrator.`);
  if (standing.as === 'administrator') return;
  if (
    standing.as !== 'member' ||
    standing.areaId !== target.areaId ||
    standing.organisationId !== target.organisationId ||
    standing.principal.kind !== 'person' ||
    !reaches(standing, 'manage')
  )
    throw new NotPermittedError(`Only a lead of ${target.organisationId} or the hub administrator manages its members.`);
}

/**
 * Seeing a connector's page (its mapping, schedule and runs, errors included) and starting a run
 * from it: the administrator, or an editor, lead or write key of a body the connector is mapped
 * onto (the people whose meetings it keeps). Anyone else, the public included, is refused.
 */
export function authoriseConnectorOperation(principal: Principal, target: { areaId: string; organisationIds: readonly string[] }): void {
  const standing = standingOf(principal);
  if (standing.as === 'administrator') return;
  if (standing.as === 'nobody') throw new NotAuthenticatedError(`This needs an editor of a body the connector is mapped onto.`);
  if (
    standing.as !== 'member' ||
    standing.areaId !== target.areaId ||
    !target.organisationIds.includes(standing.organisationId) ||
    !reaches(standing, 'change')
  )
    throw new NotPermittedError(
      'Only the hub administrator and the editors and leads of the bodies a connector is mapped onto see it and run it.',
    );
}

/** Registering areas and bodies and issuing their keys: the hub administrator only. */
export function authoriseAdministration(principal: Principal): void {
  const standing = standingOf(principal);
  if (standing.as === 'nobody') throw new NotAuthenticatedError("This needs the hub administrator's key.");
  if (standing.as !== 'administrator')
    throw new NotPermittedError('Only the hub administrator can register areas and organisations and issue keys.');
}

/** Members of the area's bodies (any role, any key scope) and the administrator see its partners-only content; everyone else sees public content. */
export function audienceFor(principal: Principal, areaId: string): Audience {
  const standing = standingOf(principal);
  if (standing.as === 'administrator') return 'partners';
  if (standing.as === 'member' && standing.areaId === areaId) return 'partners';
  return 'public';
}

/**
 * Who an event records as having made an allowed change: the person (id, name, body, role) or
 * the key (id, label, body), or the administrator. Public outputs never show a person's name:
 * see `describeActor`.
 */
export function recordedActor(principal: BodyPrincipal | ConnectorPrincipal | { kind: 'admin' }): Actor {
  switch (principal.kind) {
    case 'admin':
      return { kind: 'admin' };
    case 'connector':
      return { kind: 'system', job: principal.name };
    case 'organisation-key':
      return {
        kind: 'key',
        organisationId: principal.organisationId,
        keyId: principal.keyId,
        ...(principal.label ? { label: principal.label } : {}),
      };
    case 'person':
      return {
        kind: 'person',
        personId: principal.personId,
        name: principal.name,
        organisationId: principal.organisationId,
        role: principal.role,
      };
    default:
      return principal satisfies never;
  }
}

/** The article and name of a role, in words: "an editor", "a lead", "a viewer". */
export function roleInWords(role: MemberRole): string {
  return role === 'editor' ? 'an editor' : `a ${role}`;
}

/**
 * Who made a change, in words, for an audience. Partners of the area see the person's name and
 * body, or the key's label; the public sees only the body and the role, never a person's name
 * (nor a key's label, which its holder may have named after a person).
 */
export function describeActor(actor: Actor, audience: Audience, nameOf: (organisationId: string) => string): string {
  switch (actor.kind) {
    case 'admin':
      return 'the hub administrator';
    case 'system':
      return `the ${actor.job}`;
    case 'person':
      return audience === 'partners'
        ? `${actor.name} (${nameOf(actor.organisationId)})`
        : `${roleInWords(actor.role)} of ${nameOf(actor.organisationId)}`;
    case 'key':
      return audience === 'partners' && actor.label
        ? `the key '${actor.label}' (${nameOf(actor.organisationId)})`
        : nameOf(actor.organisationId);
    default:
      return actor satisfies never;
  }
}

/** "This key belongs to ..." for keys and the administrator's key; "You act for ..." for a person. */
function belongs(standing: Standing): string {
  if (standing.as === 'member' && standing.principal.kind === 'person') return `You act for ${describe(standing)}`;
  return `This key belongs to ${describe(standing)}`;
}

function describe(standing: Standing): string {
  if (standing.as === 'administrator') return 'the hub administrator';
  if (standing.as === 'connector') return `the ${standing.principal.name} of ${standing.principal.areaId}`;
  if (standing.as === 'member') return `${standing.organisationId} in ${standing.areaId}`;
  return 'nobody';
}

/**
 * A body writes in its own name only. Each field of a write that names the body acting (a request's
 * `from`, a protocol's `proposedBy`, an `organisationId` sent to an address that names no body) may
 * be left out or name the caller's body; one naming another body is refused (403), never read as
 * if it named the caller's. `act` says what the body does, in words: `raises requests`.
 */
export function requireOwnName(sent: Record<string, unknown>, caller: string, act: string): void {
  for (const [field, value] of Object.entries(sent))
    if (value !== undefined && value !== caller)
      throw new NotPermittedError(
        `"${field}" is ${JSON.stringify(value)}, but this key is ${caller}'s: a body ${act} only in its own name. Send "${field}": "${caller}", or leave it out.`,
      );
}
