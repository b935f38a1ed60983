import { apiKeyRecord } from '@partnership-hub/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyStore } from '../../src/index.ts';

const record = apiKeyRecord();
const { areaId, organisationId } = record;

/** What every API key store must do, whatever it keeps the keys in. */
export function describeApiKeyStoreContract(name: string, makeStore: () => Promise<ApiKeyStore>) {
  describe(`${name}: the API key store contract`, () => {
    let apiKeys: ApiKeyStore;
    beforeEach(async () => {
      apiKeys = await makeStore();
    });

    it('finds a stored key by its hash', async () => {
      await apiKeys.put(record);

      expect(await apiKeys.find(record.keyHash)).toEqual(record);
      expect(await apiKeys.status(areaId, organisationId, 'key-1')).toBe('active');
    });

    it('answers undefined for an unknown key', async () => {
      await apiKeys.put(record);

      expect(await apiKeys.find('b'.repeat(64))).toBeUndefined();
    });

    it('refuses a second key with the same hash, and the first keeps working', async () => {
      await apiKeys.put(record);

      await expect(apiKeys.put({ ...record, keyId: 'key-2', organisationId: 'someone-else' })).rejects.toThrow();
      expect(await apiKeys.find(record.keyHash)).toEqual(record);
    });

    it('refuses a second key with the same id in one register', async () => {
      await apiKeys.put(record);

      await expect(apiKeys.put({ ...record, keyHash: 'c'.repeat(64) })).rejects.toThrow();
      expect(await apiKeys.find('c'.repeat(64))).toBeUndefined();
    });

    it("lists an organisation's keys oldest first, revoked ones included, without their hashes", async () => {
      await apiKeys.put(apiKeyRecord({ keyId: 'new', keyHash: 'n'.repeat(64), createdAt: '2026-02-01T00:00:00.000Z' }));
      await apiKeys.put(apiKeyRecord({ keyId: 'old', keyHash: 'o'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z' }));
      await apiKeys.put(apiKeyRecord({ keyId: 'other', keyHash: 'x'.repeat(64), organisationId: 'another-body' }));
      await apiKeys.revoke(areaId, organisationId, 'old', '2026-01-15T00:00:00.000Z');

      const keys = await apiKeys.list(areaId, organisationId);

      expect(keys).toEqual([
        {
          keyId: 'old',
          areaId,
          organisationId,
          createdAt: '2026-01-01T00:00:00.000Z',
          scope: 'write',
          revokedAt: '2026-01-15T00:00:00.000Z',
        },
        { keyId: 'new', areaId, organisationId, createdAt: '2026-02-01T00:00:00.000Z', scope: 'write' },
      ]);
      expect(JSON.stringify(keys)).not.toContain('n'.repeat(64));
      expect(await apiKeys.list(areaId, 'nobody')).toEqual([]);
    });

    it("keeps a key's label and scope, and reads a key issued before scopes as a write key", async () => {
      await apiKeys.put(apiKeyRecord({ keyId: 'sync', keyHash: 's'.repeat(64), label: 'ModernGov sync', scope: 'read' }));
      await apiKeys.put(apiKeyRecord({ keyId: 'plain', keyHash: 'p'.repeat(64), createdAt: '2027-01-01T00:00:00.000Z' }));

      expect(await apiKeys.find('s'.repeat(64))).toMatchObject({ keyId: 'sync', label: 'ModernGov sync', scope: 'read' });
      expect((await apiKeys.list(areaId, organisationId)).map(({ keyId, label, scope }) => ({ keyId, label, scope }))).toEqual([
        { keyId: 'sync', label: 'ModernGov sync', scope: 'read' },
        { keyId: 'plain', label: undefined, scope: 'write' },
      ]);
    });

    it('revokes a key: the register says so, and the key stops working at once', async () => {
      await apiKeys.put(record);

      expect(await apiKeys.revoke(areaId, organisationId, 'key-1', '2026-03-01T00:00:00.000Z')).toBe('revoked');

      expect(await apiKeys.status(areaId, organisationId, 'key-1')).toBe('revoked');
      expect(await apiKeys.find(record.keyHash)).toBeUndefined();
      expect((await apiKeys.list(areaId, organisationId))[0]?.revokedAt).toBe('2026-03-01T00:00:00.000Z');
    });

    it('revokes once: a second revocation answers already-revoked and keeps the first time', async () => {
      await apiKeys.put(record);
      await apiKeys.revoke(areaId, organisationId, 'key-1', '2026-03-01T00:00:00.000Z');

      expect(await apiKeys.revoke(areaId, organisationId, 'key-1', '2026-03-02T00:00:00.000Z')).toBe('already-revoked');
      expect((await apiKeys.list(areaId, organisationId))[0]?.revokedAt).toBe('2026-03-01T00:00:00.000Z');
    });

    it('keeps a browser session signed in with a key until it is ended, and never starts the same one twice', async () => {
      const session = {
        sessionHash: 'c'.repeat(64),
        areaId,
        organisationId,
        keyId: 'key-1',
        label: 'Committee clerk',
        scope: 'read' as const,
        endsAt: '2026-03-01T17:00:00.000Z',
      };
      await apiKeys.startSession(session);

      expect(await apiKeys.findSession(session.sessionHash)).toEqual(session);
      await expect(apiKeys.startSession({ ...session, keyId: 'key-2' })).rejects.toThrow();
      expect(await apiKeys.findSession('d'.repeat(64))).toBeUndefined();
      await apiKeys.endSession(session.sessionHash);
      expect(await apiKeys.findSession(session.sessionHash)).toBeUndefined();
      await apiKeys.endSession(session.sessionHash); // safe to repeat
    });

    it('answers not-found for a key that is not in the register, and unknown for its status', async () => {
      expect(await apiKeys.revoke(areaId, organisationId, 'nope', '2026-03-01T00:00:00.000Z')).toBe('not-found');
      expect(await apiKeys.status(areaId, organisationId, 'nope')).toBe('unknown');
      expect(await apiKeys.list(areaId, organisationId)).toEqual([]);
    });
  });
}
