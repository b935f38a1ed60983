import { owningOrganisation, type SubjectType } from '@partnership-hub/events';

export interface SubjectRef {
  areaId: string;
  subjectType: SubjectType;
  /** Set for content owned by one organisation (priorities, work programme items, the organisation itself). */
  organisationId: string | null;
  id: string;
}

/** Protocols and areas belong to the area (their event types' scope); everything else is scoped by its organisation. */
export function subjectRef(detail: {
  areaId: string;
  organisationId: string | null;
  subject: { type: SubjectType; id: string };
}): SubjectRef {
  return {
    areaId: detail.areaId,
    subjectType: detail.subject.type,
    organisationId: owningOrganisation(detail),
    id: detail.subject.id,
  };
}

/** Every event log item's partition key begins with this (the stream relay's filter on AWS matches it). */
export const LOG_PK_PREFIX = 'LOG#';
export const logPk = (ref: SubjectRef) => `${logAreaPrefix(ref.areaId)}${ref.subjectType}#${ref.organisationId ?? '-'}#${ref.id}`;
/** What every stream key of an area begins with. It ends with `#`, so area `south` never takes in `south-yorkshire`'s streams. */
export const logAreaPrefix = (areaId: string) => `${LOG_PK_PREFIX}${areaId}#`;
/** The area and subject type a stream key names: `LOG#{area}#{type}#...` (area ids and types hold no `#`). */
export function logPkParts(pk: string): { areaId: string; subjectType: string } | undefined {
  const [log, areaId, subjectType] = pk.split('#');
  return log === 'LOG' && areaId && subjectType ? { areaId, subjectType } : undefined;
}
export const logSk = (version: number) => `V#${String(version).padStart(10, '0')}`;

export const viewPk = (areaId: string) => `VIEW#${areaId}`;
export function viewSk(ref: Omit<SubjectRef, 'areaId'>): string {
  switch (ref.subjectType) {
    case 'area':
      return 'area';
    case 'protocol':
      return `protocol#${ref.id}`;
    case 'request':
      return `request#${ref.id}`;
    case 'connector':
      return `connector#${ref.id}`;
    case 'organisation':
      return `organisation#${ref.id}`;
    default:
      return `${ref.subjectType}#${ref.organisationId}#${ref.id}`;
  }
}

export const jointPk = (areaId: string) => `JOINT#${areaId}`;
/** The directory of areas (the start page lists them): one item per area, sort key `AREA#<areaId>`. */
export const AREAS_PK = 'AREAS';
export const areaDirectorySk = (areaId: string) => `AREA#${areaId}`;
export const keyPk = (keyHash: string) => `KEY#${keyHash}`;
/** An organisation's register of API keys: one item per key, sort key `KEY#<keyId>`. */
export const organisationKeysPk = (areaId: string, organisationId: string) => `KEYS#${areaId}#${organisationId}`;
/** A rate limit's counter for one key: `limit` is the limit's name, `keyHash` the SHA-256 of what it counts under. */
export const limitPk = (limit: string, keyHash: string) => `LIMIT#${limit}#${keyHash}`;
export const limitSk = 'LIMIT';
/** An area's connectors: one item per connector, sort key its id. */
export const connectorsPk = (areaId: string) => `CONNECTORS#${areaId}`;
/** A connector's runs: sort key `RUN#<run id>`. */
export const connectorRunsPk = (areaId: string, connectorId: string) => `CONNECTOR-RUNS#${areaId}#${connectorId}`;
/** A body's members, one item (sort key `MEMBERS`). */
export const membersPk = (areaId: string, organisationId: string) => `MEMBERS#${areaId}#${organisationId}`;
/** A person by their lower-cased address: `PERSON` (their stable id), `BODY#{area}#{org}` (their bodies), `SESSION#{hash}` (their sessions). */
export const personPk = (email: string) => `PERSON#${email}`;
/** A browser session by the SHA-256 of its id (sort key `SESSION`). */
export const sessionPk = (sessionHash: string) => `SESSION#${sessionHash}`;
/** A single-use sign-in link by the SHA-256 of its token (sort key `LINK`). */
export const signInLinkPk = (tokenHash: string) => `SIGNIN#${tokenHash}`;
/** The identity providers, one item each (sort key the provider's id). */
export const IDENTITY_PROVIDERS_PK = 'IDENTITY-PROVIDERS';
/** Which provider holds an email domain (sort key `DOMAIN`): one item per domain, so a domain has one provider at most. */
export const identityDomainPk = (domain: string) => `IDENTITY-DOMAIN#${domain}`;
/** A provider's account linked to a person: by the SHA-256 of issuer and subject (sort key `IDENTITY`). */
export const personIdentityPk = (identityHash: string) => `IDENTITY#${identityHash}`;
/** A provider's client secret (sort key `SECRET`): the local run's table only; on AWS, Secrets Manager. */
export const clientSecretPk = (providerId: string) => `IDENTITY-SECRET#${providerId}`;
