import { describe, expect, it } from 'vitest';
import {
  audienceFor,
  authoriseAdministration,
  authoriseContentChange,
  authoriseMembership,
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

describe('the actor a change records', () => {
  it('is the body a key speaks for, never the key itself', () => {
    const allowed = authoriseContentChange(rotherhamKey, rotherhamContent);
    expect(allowed).toBe(rotherhamKey);
    expect(recordedActor(allowed)).toEqual({ kind: 'organisation', organisationId: ROTHERHAM_CSP });
  });

  it('is the administrator for administration', () => {
    expect(recordedActor({ kind: 'admin' })).toEqual({ kind: 'admin' });
  });
});
