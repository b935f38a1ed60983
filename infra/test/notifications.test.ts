import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Resolve } from '@partnership-hub/subscriptions';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { client, eventually, temporaryDirectory } from './support/client.ts';

/**
 * Change notifications end to end: the local hub with its notifier on the bus and its delivery
 * scheduler, real webhook receivers on 127.0.0.1, and emails in the outbox folder.
 */
const ADMIN = 'test-admin-key';
const AREA = 'notify-area';
/** Shortened from a minute, so the tests can ask again. */
const RESEND_INTERVAL_MS = 300;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, any> };
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A webhook endpoint on loopback that records what it gets and answers as told (by default: verifies, then 200). */
async function receiver(
  answer?: (request: Received, count: number) => Answer,
): Promise<{ url: string; received: Received[]; changes: () => Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { headers: request.headers, body, payload: JSON.parse(body) };
      received.push(entry);
      const reply = answer?.(entry, received.length) ?? echoChallenge(entry);
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    changes: () => received.filter((entry) => entry.payload.type !== 'subscription.verification'),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

function echoChallenge(entry: Received): Answer {
  return entry.payload.type === 'subscription.verification'
    ? { status: 200, body: { challenge: entry.payload.data.challenge } }
    : { status: 204 };
}

// Host names the tests resolve without DNS: one to a private address, one to loopback.
const resolve: Resolve = async (host) => {
  if (host === 'intranet.example') return [{ address: '10.1.2.3', family: 4 }];
  if (host === 'mixed.example')
    return [
      { address: '93.184.216.34', family: 4 },
      { address: '192.168.0.7', family: 4 },
    ];
  if (host === 'localhost.example') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

let hub: LocalHub;
let call: ReturnType<typeof client>;
let removeData: () => Promise<void>;
const keys: Record<string, string> = {};
const receivers: { close: () => Promise<void> }[] = [];

const priority = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tackle domestic abuse',
  themes: ['domestic-abuse'],
  status: 'active',
  visibility: 'public',
  ...overrides,
});

let nextItem = 0;
/** Publishes a new priority and answers its id. */
async function publish(organisationId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = `p-${++nextItem}`;
  const answer = await call('PUT', `/v1/areas/${AREA}/organisations/${organisationId}/priorities/${id}`, {
    key: keys[organisationId]!,
    body: priority(overrides),
  });
  expect(answer.status).toBe(201);
  return id;
}

async function subscribe(body: Record<string, unknown>, options: { key?: string; token?: string } = {}) {
  return call('POST', '/v1/subscriptions', {
    body: { areaId: AREA, ...body },
    ...(options.key ? { key: options.key } : {}),
    ...(options.token ? { headers: { 'x-subscription-token': options.token } } : {}),
  });
}

/** Subscribes a receiver and waits until it has answered the verification request. */
async function subscribeVerified(
  url: string,
  filter: Record<string, unknown> = {},
  options: { key?: string; audience?: string; ownerEmail?: string } = {},
) {
  const created = await subscribe(
    {
      filter,
      endpoint: { kind: 'webhook', url },
      ...(options.audience ? { audience: options.audience } : {}),
      ...(options.ownerEmail ? { ownerEmail: options.ownerEmail } : {}),
    },
    options,
  );
  expect(created.status).toBe(201);
  const { id, managementToken, signingSecret } = created.body as { id: string; managementToken: string; signingSecret: string };
  await eventually(async () => expect((await read(id, managementToken)).body.status).toBe('active'), 5_000);
  return { id, managementToken, signingSecret };
}

const read = (id: string, token: string) => call('GET', `/v1/subscriptions/${id}`, { headers: { 'x-subscription-token': token } });

/**
 * Asks until the resend interval since the last verification has passed: an answer of 429 comes
 * before anything is changed or sent, so asking early changes nothing.
 */
function onceResendIsAllowed(ask: () => ReturnType<typeof call>): ReturnType<typeof call> {
  return vi.waitFor(
    async () => {
      const answer = await ask();
      expect(answer.status).not.toBe(429);
      return answer;
    },
    { timeout: RESEND_INTERVAL_MS + 5_000, interval: 25 },
  );
}

beforeAll(async () => {
  const data = await temporaryDirectory();
  removeData = data.remove;
  hub = await startLocalHub({
    dataDir: data.path,
    port: 0,
    adminKey: ADMIN,
    seed: false,
    notifications: {
      retryDelays: '50ms,50ms,50ms',
      allowLoopbackWebhooks: true,
      resolve,
      pollEveryMs: 25,
      resendIntervalMs: RESEND_INTERVAL_MS,
    },
  });
  call = client(hub.url);
  await call('PUT', `/v1/areas/${AREA}`, { key: ADMIN, body: { name: 'Notify Area' } });
  for (const [organisationId, kind] of [
    ['csp-a', 'csp'],
    ['csp-b', 'csp'],
    ['pcc', 'pcc'],
  ] as const) {
    await call('PUT', `/v1/areas/${AREA}/organisations/${organisationId}`, {
      key: ADMIN,
      body: { name: `Organisation ${organisationId}`, kind },
    });
    keys[organisationId] = (await call('POST', `/v1/areas/${AREA}/organisations/${organisationId}/api-keys`, { key: ADMIN })).body.key;
  }
});

afterAll(async () => {
  await hub?.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await removeData?.();
});

async function newReceiver(answer?: (request: Received, count: number) => Answer) {
  const created = await receiver(answer);
  receivers.push(created);
  return created;
}

/**
 * Waits until the notifier has handled `count` changes, seen by a catch-all subscriber of the
 * area, then runs the scheduler once more: after that, anything another subscriber was going to
 * get has been attempted, so "it did not arrive" is a fact, not a race.
 */
async function settle(witness: Awaited<ReturnType<typeof newReceiver>>, count: number) {
  await eventually(async () => expect(witness.changes().length).toBeGreaterThanOrEqual(count), 5_000);
  await hub.notifications.runDueNow();
}

describe('subscribing a webhook', () => {
  it('answers 201 with the id, a management token and a whsec_ signing secret, pending verification', async () => {
    const endpoint = await newReceiver();
    const created = await subscribe({ filter: { themes: ['burglary'] }, endpoint: { kind: 'webhook', url: endpoint.url } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^sub_/),
      managementToken: expect.stringMatching(/^phs_/),
      signingSecret: expect.stringMatching(/^whsec_/),
      status: 'pending-verification',
    });
    expect(created.headers.get('location')).toBe(`/v1/subscriptions/${created.body.id}`);
  });

  it('sends a signed subscription.verification with a challenge, and activates the endpoint that echoes it', async () => {
    const endpoint = await newReceiver();
    const { id, managementToken, signingSecret } = await subscribeVerified(endpoint.url);
    const verification = endpoint.received[0]!;
    expect(verification.payload).toMatchObject({
      type: 'subscription.verification',
      data: { subscriptionId: id, challenge: expect.any(String) },
    });
    expect(() => new Webhook(signingSecret).verify(verification.body, verification.headers as Record<string, string>)).not.toThrow();
    expect((await read(id, managementToken)).body.status).toBe('active');
  });

  it('refuses a filter naming an organisation that is not in the area', async () => {
    const answer = await subscribe({
      filter: { organisations: ['nobody'] },
      endpoint: { kind: 'webhook', url: 'http://127.0.0.1:9/hook' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ field: 'filter.organisations', detail: expect.stringContaining('nobody') });
  });

  it('refuses a raw pattern EventBridge would reject, naming the problem', async () => {
    const answer = await subscribe({
      filter: { pattern: { detail: { themes: 'burglary' } } },
      endpoint: { kind: 'webhook', url: 'http://127.0.0.1:9/hook' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ field: 'filter.pattern', detail: expect.stringContaining('detail.themes') });
  });

  it('needs an organisation key of the area for a partners subscription', async () => {
    const anonymous = await subscribe({ audience: 'partners', endpoint: { kind: 'webhook', url: 'http://127.0.0.1:9/hook' } });
    expect(anonymous.status).toBe(401);
  });
});

describe('delivering changes', () => {
  it('delivers a matching change, signed so that the standardwebhooks library verifies it, with what changed and a link', async () => {
    const endpoint = await newReceiver();
    const { signingSecret } = await subscribeVerified(endpoint.url, { organisations: ['csp-a'] });

    const id = await publish('csp-a', { themes: ['domestic-abuse', 'violence-against-women-and-girls'] });

    const [delivered] = await eventually(async () => {
      const changes = endpoint.changes();
      expect(changes.length).toBe(1);
      return changes;
    }, 5_000);
    const verified = new Webhook(signingSecret).verify(delivered!.body, delivered!.headers as Record<string, string>);
    expect(verified).toMatchObject({
      type: 'priority.published',
      data: {
        change: 'PriorityPublished',
        areaId: AREA,
        organisationId: 'csp-a',
        subject: { type: 'priority', id, title: 'Tackle domestic abuse' },
        themes: ['domestic-abuse', 'violence-against-women-and-girls'],
        previousVersion: null,
        version: 1,
        link: `${hub.url}/areas/${AREA}/bodies/csp-a/priorities/${id}`,
        occurredAt: expect.any(String),
      },
    });
    expect(delivered!.headers['webhook-id']).toMatch(/^msg_/);
  });

  it('tells the previous and the new version when a priority is revised', async () => {
    const endpoint = await newReceiver();
    await subscribeVerified(endpoint.url, { organisations: ['pcc'], changeTypes: ['PriorityRevised'] });
    const id = await publish('pcc');
    await call('PUT', `/v1/areas/${AREA}/organisations/pcc/priorities/${id}`, {
      key: keys.pcc!,
      body: priority({ title: 'Tackle domestic abuse together' }),
      headers: { 'if-match': '1' },
    });
    const [revised] = await eventually(async () => {
      expect(endpoint.changes().length).toBe(1);
      return endpoint.changes();
    }, 5_000);
    expect(revised!.payload).toMatchObject({
      type: 'priority.revised',
      data: { previousVersion: 1, version: 2, changedFields: ['title'] },
    });
  });

  it('does not deliver a change that does not match the filter', async () => {
    const witness = await newReceiver();
    await subscribeVerified(witness.url);
    const filtered = await newReceiver();
    await subscribeVerified(filtered.url, { organisations: ['csp-a'], themes: ['burglary'] });
    const before = witness.changes().length;

    await publish('csp-b', { themes: ['burglary'] });
    await publish('csp-a', { themes: ['road-safety'] });
    await publish('csp-a', { themes: ['burglary'], title: 'Fewer burglaries' });
    await settle(witness, before + 3);

    expect(filtered.changes().map((entry) => entry.payload.data.subject.title)).toEqual(['Fewer burglaries']);
  });

  it('retries a failing receiver with the same webhook-id until it succeeds', async () => {
    let changeCalls = 0;
    const flaky = await newReceiver((entry) => {
      if (entry.payload.type === 'subscription.verification') return echoChallenge(entry);
      changeCalls++;
      return changeCalls <= 2 ? { status: 503 } : { status: 200 };
    });
    await subscribeVerified(flaky.url, { organisations: ['csp-b'], themes: ['hate-crime'] });

    await publish('csp-b', { themes: ['hate-crime'] });

    await eventually(async () => expect(flaky.changes().length).toBe(3), 5_000);
    const ids = flaky.changes().map((entry) => entry.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
  });

  it("waits as long as a 429 answer's Retry-After asks, though the schedule says 50 ms", async () => {
    const attempts: number[] = [];
    const limited = await newReceiver((entry) => {
      if (entry.payload.type === 'subscription.verification') return echoChallenge(entry);
      attempts.push(Date.now());
      return attempts.length === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
    });
    await subscribeVerified(limited.url, { themes: ['reoffending'] });

    await publish('csp-a', { themes: ['reoffending'] });

    // Generous: on a loaded machine the scheduler's tick and the delivery itself come on top of the second asked for.
    await eventually(async () => expect(attempts.length).toBe(2), 15_000);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(900);
  });

  it('disables a subscription whose endpoint answers 410 Gone, and sends it nothing more', async () => {
    const gone = await newReceiver((entry) =>
      entry.payload.type === 'subscription.verification' ? echoChallenge(entry) : { status: 410, body: { error: 'gone' } },
    );
    const { id, managementToken } = await subscribeVerified(gone.url, { themes: ['cyber-crime'] });

    await publish('csp-a', { themes: ['cyber-crime'] });
    await eventually(
      async () =>
        expect((await read(id, managementToken)).body).toMatchObject({
          status: 'disabled',
          disabled: { reason: expect.stringContaining('410') },
        }),
      5_000,
    );
    const witness = await newReceiver();
    await subscribeVerified(witness.url, { themes: ['cyber-crime'] });
    await publish('csp-a', { themes: ['cyber-crime'] });
    await settle(witness, 1);

    expect(gone.changes().length).toBe(1);
  });

  it('disables an endpoint still failing when the retry schedule runs out, records the last failure and emails its owner', async () => {
    const failing = await newReceiver((entry) =>
      entry.payload.type === 'subscription.verification' ? echoChallenge(entry) : { status: 500, body: 'x'.repeat(1000) },
    );
    const { id, managementToken } = await subscribeVerified(
      failing.url,
      { themes: ['modern-slavery'] },
      { ownerEmail: 'owner@example.org' },
    );
    // The owner email is told nothing until it has followed the link emailed to it.
    const ownerEmails = async () => {
      const files = (await call('GET', '/local/outbox', { key: ADMIN })).body.emails as { file: string }[];
      const texts = await Promise.all(files.map((entry) => readFile(join(hub.notifications.outboxDir, entry.file), 'utf8')));
      return texts.map((text) => text.replace(/=\r?\n/g, '').replace(/=3D/g, '=')).filter((text) => text.includes('To: owner@example.org'));
    };
    const confirmLink = await eventually(async () => {
      const link = /\/v1\/subscriptions\/sub_[\w-]+\/confirm\?token=[\w-]+/.exec((await ownerEmails()).join('\n'))?.[0];
      expect(link).toBeDefined();
      return link!;
    }, 5_000);
    expect((await call('GET', confirmLink)).status).toBe(200);

    await publish('csp-a', { themes: ['modern-slavery'] });

    const answer = await eventually(async () => {
      const current = await read(id, managementToken);
      expect(current.body.status).toBe('disabled');
      return current;
    }, 5_000);
    expect(failing.changes().length).toBe(4);
    expect(answer.body.disabled.reason).toContain('retry window');
    expect(answer.body.lastFailure).toMatchObject({ status: 500, attempt: 4 });
    expect(answer.body.lastFailure.excerpt.length).toBeLessThanOrEqual(256);
    const notices = await eventually(async () => {
      const found = (await ownerEmails()).filter((text) => text.includes('has been disabled'));
      expect(found.length).toBe(1);
      return found;
    }, 5_000);
    expect(notices[0]).toContain(id);
  });

  it('sends an unverified endpoint nothing but the verification request', async () => {
    const witness = await newReceiver();
    await subscribeVerified(witness.url);
    const silent = await newReceiver(() => ({ status: 200, body: { ok: true } }));
    const created = await subscribe({ endpoint: { kind: 'webhook', url: silent.url } });
    const before = witness.changes().length;

    await publish('csp-a');
    await settle(witness, before + 1);

    expect(silent.received.length).toBeGreaterThan(0);
    expect(silent.received.every((entry) => entry.payload.type === 'subscription.verification')).toBe(true);
    expect((await read(created.body.id, created.body.managementToken)).body.status).not.toBe('active');
  });

  it('never sends a partners-only change to a public subscription', async () => {
    const partners = await newReceiver();
    await subscribeVerified(partners.url, {}, { key: keys['csp-a']!, audience: 'partners' });
    const open = await newReceiver();
    await subscribeVerified(open.url);
    const before = partners.changes().length;
    const openBefore = open.changes().length;

    await publish('csp-b', { visibility: 'partners', title: 'Restricted plan' });
    await publish('csp-b', { title: 'Public plan' });
    await settle(partners, before + 2);

    expect(
      partners
        .changes()
        .slice(before)
        .map((entry) => entry.payload.data.subject.title)
        .sort(),
    ).toEqual(['Public plan', 'Restricted plan']);
    expect(
      open
        .changes()
        .slice(openBefore)
        .map((entry) => entry.payload.data.subject.title),
    ).toEqual(['Public plan']);
  });
});

describe('webhook address safety (with the local loopback flag on)', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://10.0.0.1/', 'private'],
    ['https://intranet.example/hook', '10.1.2.3'],
    ['https://mixed.example/hook', '192.168.0.7'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['https://no-such-host.example/', 'could not be resolved'],
  ])('refuses %s with a 400 that says why', async (url, why) => {
    const answer = await subscribe({ endpoint: { kind: 'webhook', url } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ field: 'endpoint.url', detail: expect.stringContaining(why) });
  });

  it('accepts loopback, as the local flag allows', async () => {
    const answer = await subscribe({ endpoint: { kind: 'webhook', url: 'http://localhost.example:9/hook' } });
    expect(answer.status).toBe(201);
  });
});

describe('managing a subscription', () => {
  it('lists, changes and deletes with the management token, and answers 404 to any other token', async () => {
    const endpoint = await newReceiver();
    const { id, managementToken } = await subscribeVerified(endpoint.url, { themes: ['burglary'] });
    const second = await subscribe({ endpoint: { kind: 'webhook', url: endpoint.url } }, { token: managementToken });
    expect(second.status).toBe(201);
    expect(second.body.managementToken).toBeUndefined();

    const listed = await call('GET', '/v1/subscriptions', { headers: { 'x-subscription-token': managementToken } });
    expect(listed.body.subscriptions.map((entry: { id: string }) => entry.id).sort()).toEqual([id, second.body.id].sort());
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect(listed.headers.get('cache-control')).toBe('private, no-store');

    const stranger = await subscribe({ endpoint: { kind: 'webhook', url: endpoint.url } });
    expect((await read(id, stranger.body.managementToken)).status).toBe(404);
    expect(
      (await call('DELETE', `/v1/subscriptions/${id}`, { headers: { 'x-subscription-token': stranger.body.managementToken } })).status,
    ).toBe(404);
    expect((await call('GET', `/v1/subscriptions/${id}`)).status).toBe(401);

    const changed = await call('PUT', `/v1/subscriptions/${id}`, {
      headers: { 'x-subscription-token': managementToken },
      body: { filter: { themes: ['road-safety'] } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.filter).toEqual({ themes: ['road-safety'] });

    expect((await call('DELETE', `/v1/subscriptions/${id}`, { headers: { 'x-subscription-token': managementToken } })).status).toBe(204);
    expect((await read(id, managementToken)).status).toBe(404);
  });

  it('delivers by the changed filter after an update', async () => {
    const endpoint = await newReceiver();
    const { id, managementToken } = await subscribeVerified(endpoint.url, { themes: ['burglary'] });
    await call('PUT', `/v1/subscriptions/${id}`, {
      headers: { 'x-subscription-token': managementToken },
      body: { filter: { themes: ['vehicle-crime'] } },
    });

    await publish('csp-a', { themes: ['vehicle-crime'], title: 'Vehicle crime plan' });

    await eventually(
      async () => expect(endpoint.changes().map((entry) => entry.payload.data.subject.title)).toEqual(['Vehicle crime plan']),
      5_000,
    );
  });
});

describe('managing a webhook after subscribing', () => {
  const token = (managementToken: string) => ({ headers: { 'x-subscription-token': managementToken } });

  it('sends the verification again on request, counts only the newest challenge, and switches a disabled webhook back on', async () => {
    let ready = false;
    const endpoint = await newReceiver((entry) =>
      entry.payload.type === 'subscription.verification' && !ready ? { status: 200, body: {} } : echoChallenge(entry),
    );
    const created = await subscribe({ filter: { themes: ['hate-crime'] }, endpoint: { kind: 'webhook', url: endpoint.url } });
    const { id, managementToken } = created.body as { id: string; managementToken: string };
    // Never echoed: the verification request is retried, then the subscription is disabled.
    await eventually(async () => expect((await read(id, managementToken)).body.status).toBe('disabled'), 5_000);
    const firstChallenge = endpoint.received[0]!.payload.data.challenge;

    ready = true;
    const resent = await onceResendIsAllowed(() => call('POST', `/v1/subscriptions/${id}/verification`, token(managementToken)));
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id, status: 'pending-verification' });
    expect(resent.body.disabled).toBeUndefined();
    expect(JSON.stringify(resent.body)).not.toContain(firstChallenge);

    const again = await call('POST', `/v1/subscriptions/${id}/verification`, token(managementToken));
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(again.body).toMatchObject({ type: '/problems/too-many-requests', status: 429 });

    await eventually(async () => expect((await read(id, managementToken)).body.status).toBe('active'), 5_000);
    const challenges = endpoint.received
      .filter((entry) => entry.payload.type === 'subscription.verification')
      .map((entry) => entry.payload.data.challenge);
    expect(new Set(challenges).size).toBe(2);

    await publish('csp-a', { themes: ['hate-crime'], title: 'Hate crime plan' });
    await eventually(
      async () => expect(endpoint.changes().map((entry) => entry.payload.data.subject.title)).toEqual(['Hate crime plan']),
      5_000,
    );
    expect((await call('POST', `/v1/subscriptions/${id}/verification`, token(managementToken))).status).toBe(409);
  });

  it('rotates the signing secret: deliveries carry both signatures through the grace period, and neither secret is ever shown again', async () => {
    const endpoint = await newReceiver();
    const { id, managementToken, signingSecret: oldSecret } = await subscribeVerified(endpoint.url, { themes: ['modern-slavery'] });

    const rotated = await call('POST', `/v1/subscriptions/${id}/signing-secret`, token(managementToken));
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.signingSecret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const validUntil = Date.parse(rotated.body.previousSigningSecretValidUntil);
    expect(validUntil - Date.now()).toBeGreaterThan(23 * 3600 * 1000);

    await publish('csp-a', { themes: ['modern-slavery'], title: 'Modern slavery plan' });
    const [change] = await eventually(async () => {
      expect(endpoint.changes()).toHaveLength(1);
      return endpoint.changes();
    }, 5_000);
    const headers = {
      'webhook-id': String(change!.headers['webhook-id']),
      'webhook-timestamp': String(change!.headers['webhook-timestamp']),
      'webhook-signature': String(change!.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(change!.body, headers)).toMatchObject({ type: 'priority.published' });
    expect(new Webhook(oldSecret).verify(change!.body, headers)).toMatchObject({ type: 'priority.published' });

    const shown = await read(id, managementToken);
    expect(shown.body.previousSigningSecretValidUntil).toBe(rotated.body.previousSigningSecretValidUntil);
    expect(JSON.stringify(shown.body)).not.toContain(oldSecret);
    expect(JSON.stringify(shown.body)).not.toContain(newSecret);
  });

  it('moves a webhook to a new URL: nothing goes there until it is verified, and nothing more goes to the old one', async () => {
    const before = await newReceiver();
    const after = await newReceiver();
    const { id, managementToken } = await subscribeVerified(before.url, { themes: ['cyber-crime'] });

    const moved = await onceResendIsAllowed(() =>
      call('PUT', `/v1/subscriptions/${id}`, {
        ...token(managementToken),
        body: { filter: { themes: ['cyber-crime'] }, endpoint: { kind: 'webhook', url: after.url } },
      }),
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'pending-verification', endpoint: { kind: 'webhook', url: after.url } });
    await eventually(async () => expect((await read(id, managementToken)).body.status).toBe('active'), 5_000);
    expect(after.received.map((entry) => entry.payload.type)).toEqual(['subscription.verification']);

    await publish('csp-a', { themes: ['cyber-crime'], title: 'Cyber crime plan' });
    await eventually(
      async () => expect(after.changes().map((entry) => entry.payload.data.subject.title)).toEqual(['Cyber crime plan']),
      5_000,
    );
    expect(before.changes()).toEqual([]);

    const otherKind = await call('PUT', `/v1/subscriptions/${id}`, {
      ...token(managementToken),
      body: { filter: {}, endpoint: { kind: 'email', address: 'x@example.org' } },
    });
    expect(otherKind.status).toBe(400);
    expect(otherKind.body.errors).toEqual([expect.objectContaining({ field: 'endpoint.kind' })]);
    const unsafe = await call('PUT', `/v1/subscriptions/${id}`, {
      ...token(managementToken),
      body: { filter: {}, endpoint: { kind: 'webhook', url: 'https://intranet.example/hook' } },
    });
    expect(unsafe.status).toBe(400);
    expect((await read(id, managementToken)).body).toMatchObject({ status: 'active', endpoint: { url: after.url } });
  });

  it('has no secret to rotate for an email subscription, and manages only with the token', async () => {
    const created = await subscribe({ filter: {}, endpoint: { kind: 'email', address: 'no-secret@example.org' } });
    const { id, managementToken } = created.body as { id: string; managementToken: string };
    expect((await call('POST', `/v1/subscriptions/${id}/signing-secret`, token(managementToken))).status).toBe(409);
    expect((await call('POST', `/v1/subscriptions/${id}/signing-secret`, token('phs_not-the-token'))).status).toBe(404);
    expect((await call('POST', `/v1/subscriptions/${id}/verification`)).status).toBe(401);
  });
});

describe('email alerts', () => {
  async function outbox(): Promise<{ file: string; text: string }[]> {
    const listing = await call('GET', '/local/outbox', { key: ADMIN });
    return Promise.all(
      listing.body.emails.map(async (entry: { file: string }) => ({
        file: entry.file,
        text: await readFile(join(hub.notifications.outboxDir, entry.file), 'utf8'),
      })),
    );
  }
  // Header lines are folded at 78 characters (RFC 5322 §2.2.3): unfold them to read them.
  // The body is quoted-printable (alerts hold curly quotes): decode it so that words split across lines read whole.
  const decodedBody = (text: string) => {
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return text;
    const body = text
      .slice(end)
      .replace(/=\r?\n/g, '')
      .replace(/(=[0-9A-F]{2})+/g, (bytes) => Buffer.from(bytes.replaceAll('=', ''), 'hex').toString('utf8'));
    return text.slice(0, end) + body;
  };
  const emailsTo = async (address: string) =>
    (await outbox())
      .map((email) => ({ ...email, text: decodedBody(email.text.replace(/\r\n[ \t]+/g, ' ')) }))
      .filter((email) => email.text.includes(`To: ${address}`));
  const linkIn = (text: string, kind: 'confirm' | 'unsubscribe') => {
    const unfolded = text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const match = new RegExp(`http://127\\.0\\.0\\.1:\\d+(/v1/subscriptions/sub_[\\w-]+/${kind}\\?token=[\\w-]+)`).exec(unfolded);
    if (!match) throw new Error(`no ${kind} link in ${text}`);
    return match[1]!;
  };

  it('sends one address at most five confirmation emails an hour, whatever the case it is written in: the sixth is refused', async () => {
    const address = 'flooded@example.org';
    for (let sent = 1; sent <= 5; sent++)
      expect((await subscribe({ filter: {}, endpoint: { kind: 'email', address } })).status, `subscription ${sent}`).toBe(201);

    const sixth = await subscribe({ filter: {}, endpoint: { kind: 'email', address: 'Flooded@Example.org' } });

    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('content-type')).toBe('application/problem+json');
    expect(sixth.body).toMatchObject({ type: '/problems/too-many-requests', status: 429 });
    // Counted in the hub's table from the first of the five: the window has most of its hour left.
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(sixth.body.retryAfterSeconds).toBe(retryAfter);
    await eventually(async () => expect(await emailsTo(address)).toHaveLength(5), 5_000);
    expect((await subscribe({ filter: {}, endpoint: { kind: 'email', address: 'not-flooded@example.org' } })).status).toBe(201);
  });

  it('asks for confirmation first (double opt-in), then sends alerts, each with a one-click unsubscribe', async () => {
    const address = 'resident@example.org';
    const created = await subscribe({
      filter: { organisations: ['csp-b'], themes: ['road-safety'] },
      endpoint: { kind: 'email', address },
    });
    expect(created.body).toMatchObject({ status: 'pending-confirmation' });
    expect(created.body.signingSecret).toBeUndefined();

    const [confirmation] = await eventually(async () => {
      const emails = await emailsTo(address);
      expect(emails.length).toBe(1);
      return emails;
    }, 5_000);
    expect(confirmation!.text).toContain('List-Unsubscribe: <http://127.0.0.1');
    expect(confirmation!.text).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    await publish('csp-b', { themes: ['road-safety'], title: 'Before confirming' });
    const confirmed = await call('GET', linkIn(confirmation!.text, 'confirm'));
    expect(confirmed.status).toBe(200);
    expect((await read(created.body.id, created.body.managementToken)).body.status).toBe('active');

    await publish('csp-b', { themes: ['road-safety'], title: 'After confirming' });
    const alert = await eventually(async () => {
      const emails = (await emailsTo(address)).filter((email) => email.text.includes('After confirming'));
      expect(emails.length).toBe(1);
      return emails[0]!;
    }, 5_000);
    expect(alert.text).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect((await emailsTo(address)).some((email) => email.text.includes('Before confirming'))).toBe(false);

    const unsubscribed = await call('POST', linkIn(alert.text, 'unsubscribe'), {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsubscribed.status).toBe(200);
    expect((await read(created.body.id, created.body.managementToken)).status).toBe(404);
  });

  it('sends the confirmation email again on request; only the newest link confirms', async () => {
    const address = 'lost-the-email@example.org';
    const created = await subscribe({ filter: { themes: ['early-intervention'] }, endpoint: { kind: 'email', address } });
    const { id, managementToken } = created.body as { id: string; managementToken: string };
    const first = await eventually(async () => (await emailsTo(address))[0] ?? Promise.reject(new Error('no email yet')), 5_000);

    const resent = await onceResendIsAllowed(() =>
      call('POST', `/v1/subscriptions/${id}/verification`, { headers: { 'x-subscription-token': managementToken } }),
    );
    expect(resent.status).toBe(202);
    expect(resent.body.status).toBe('pending-confirmation');
    const second = await eventually(async () => {
      const emails = await emailsTo(address);
      expect(emails).toHaveLength(2);
      return emails.find((email) => email.file !== first.file)!;
    }, 5_000);
    expect(linkIn(second.text, 'confirm')).not.toBe(linkIn(first.text, 'confirm'));

    expect((await call('GET', linkIn(first.text, 'confirm'))).status).toBe(404);
    expect((await call('GET', linkIn(second.text, 'confirm'))).status).toBe(200);
    expect((await read(id, managementToken)).body.status).toBe('active');
  });

  it("collects a daily-digest subscription's changes into one email when the digest runs", async () => {
    const address = 'digest@example.org';
    const created = await subscribe({
      filter: { themes: ['substance-misuse'] },
      endpoint: { kind: 'email', address, mode: 'daily-digest' },
    });
    const confirmation = await eventually(async () => (await emailsTo(address))[0] ?? Promise.reject(new Error('no email yet')), 5_000);
    await call('GET', linkIn(confirmation.text, 'confirm'));
    const witness = await newReceiver();
    await subscribeVerified(witness.url, { themes: ['substance-misuse'] });

    await publish('csp-a', { themes: ['substance-misuse'], title: 'Drugs plan one' });
    await publish('csp-b', { themes: ['substance-misuse'], title: 'Drugs plan two' });
    await settle(witness, 2);
    expect((await emailsTo(address)).length).toBe(1);

    expect(await hub.notifications.runDigestNow()).toEqual({ digests: 1 });
    await hub.notifications.runDueNow();

    const digests = (await emailsTo(address)).filter((email) => email.text.includes('Drugs plan'));
    expect(digests.length).toBe(1);
    expect(digests[0]!.text).toContain('Drugs plan one');
    expect(digests[0]!.text).toContain('Drugs plan two');
    expect(created.status).toBe(201);
  });
});

describe('webhook address safety without the local flag', () => {
  let strict: LocalHub;
  let strictCall: ReturnType<typeof client>;
  let removeStrict: () => Promise<void>;

  beforeAll(async () => {
    const data = await temporaryDirectory();
    removeStrict = data.remove;
    strict = await startLocalHub({
      dataDir: data.path,
      port: 0,
      adminKey: ADMIN,
      seed: false,
      notifications: { allowLoopbackWebhooks: false, resolve },
    });
    strictCall = client(strict.url);
    await strictCall('PUT', `/v1/areas/${AREA}`, { key: ADMIN, body: { name: 'Notify Area' } });
  });
  afterAll(async () => {
    await strict?.stop();
    await removeStrict?.();
  });

  it.each([
    ['http://[::1]/', 'loopback'],
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['https://localhost.example/hook', 'loopback'],
    ['http://169.254.169.254/', 'link-local'],
    ['http://10.0.0.1/', 'private'],
    ['http://93.184.216.34/hook', 'must use https'],
  ])('refuses %s with a 400', async (url, why) => {
    const answer = await strictCall('POST', '/v1/subscriptions', { body: { areaId: AREA, endpoint: { kind: 'webhook', url } } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].detail).toContain(why);
  });

  it("lists the (empty) email outbox at /local/outbox, a page only the local run serves, to the administrator's key only", async () => {
    const listing = await strictCall('GET', '/local/outbox', { key: ADMIN });
    expect(listing.status).toBe(200);
    expect(listing.body.emails).toEqual([]);
    const anonymous = await strictCall('GET', '/local/outbox');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await strictCall('GET', '/local/outbox/1.eml')).status).toBe(401);
    expect((await strictCall('GET', '/local/outbox', { key: 'phk_not-the-administrator' })).status).toBe(403);
  });
});
