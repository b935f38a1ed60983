import {
  ClientSecretUnavailableError,
  InMemoryClientSecretStore,
  InMemoryIdentityProviderStore,
  InMemoryPersonIdentityStore,
} from '@partnership-hub/store';
import { beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../src/app.ts';
import type { IdentityProviderServices } from '../src/identity-provider-ports.ts';
import { wireOpenIdConnect } from '../src/oidc.ts';
import { inMemoryApp } from './in-memory-app.ts';

const ADMIN_KEY = 'test-admin-key';
const rotherham = {
  name: 'Rotherham Council',
  issuer: 'https://login.microsoftonline.com/rotherham-tenant/v2.0',
  clientId: 'partnership-hub',
  clientSecret: 'the-client-secret',
  emailDomains: ['rotherham.gov.uk'],
};

describe('identity providers, through the API', () => {
  let app: ReturnType<typeof createApp>;
  let services: IdentityProviderServices;

  const send = (method: string, path: string, key: string | undefined, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const setUp = (allowLoopback: boolean) => {
    const clientSecrets = new InMemoryClientSecretStore();
    services = {
      providers: new InMemoryIdentityProviderStore(),
      identities: new InMemoryPersonIdentityStore(),
      clientSecrets,
      allowLoopback,
      flow: wireOpenIdConnect({ clientSecrets, allowLoopback }),
    };
    ({ app } = inMemoryApp(ADMIN_KEY, { identityProviders: services }));
  };

  beforeEach(() => setUp(false));

  it("answers 503 in words when the secrets' store cannot take the secret yet, and the same request again sets it", async () => {
    const put = services.clientSecrets.put.bind(services.clientSecrets);
    services.clientSecrets.put = async () => {
      throw new ClientSecretUnavailableError(
        'Secrets Manager did not take the client secret of identity provider rotherham (scheduled for deletion)',
      );
    };
    const refused = await send('PUT', '/v1/identity-providers/rotherham', ADMIN_KEY, rotherham);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { detail: string }).detail).toBe(
      'Secrets Manager did not take the client secret of identity provider rotherham (scheduled for deletion). The provider is registered without its client secret: send the same request again to set it.',
    );
    services.clientSecrets.put = put;
    expect((await send('PUT', '/v1/identity-providers/rotherham', ADMIN_KEY, rotherham)).status).toBe(200);
    expect(await services.clientSecrets.get('rotherham')).toBe('the-client-secret');
  });

  it('registers a provider, keeps its secret apart, and never answers the secret back', async () => {
    const created = await send('PUT', '/v1/identity-providers/rotherham', ADMIN_KEY, rotherham);
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toEqual({
      id: 'rotherham',
      name: 'Rotherham Council',
      issuer: rotherham.issuer,
      clientId: 'partnership-hub',
      emailDomains: ['rotherham.gov.uk'],
      version: 1,
      updatedAt: '2026-03-01T09:00:00.000Z',
    });
    expect(await services.clientSecrets.get('rotherham')).toBe('the-client-secret');

    const listed = await send('GET', '/v1/identity-providers', ADMIN_KEY);
    const one = await send('GET', '/v1/identity-providers/rotherham', ADMIN_KEY);
    for (const answer of [listed, one]) {
      expect(answer.status).toBe(200);
      expect(await answer.text()).not.toContain('the-client-secret');
    }

    const changed = await send('PUT', '/v1/identity-providers/rotherham', ADMIN_KEY, { ...rotherham, clientSecret: 'rotated' });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { version: number }).version).toBe(2);
    expect(await services.clientSecrets.get('rotherham')).toBe('rotated');
  });

  it('refuses a domain another provider holds with 409, and a domain named twice with 400', async () => {
    expect((await send('PUT', '/v1/identity-providers/rotherham', ADMIN_KEY, rotherham)).status).toBe(201);
    const taken = await send('PUT', '/v1/identity-providers/other', ADMIN_KEY, { ...rotherham, emailDomains: ['rotherham.gov.uk'] });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');
    expect(((await taken.json()) as { detail: string }).detail).toContain('rotherham.gov.uk');
    expect((await send('GET', '/v1/identity-providers/other', ADMIN_KEY)).status).toBe(404);

    const twice = await send('PUT', '/v1/identity-providers/other', ADMIN_KEY, { ...rotherham, emailDomains: ['a.example', 'a.example'] });
    expect(twice.status).toBe(400);
    const upper = await send('PUT', '/v1/identity-providers/other', ADMIN_KEY, { ...rotherham, emailDomains: ['Sheffield.gov.uk'] });
    expect(upper.status).toBe(400);
  });

  it('accepts only an https issuer, and http on loopback only where loopback is allowed', async () => {
    for (const issuer of [
      'http://login.example/v2.0',
      'http://127.0.0.1:9000',
      'https://user:pass@login.example',
      'https://login.example/?x=1',
      'not a url',
    ]) {
      const refused = await send('PUT', '/v1/identity-providers/x', ADMIN_KEY, { ...rotherham, issuer });
      expect(refused.status, issuer).toBe(400);
      expect(((await refused.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('issuer');
    }
    setUp(true);
    expect((await send('PUT', '/v1/identity-providers/x', ADMIN_KEY, { ...rotherham, issuer: 'http://127.0.0.1:9000' })).status).toBe(201);
    expect(
      (
        await send('PUT', '/v1/identity-providers/y', ADMIN_KEY, {
          ...rotherham,
          issuer: 'http://login.example',
          emailDomains: ['y.example'],
        })
      ).status,
    ).toBe(400);
  });

  it('is the administrator’s alone, and a removal frees the domains and forgets the secret', async () => {
    expect((await send('PUT', '/v1/identity-providers/rotherham', undefined, rotherham)).status).toBe(401);
    expect((await send('GET', '/v1/identity-providers', undefined)).status).toBe(401);
    expect((await send('PUT', '/v1/identity-providers/rotherham', ADMIN_KEY, rotherham)).status).toBe(201);
    expect((await send('DELETE', '/v1/identity-providers/rotherham', ADMIN_KEY)).status).toBe(204);
    expect(await services.clientSecrets.get('rotherham')).toBeUndefined();
    expect(await services.providers.forDomain('rotherham.gov.uk')).toBeUndefined();
    expect((await send('DELETE', '/v1/identity-providers/rotherham', ADMIN_KEY)).status).toBe(204);
  });
});
