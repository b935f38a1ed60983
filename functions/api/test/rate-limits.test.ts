import { describe, expect, it, vi } from 'vitest';
import { AREA, limitedApp, ORGANISATION_KEY } from './subscription-app.ts';

/**
 * The limits on requests that send confirmation emails, through the app's own request path over
 * in-memory stores and counters. The counters themselves (DynamoDB and memory, one contract) are
 * tested in packages/store; signing in is in pages.test.ts (and in the browser, infra/test/browser/accessibility-signed-in.test.ts).
 */
async function problemOf(answer: Response) {
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  return (await answer.json()) as { type: string; status: number; detail: string; retryAfterSeconds: number };
}

describe('confirmation emails to one address', () => {
  it('are refused from the sixth within the hour, with 429 and Retry-After, and nothing is queued for it', async () => {
    const hub = await limitedApp();
    for (let sent = 1; sent <= 5; sent++) expect((await hub.subscribe('someone@example.org')).status, `subscription ${sent}`).toBe(201);
    expect(hub.queued).toHaveLength(5);
    hub.advanceSeconds(20 * 60);

    const sixth = await hub.subscribe('someone@example.org');

    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe(String(40 * 60));
    expect(await problemOf(sixth)).toMatchObject({
      type: '/problems/too-many-requests',
      status: 429,
      retryAfterSeconds: 40 * 60,
      detail: expect.stringContaining('Too many confirmation emails have been sent to this address'),
    });
    expect(hub.queued).toHaveLength(5);
  });

  it('are counted whatever the case of the address, while another address still gets its own', async () => {
    const hub = await limitedApp();
    for (let sent = 1; sent <= 5; sent++) await hub.subscribe('someone@example.org');

    expect((await hub.subscribe('Someone@EXAMPLE.org')).status).toBe(429);
    expect((await hub.subscribe('someone-else@example.org')).status).toBe(201);
  });

  it('are counted from every caller alike: a new client address does not get the address more emails', async () => {
    const hub = await limitedApp();
    for (let sent = 1; sent <= 5; sent++) await hub.subscribe('someone@example.org', { 'x-test-client-address': `203.0.113.${sent}` });

    expect((await hub.subscribe('someone@example.org', { 'x-test-client-address': '203.0.113.99' })).status).toBe(429);
    expect((await hub.subscribe('someone@example.org', { authorization: `Bearer ${ORGANISATION_KEY}` })).status).toBe(429);
  });

  it('go out again once the window is over', async () => {
    const hub = await limitedApp();
    for (let sent = 1; sent <= 6; sent++) await hub.subscribe('someone@example.org');

    hub.advanceSeconds(60 * 60);

    expect((await hub.subscribe('someone@example.org')).status).toBe(201);
  });

  it('include the ones sent again: the sixth re-send within the hour is refused and not queued', async () => {
    const hub = await limitedApp();
    const created = (await (await hub.subscribe('someone@example.org')).json()) as { id: string; managementToken: string };
    const again = () =>
      hub.send('POST', `/v1/subscriptions/${created.id}/verification`, undefined, { 'x-subscription-token': created.managementToken });
    for (let sent = 2; sent <= 5; sent++) {
      hub.advanceSeconds(61);
      expect((await again()).status, `email ${sent}`).toBe(202);
    }
    hub.advanceSeconds(61);

    const sixth = await again();

    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBe(60 * 60 - 5 * 61);
    expect(hub.queued).toHaveLength(5);
  });

  it('include a move to the address: a subscription is not moved to an address that has had its five', async () => {
    const hub = await limitedApp();
    for (let sent = 1; sent <= 5; sent++) await hub.subscribe('someone@example.org');
    const mine = (await (await hub.subscribe('mine@example.org')).json()) as { id: string; managementToken: string };
    hub.advanceSeconds(61); // past the once-a-minute rule for sending to one subscription

    const moved = await hub.send(
      'PUT',
      `/v1/subscriptions/${mine.id}`,
      { filter: {}, endpoint: { kind: 'email', address: 'someone@example.org' } },
      { 'x-subscription-token': mine.managementToken },
    );

    expect(moved.status).toBe(429);
    expect(await problemOf(moved)).toMatchObject({ detail: expect.stringContaining('Too many confirmation emails') });
    expect((await hub.subscriptions.get(mine.id))?.endpoint).toMatchObject({ address: 'mine@example.org' });
    expect(hub.queued).toHaveLength(6);
  });

  it('follow the limit the wiring was given', async () => {
    const hub = await limitedApp({ policy: { confirmationEmailsPerAddress: { points: 2, durationSeconds: 600 } } });
    await hub.subscribe('someone@example.org');
    await hub.subscribe('someone@example.org');

    const third = await hub.subscribe('someone@example.org');

    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('600');
  });
});

describe('subscription requests from one caller', () => {
  const policy = { subscriptionRequestsPerCaller: { points: 3, durationSeconds: 3600 } };

  it('are refused past the limit from one client address, whichever addresses they are for; another client is not', async () => {
    const hub = await limitedApp({ policy });
    for (let request = 1; request <= 3; request++) expect((await hub.subscribe(`person-${request}@example.org`)).status).toBe(201);

    const fourth = await hub.subscribe('person-4@example.org');

    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('3600');
    expect(await problemOf(fourth)).toMatchObject({ detail: expect.stringContaining('You have made too many subscription requests') });
    expect(hub.queued).toHaveLength(3);
    expect((await hub.subscribe('person-4@example.org', { 'x-test-client-address': '203.0.113.50' })).status).toBe(201);
  });

  it('are counted by API key where the caller has one, not by the address it calls from', async () => {
    const hub = await limitedApp({ policy });
    const withKey = (from: string) => ({ authorization: `Bearer ${ORGANISATION_KEY}`, 'x-test-client-address': from });
    for (let request = 1; request <= 3; request++) await hub.subscribe(`person-${request}@example.org`, withKey(`203.0.113.${request}`));

    expect((await hub.subscribe('person-4@example.org', withKey('203.0.113.4'))).status).toBe(429);
    // The same client address without the key is a caller of its own.
    expect((await hub.subscribe('person-4@example.org', { 'x-test-client-address': '203.0.113.4' })).status).toBe(201);
  });

  it('include webhooks, which send a verification request', async () => {
    const hub = await limitedApp({ policy });
    const webhook = () =>
      hub.send('POST', '/v1/subscriptions', { areaId: AREA, endpoint: { kind: 'webhook', url: 'https://hooks.example.org/in' } });
    for (let request = 1; request <= 3; request++) expect((await webhook()).status).toBe(201);

    expect((await webhook()).status).toBe(429);
  });
});

describe('when the limits cannot be counted', () => {
  const broken = () => ({
    consume: async () => {
      throw new Error('ProvisionedThroughputExceededException');
    },
    refund: async () => {},
  });

  it('the request is refused with 503 and Retry-After, nothing is stored or sent, and the failure is logged', async () => {
    const hub = await limitedApp({ limiter: broken });
    const stored = vi.spyOn(hub.subscriptions, 'create');

    const answer = await hub.subscribe('someone@example.org');

    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(await problemOf(answer)).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
    expect(hub.queued).toEqual([]);
    expect(stored).not.toHaveBeenCalled();
    expect(hub.logger.error).toHaveBeenCalledWith(
      'a rate limit could not be counted, so the request was refused',
      expect.objectContaining({ limit: 'subscription-requests', error: expect.stringContaining('ProvisionedThroughputExceededException') }),
    );
  });
});
