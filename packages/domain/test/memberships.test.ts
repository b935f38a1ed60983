import { describe, expect, it } from 'vitest';
import { type BodyMembers, decideMembershipChange, InvalidChangeError } from '../src/index.ts';

const AT = '2026-11-30T09:00:00.000Z';
const body = (...members: [string, 'viewer' | 'editor' | 'lead'][]): BodyMembers => ({
  areaId: 'south-yorkshire',
  organisationId: 'safer-rotherham-partnership',
  members: members.map(([email, role]) => ({ email, role, addedAt: AT })),
  revision: members.length,
});

describe("a body's members", () => {
  it('adds a member with their address lower-cased, and keeps the list in address order', () => {
    const { outcome, members } = decideMembershipChange(body(['lead@rotherham.example', 'lead']), {
      kind: 'put',
      email: ' Jane.Smith@Rotherham.Example ',
      role: 'editor',
      name: 'Jane Smith',
      at: AT,
    });
    expect(outcome).toBe('added');
    expect(members).toEqual([
      { email: 'jane.smith@rotherham.example', role: 'editor', name: 'Jane Smith', addedAt: AT },
      { email: 'lead@rotherham.example', role: 'lead', addedAt: AT },
    ]);
  });

  it("changes a member's role, keeping their name and when they joined; the same again is unchanged", () => {
    const current = {
      ...body(['lead@rotherham.example', 'lead']),
      members: [{ email: 'jane@rotherham.example', role: 'editor' as const, name: 'Jane', addedAt: AT }],
    };
    current.members.push({ email: 'lead@rotherham.example', role: 'lead', addedAt: AT } as never);
    const changed = decideMembershipChange(current, {
      kind: 'put',
      email: 'jane@rotherham.example',
      role: 'viewer',
      at: '2027-01-01T00:00:00.000Z',
    });
    expect(changed.outcome).toBe('changed');
    expect(changed.members.find((member) => member.email === 'jane@rotherham.example')).toEqual({
      email: 'jane@rotherham.example',
      role: 'viewer',
      name: 'Jane',
      addedAt: AT,
    });
    expect(decideMembershipChange(current, { kind: 'put', email: 'jane@rotherham.example', role: 'editor', at: AT }).outcome).toBe(
      'unchanged',
    );
  });

  it('never leaves a body without a lead: the last lead can be neither removed nor demoted', () => {
    const current = body(['lead@rotherham.example', 'lead'], ['editor@rotherham.example', 'editor']);
    expect(() => decideMembershipChange(current, { kind: 'remove', email: 'lead@rotherham.example' })).toThrow(InvalidChangeError);
    expect(() => decideMembershipChange(current, { kind: 'put', email: 'LEAD@rotherham.example', role: 'editor', at: AT })).toThrow(
      'lead@rotherham.example is the last lead of safer-rotherham-partnership',
    );
  });

  it('lets a lead go once another lead is there', () => {
    const current = body(['lead@rotherham.example', 'lead'], ['second@rotherham.example', 'lead']);
    const { outcome, members, previous } = decideMembershipChange(current, { kind: 'remove', email: 'lead@rotherham.example' });
    expect(outcome).toBe('removed');
    expect(previous?.email).toBe('lead@rotherham.example');
    expect(members.map((member) => member.email)).toEqual(['second@rotherham.example']);
  });

  it('says so when the address is not a member', () => {
    expect(decideMembershipChange(body(['lead@rotherham.example', 'lead']), { kind: 'remove', email: 'x@rotherham.example' }).outcome).toBe(
      'not-a-member',
    );
  });
});
