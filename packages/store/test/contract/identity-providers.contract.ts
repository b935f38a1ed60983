import { describe, expect, it } from 'vitest';
import {
  type ClientSecretStore,
  IdentityProviderConflictError,
  type IdentityProviderStore,
  type PersonIdentityStore,
} from '../../src/index.ts';

const AT = '2026-11-30T09:00:00.000Z';
const rotherham = {
  id: 'rotherham',
  name: 'Rotherham Council',
  issuer: 'https://login.microsoftonline.com/rotherham/v2.0',
  clientId: 'hub-client',
  emailDomains: ['rotherham.gov.uk', 'rotherham.example'],
  updatedAt: AT,
};

/** What every identity provider store must do, whatever it keeps them in. */
export function describeIdentityProviderStoreContract(name: string, makeStore: () => Promise<IdentityProviderStore>) {
  describe(`${name}: the identity provider store contract`, () => {
    it('creates a provider once, changes it only at the version read, and finds it by each of its domains', async () => {
      const store = await makeStore();
      expect(await store.put(rotherham, undefined)).toBe(1);
      await expect(store.put(rotherham, undefined)).rejects.toBeInstanceOf(IdentityProviderConflictError);
      expect(await store.get('rotherham')).toEqual({ ...rotherham, version: 1 });
      expect((await store.forDomain('rotherham.example'))?.id).toBe('rotherham');

      expect(await store.put({ ...rotherham, emailDomains: ['rotherham.gov.uk'] }, 1)).toBe(2);
      await expect(store.put({ ...rotherham, name: 'Stale' }, 1)).rejects.toBeInstanceOf(IdentityProviderConflictError);
      // The domain it no longer names is free, and another provider may take it.
      expect(await store.forDomain('rotherham.example')).toBeUndefined();
      expect(await store.put({ ...rotherham, id: 'other', emailDomains: ['rotherham.example'] }, undefined)).toBe(1);
      expect((await store.list()).map((record) => record.id)).toEqual(['other', 'rotherham']);
    });

    it("refuses a domain another provider holds, and changes nothing of the refused write's", async () => {
      const store = await makeStore();
      await store.put(rotherham, undefined);
      const refusal = await store
        .put({ ...rotherham, id: 'sheffield', emailDomains: ['sheffield.gov.uk', 'rotherham.gov.uk'] }, undefined)
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(IdentityProviderConflictError);
      expect((refusal as IdentityProviderConflictError).domain).toBe('rotherham.gov.uk');
      expect(await store.get('sheffield')).toBeUndefined();
      // The domain the refused write would have claimed first is still free.
      expect(await store.forDomain('sheffield.gov.uk')).toBeUndefined();
      expect((await store.forDomain('rotherham.gov.uk'))?.id).toBe('rotherham');
    });

    it('removes a provider and gives up its domains', async () => {
      const store = await makeStore();
      await store.put(rotherham, undefined);
      expect(await store.delete('rotherham')).toBe(true);
      expect(await store.delete('rotherham')).toBe(false);
      expect(await store.get('rotherham')).toBeUndefined();
      expect(await store.forDomain('rotherham.gov.uk')).toBeUndefined();
      expect(await store.put({ ...rotherham, id: 'again' }, undefined)).toBe(1);
    });
  });
}

/** What every store of linked accounts must do. */
export function describePersonIdentityStoreContract(name: string, makeStore: () => Promise<PersonIdentityStore>) {
  describe(`${name}: the linked accounts contract`, () => {
    it('links an account to an address once: a second link answers the first', async () => {
      const store = await makeStore();
      const first = { issuer: rotherham.issuer, subject: 'abc', email: 'jane@rotherham.gov.uk', linkedAt: AT };
      expect(await store.find(rotherham.issuer, 'abc')).toBeUndefined();
      expect(await store.link(first)).toEqual(first);
      expect(await store.link({ ...first, email: 'someone.else@rotherham.gov.uk' })).toEqual(first);
      expect(await store.find(rotherham.issuer, 'abc')).toEqual(first);
      // The same subject at another issuer is another account.
      expect(await store.find('https://other.example', 'abc')).toBeUndefined();
    });
  });
}

/** What every store of client secrets must do. */
export function describeClientSecretStoreContract(name: string, makeStore: () => Promise<ClientSecretStore>) {
  describe(`${name}: the client secret store contract`, () => {
    it("keeps the newest version's secret, and forgets it on delete", async () => {
      const store = await makeStore();
      await store.put('rotherham', 'first', 1);
      await store.put('rotherham', 'second', 2);
      await store.put('rotherham', 'late', 1);
      expect(await store.get('rotherham')).toBe('second');
      await store.delete('rotherham');
      await store.delete('rotherham');
      expect(await store.get('rotherham')).toBeUndefined();
    });
  });
}
