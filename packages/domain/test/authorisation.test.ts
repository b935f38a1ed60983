import { describe, expect, it } from 'vitest';
import {
  audienceFor,
  authoriseAdministration,
  authoriseAgreement,
  authoriseConnectorOperation,
  authoriseContentChange,
  authoriseMemberManagement,
  authoriseMembership,
  authorisePartnersReading,
  describeActor,
  NotAuthenticatedError,
  NotPermittedError,
  type Principal,
  recordedActor,
} from '../src/index.ts';
import { AREA, PCC, ROTHERHAM_CSP } from './builders.ts';

const OTHER_AREA = 'west-yorkshire';

const nobody: Principal = { kind: 'anonymous' };
const administrator: Principal = { kind: 'admin' };
const rotherhamKey: Principal = { kind: 'organisation-key', areaId: AREA, organisationId: ROTHERHAM_CSP, keyId: 'a1b2c3d4e5f6' };
const pccKey: Principal = { kind: 'organisation-key', areaId: AREA, organisationId: PCC, keyId: '0123456789ab' };
const rotherhamReadKey: Principal = { ...rotherhamKey, keyId: 'b1b2c3d4e5f6', scope: 'read' };
const person = (role: 'viewer' | 'editor' | 'lead', organisationId = ROTHERHAM_CSP, areaId = AREA): Principal => ({
  kind: 'person',
  personId: `person-${role}`,
  name: `Jane ${role}`,
  areaId,
  organisationId,
  role,
});
/** A body with the same id in another area: the area is part of who a key speaks for. */
const sameIdElsewhere: Principal = { kind: 'organisation-key', areaId: OTHER_AREA, organisationId: ROTHERHAM_CSP, keyId: 'ffffffffffff' };

type Verdict = 'allowed' | 'unauthenticated' | 'forbidden';

function verdictOf(decide: () => unknown): Verdict {
  try {
    decide();
    return 'allowed';
  } catch (error) {
    if (error instanceof NotAuthenticatedError) return 'unauthenticated';
    if (error instanceof NotPermittedError) return 'forbidden';
    throw error;
  }
}

const rotherhamContent = { areaId: AREA, organisationId: ROTHERHAM_CSP };

describe('who may do what', () => {
  it.each<[string, Principal, string, (principal: Principal) => unknown, Verdict]>([
    ['nobody', nobody, "change Rotherham's content", (p) => authoriseContentChange(p, rotherhamContent), 'unauthenticated'],
    ['Rotherham', rotherhamKey, "change Rotherham's content", (p) => authoriseContentChange(p, rotherhamContent), 'allowed'],
    ['the PCC', pccKey, "change Rotherham's content", (p) => authoriseContentChange(p, rotherhamContent), 'forbidden'],
    [
      'a same-named body elsewhere',
      sameIdElsewhere,
      "change Rotherham's content",
      (p) => authoriseContentChange(p, rotherhamContent),
      'forbidden',
    ],
    ['the administrator', administrator, "change Rotherham's content", (p) => authoriseContentChange(p, rotherhamContent), 'forbidden'],

    ['nobody', nobody, 'act as a member of the area', (p) => authoriseMembership(p, AREA), 'unauthenticated'],
    ['Rotherham', rotherhamKey, 'act as a member of the area', (p) => authoriseMembership(p, AREA), 'allowed'],
    ['the PCC', pccKey, 'act as a member of the area', (p) => authoriseMembership(p, AREA), 'allowed'],
    ['a body of another area', sameIdElsewhere, 'act as a member of the area', (p) => authoriseMembership(p, AREA), 'forbidden'],
    ['the administrator', administrator, 'act as a member of the area', (p) => authoriseMembership(p, AREA), 'forbidden'],

    ['nobody', nobody, 'administer the hub', authoriseAdministration, 'unauthenticated'],
    ['Rotherham', rotherhamKey, 'administer the hub', authoriseAdministration, 'forbidden'],
    ['the administrator', administrator, 'administer the hub', authoriseAdministration, 'allowed'],

    [
      "Rotherham's read key",
      rotherhamReadKey,
      "change Rotherham's content",
      (p) => authoriseContentChange(p, rotherhamContent),
      'forbidden',
    ],
    ["Rotherham's read key", rotherhamReadKey, 'propose a protocol', (p) => authoriseMembership(p, AREA), 'forbidden'],
    ["Rotherham's read key", rotherhamReadKey, 'agree a protocol', (p) => authoriseAgreement(p, AREA), 'forbidden'],
    ["Rotherham's read key", rotherhamReadKey, 'subscribe to partners-only changes', (p) => authorisePartnersReading(p, AREA), 'allowed'],
    ["Rotherham's write key", rotherhamKey, 'agree a protocol', (p) => authoriseAgreement(p, AREA), 'allowed'],
    [
      "Rotherham's write key",
      rotherhamKey,
      "manage Rotherham's members",
      (p) => authoriseMemberManagement(p, rotherhamContent),
      'forbidden',
    ],

    ["Rotherham's viewer", person('viewer'), "change Rotherham's content", (p) => authoriseContentChange(p, rotherhamContent), 'forbidden'],
    ["Rotherham's viewer", person('viewer'), 'propose a protocol', (p) => authoriseMembership(p, AREA), 'forbidden'],
    ["Rotherham's viewer", person('viewer'), 'subscribe to partners-only changes', (p) => authorisePartnersReading(p, AREA), 'allowed'],
    ["Rotherham's editor", person('editor'), "change Rotherham's content", (p) => authoriseContentChange(p, rotherhamContent), 'allowed'],
    ["Rotherham's editor", person('editor'), 'propose a protocol', (p) => authoriseMembership(p, AREA), 'allowed'],
    ["Rotherham's editor", person('editor'), 'agree a protocol', (p) => authoriseAgreement(p, AREA), 'forbidden'],
    [
      "Rotherham's editor",
      person('editor'),
      "manage Rotherham's members",
      (p) => authoriseMemberManagement(p, rotherhamContent),
      'forbidden',
    ],
    ["Rotherham's lead", person('lead'), "change Rotherham's content", (p) => authoriseContentChange(p, rotherhamContent), 'allowed'],
    ["Rotherham's lead", person('lead'), 'agree a protocol', (p) => authoriseAgreement(p, AREA), 'allowed'],
    ["Rotherham's lead", person('lead'), "manage Rotherham's members", (p) => authoriseMemberManagement(p, rotherhamContent), 'allowed'],
    [
      "the PCC's lead",
      person('lead', PCC),
      "manage Rotherham's members",
      (p) => authoriseMemberManagement(p, rotherhamContent),
      'forbidden',
    ],
    [
      "the PCC's editor",
      person('editor', PCC),
      "change Rotherham's content",
      (p) => authoriseContentChange(p, rotherhamContent),
      'forbidden',
    ],
    [
      'a lead of the same id elsewhere',
      person('lead', ROTHERHAM_CSP, OTHER_AREA),
      "change Rotherham's content",
      (p) => authoriseContentChange(p, rotherhamContent),
      'forbidden',
    ],
    ['the administrator', administrator, "manage Rotherham's members", (p) => authoriseMemberManagement(p, rotherhamContent), 'allowed'],
    ['nobody', nobody, "manage Rotherham's members", (p) => authoriseMemberManagement(p, rotherhamContent), 'unauthenticated'],
  ])('%s may %s: %s', (_who, principal, _action, rule, expected) => {
    expect(verdictOf(() => rule(principal))).toBe(expected);
  });

  it.each<[string, Principal, string, 'public' | 'partners']>([
    ['nobody', nobody, AREA, 'public'],
    ['a body of the area', rotherhamKey, AREA, 'partners'],
    ['a body of another area', sameIdElsewhere, AREA, 'public'],
    ['a body, in its own area', sameIdElsewhere, OTHER_AREA, 'partners'],
    ['the administrator', administrator, AREA, 'partners'],
    ['the administrator, anywhere', administrator, OTHER_AREA, 'partners'],
    ['a read key of the area', rotherhamReadKey, AREA, 'partners'],
    ['a viewer of a body of the area', person('viewer'), AREA, 'partners'],
    ['a lead of a body of another area', person('lead', ROTHERHAM_CSP, OTHER_AREA), AREA, 'public'],
  ])("%s sees the area's %s content as: %s", (_who, principal, areaId, audience) => {
    expect(audienceFor(principal, areaId)).toBe(audience);
  });
});

describe('what the refusals say', () => {
  it("names the key's owner and the body whose key is needed", () => {
    expect(() => authoriseContentChange(pccKey, rotherhamContent)).toThrow(
      `This key belongs to ${PCC} in ${AREA}; only ${ROTHERHAM_CSP}'s own key can change its content.`,
    );
    expect(() => authoriseContentChange(administrator, rotherhamContent)).toThrow(
      `This key belongs to the hub administrator; only ${ROTHERHAM_CSP}'s own key can change its content.`,
    );
    expect(() => authoriseContentChange(nobody, rotherhamContent)).toThrow(
      `Changing ${ROTHERHAM_CSP}'s content needs ${ROTHERHAM_CSP}'s API key.`,
    );
  });

  it('says which area a member must belong to', () => {
    expect(() => authoriseMembership(sameIdElsewhere, AREA)).toThrow(
      `This key belongs to ${ROTHERHAM_CSP} in ${OTHER_AREA}; it needs the key of an organisation in ${AREA}.`,
    );
    expect(() => authoriseMembership(nobody, AREA)).toThrow(`This needs the API key of an organisation in ${AREA}.`);
  });

  it('says administration is for the administrator', () => {
    expect(() => authoriseAdministration(nobody)).toThrow("This needs the hub administrator's key.");
    expect(() => authoriseAdministration(pccKey)).toThrow(
      'Only the hub administrator can register areas and organisations and issue keys.',
    );
  });
});

describe('a connector, acting as the system', () => {
  const connector: Principal = {
    kind: 'connector',
    areaId: AREA,
    connectorId: 'council',
    name: 'ModernGov connector council',
    organisationIds: [ROTHERHAM_CSP],
  };

  it('changes the content of the bodies its mapping names, recorded as the system job named after it', () => {
    const allowed = authoriseContentChange(connector, rotherhamContent);
    expect(recordedActor(allowed)).toEqual({ kind: 'system', job: 'ModernGov connector council' });
    expect(describeActor(recordedActor(allowed), 'public', (id) => id)).toBe('the ModernGov connector council');
  });

  it("changes no other body's content, nor the same-named body's of another area, and is not a member", () => {
    expect(() => authoriseContentChange(connector, { areaId: AREA, organisationId: PCC })).toThrow(
      `This key belongs to the ModernGov connector council of ${AREA}, which is not mapped onto ${PCC}; it cannot change its content.`,
    );
    expect(verdictOf(() => authoriseContentChange(connector, { areaId: OTHER_AREA, organisationId: ROTHERHAM_CSP }))).toBe('forbidden');
    expect(verdictOf(() => authoriseMembership(connector, AREA))).toBe('forbidden');
    expect(verdictOf(() => authoriseAdministration(connector))).toBe('forbidden');
    expect(audienceFor(connector, AREA)).toBe('public');
  });
});

describe("a connector's page and its Run now", () => {
  const mapped = { areaId: AREA, organisationIds: [ROTHERHAM_CSP] };
  it.each<[string, Principal, Verdict]>([
    ['the administrator', administrator, 'allowed'],
    ['an editor of a mapped body', person('editor'), 'allowed'],
    ['a lead of a mapped body', person('lead'), 'allowed'],
    ['a write key of a mapped body', rotherhamKey, 'allowed'],
    ['a viewer of a mapped body', person('viewer'), 'forbidden'],
    ['a read key of a mapped body', rotherhamReadKey, 'forbidden'],
    ['an editor of another body', person('editor', PCC), 'forbidden'],
    ['a same-named body elsewhere', sameIdElsewhere, 'forbidden'],
    ['nobody', nobody, 'unauthenticated'],
  ])('%s: %s', (_name, principal, verdict) => {
    expect(verdictOf(() => authoriseConnectorOperation(principal, mapped))).toBe(verdict);
  });
});

describe('the actor a change records', () => {
  it('is the key, with its id, label and body', () => {
    const allowed = authoriseContentChange(rotherhamKey, rotherhamContent);
    expect(allowed).toBe(rotherhamKey);
    expect(recordedActor(allowed)).toEqual({ kind: 'key', organisationId: ROTHERHAM_CSP, keyId: 'a1b2c3d4e5f6' });
    const labelled = authoriseContentChange({ ...rotherhamKey, label: 'ModernGov sync' }, rotherhamContent);
    expect(recordedActor(labelled)).toEqual({ kind: 'key', organisationId: ROTHERHAM_CSP, keyId: 'a1b2c3d4e5f6', label: 'ModernGov sync' });
  });

  it('is the person, with their stable id, name, body and role', () => {
    const allowed = authoriseContentChange(person('editor'), rotherhamContent);
    expect(recordedActor(allowed)).toEqual({
      kind: 'person',
      personId: 'person-editor',
      name: 'Jane editor',
      organisationId: ROTHERHAM_CSP,
      role: 'editor',
    });
  });

  it('is the administrator for administration', () => {
    expect(recordedActor({ kind: 'admin' })).toEqual({ kind: 'admin' });
  });
});

describe('who made a change, in words', () => {
  const nameOf = (id: string) => (id === ROTHERHAM_CSP ? 'Safer Rotherham Partnership' : id);
  const jane = { kind: 'person', personId: 'p1', name: 'Jane Smith', organisationId: ROTHERHAM_CSP, role: 'editor' } as const;

  it('names the person and their body to partners, and only the body and role to the public', () => {
    expect(describeActor(jane, 'partners', nameOf)).toBe('Jane Smith (Safer Rotherham Partnership)');
    expect(describeActor(jane, 'public', nameOf)).toBe('an editor of Safer Rotherham Partnership');
    expect(describeActor({ ...jane, role: 'lead' }, 'public', nameOf)).toBe('a lead of Safer Rotherham Partnership');
  });

  it('names a labelled key to partners, never its label to the public', () => {
    const key = { kind: 'key', organisationId: ROTHERHAM_CSP, keyId: 'k1', label: 'ModernGov sync' } as const;
    expect(describeActor(key, 'partners', nameOf)).toBe("the key 'ModernGov sync' (Safer Rotherham Partnership)");
    expect(describeActor(key, 'public', nameOf)).toBe('Safer Rotherham Partnership');
    expect(describeActor({ kind: 'key', organisationId: ROTHERHAM_CSP }, 'partners', nameOf)).toBe('Safer Rotherham Partnership');
  });

  it("names the administrator and the hub's own jobs", () => {
    expect(describeActor({ kind: 'admin' }, 'public', nameOf)).toBe('the hub administrator');
    expect(describeActor({ kind: 'system', job: 'overdue check' }, 'public', nameOf)).toBe('the overdue check');
  });
});
