import { type BodyMembers, decideMembershipChange } from '@partnership-hub/domain';
import { describe, expect, it } from 'vitest';
import type { MembershipStore, SessionRecord, SessionStore, SignInLinkStore } from '../../src/index.ts';

const AREA = 'south-yorkshire';
const BODY = 'safer-rotherham-partnership';
const AT = '2026-11-30T09:00:00.000Z';

function withMember(current: BodyMembers, email: string, role: 'viewer' | 'editor' | 'lead'): BodyMembers {
  const { members } = decideMembershipChange(current, { kind: 'put', email, role, at: AT });
  return { ...current, members, revision: current.revision + 1 };
}

/** What every membership store must do, whatever it keeps them in. */
export function describeMembershipStoreContract(name: string, makeStore: () => Promise<MembershipStore>) {
  describe(`${name}: the membership store contract`, () => {
    it('starts a body with no members at revision 0, and replaces its members only at the revision it was read at', async () => {
      const store = await makeStore();
      const empty = await store.members(AREA, BODY);
      expect(empty).toEqual({ areaId: AREA, organisationId: BODY, members: [], revision: 0 });

      const first = withMember(empty, 'lead@rotherham.example', 'lead');
      expect(await store.replace(first, 0)).toBe(true);
      // A second writer that also read revision 0 loses, and writes nothing.
      expect(await store.replace(withMember(empty, 'other@rotherham.example', 'lead'), 0)).toBe(false);

      expect(await store.members(AREA, BODY)).toEqual(first);
      const second = withMember(first, 'editor@rotherham.example', 'editor');
      expect(await store.replace(second, 1)).toBe(true);
      expect((await store.members(AREA, BODY)).members.map((member) => member.email)).toEqual([
        'editor@rotherham.example',
        'lead@rotherham.example',
      ]);
      expect(await store.members(AREA, 'another-body')).toMatchObject({ members: [], revision: 0 });
    });

    it("indexes a person's bodies by revision: an older write never undoes a newer one", async () => {
      const store = await makeStore();
      await store.index('jane@rotherham.example', { areaId: AREA, organisationId: BODY, role: 'editor' }, 2);
      await store.index('jane@rotherham.example', { areaId: AREA, organisationId: 'south-yorkshire-pcc', role: 'viewer' }, 1);
      await store.index('jane@rotherham.example', { areaId: AREA, organisationId: BODY, role: undefined }, 3);
      await store.index('jane@rotherham.example', { areaId: AREA, organisationId: BODY, role: 'lead' }, 2);

      expect(await store.bodiesOf('jane@rotherham.example')).toEqual([
        { areaId: AREA, organisationId: 'south-yorkshire-pcc', role: 'viewer' },
      ]);
      expect(await store.bodiesOf('nobody@rotherham.example')).toEqual([]);
    });

    it('gives each address one stable person id', async () => {
      const store = await makeStore();
      let ids = 0;
      const next = () => `person-${++ids}`;
      const jane = await store.person('jane@rotherham.example', next, AT);
      expect(await store.person('jane@rotherham.example', next, '2027-01-01T00:00:00.000Z')).toEqual(jane);
      expect((await store.person('sam@rotherham.example', next, AT)).personId).not.toBe(jane.personId);
    });
  });
}

const session = (sessionHash: string, email = 'jane@rotherham.example'): SessionRecord => ({
  sessionHash,
  personId: 'person-1',
  email,
  name: 'Jane Smith',
  areaId: AREA,
  organisationId: BODY,
  createdAt: AT,
  lastSeenAt: AT,
  endsAt: '2026-11-30T17:00:00.000Z',
});

export function describeSessionStoreContract(name: string, makeStore: () => Promise<SessionStore>) {
  describe(`${name}: the session store contract`, () => {
    it('finds a session by its hash, records activity and the body it acts for, and never overwrites one', async () => {
      const store = await makeStore();
      await store.start(session('a'.repeat(64)));
      await expect(store.start(session('a'.repeat(64)))).rejects.toThrow();

      await store.touch('a'.repeat(64), '2026-11-30T09:10:00.000Z');
      await store.touch('a'.repeat(64), '2026-11-30T09:05:00.000Z');
      expect(await store.actFor('a'.repeat(64), { areaId: AREA, organisationId: 'south-yorkshire-pcc' })).toBe(true);

      expect(await store.find('a'.repeat(64))).toEqual({
        ...session('a'.repeat(64)),
        lastSeenAt: '2026-11-30T09:10:00.000Z',
        organisationId: 'south-yorkshire-pcc',
      });
      expect(await store.find('b'.repeat(64))).toBeUndefined();
      expect(await store.actFor('b'.repeat(64), { areaId: AREA, organisationId: BODY })).toBe(false);
    });

    it("ends one session, or all of a person's at once, and no one else's", async () => {
      const store = await makeStore();
      await store.start(session('1'.repeat(64)));
      await store.start(session('2'.repeat(64)));
      await store.start(session('3'.repeat(64)));
      await store.start(session('4'.repeat(64), 'sam@rotherham.example'));

      await store.end('1'.repeat(64));
      expect(await store.find('1'.repeat(64))).toBeUndefined();
      expect(await store.endAllOf('jane@rotherham.example')).toBe(2);

      expect(await store.find('2'.repeat(64))).toBeUndefined();
      expect(await store.find('3'.repeat(64))).toBeUndefined();
      expect(await store.find('4'.repeat(64))).toBeDefined();
      expect(await store.endAllOf('jane@rotherham.example')).toBe(0);
    });
  });
}

export function describeSignInLinkStoreContract(name: string, makeStore: () => Promise<SignInLinkStore>) {
  describe(`${name}: the sign-in link store contract`, () => {
    it('gives a link up once only', async () => {
      const store = await makeStore();
      const link = { tokenHash: 'c'.repeat(64), email: 'jane@rotherham.example', validUntil: '2026-11-30T09:15:00.000Z' };
      await store.put(link);
      await expect(store.put(link)).rejects.toThrow();

      const [first, second] = await Promise.all([store.take(link.tokenHash), store.take(link.tokenHash)]);
      expect([first, second].filter(Boolean)).toEqual([link]);
      expect(await store.take(link.tokenHash)).toBeUndefined();
      expect(await store.take('d'.repeat(64))).toBeUndefined();
    });
  });
}
