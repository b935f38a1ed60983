import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, DynamoDbApiKeyStore, DynamoDbEventLog, DynamoDbViewStore } from '@partnership-hub/store';
import {
  createSubscription,
  type Delivery,
  type DeliveryQueue,
  hashToken,
  InMemoryDeliveryStore,
  InMemorySubscriptionStore,
  randomGenerators,
  type Subscription,
  wireSubscriptionServices,
} from '@partnership-hub/subscriptions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';

const TABLE = 'partnership-hub';
const AREA = 'south-yorkshire';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const ddb = mockClient(DynamoDBDocumentClient);
// Unit test files share their worker's modules (vitest.config.ts): put the real client back for the next file.
afterAll(() => {
  ddb.restore();
});

const areaRegistered = {
  detailType: 'AreaRegistered',
  detail: JSON.stringify({
    eventId: '01JAREA0001',
    schemaVersion: 1,
    occurredAt: '2026-01-01T09:00:00.000Z',
    areaId: AREA,
    organisationId: null,
    subject: { type: 'area', id: AREA, version: 1 },
    actor: { kind: 'admin' },
    visibility: 'public',
    data: { name: 'South Yorkshire' },
  }),
};

/** The stores in memory instead of the mocked DynamoDB client, for the tests that read what a route stored. */
function inMemory() {
  return { subscriptions: new InMemorySubscriptionStore(), deliveries: new InMemoryDeliveryStore() };
}

function app(options: { subscriptions?: boolean; stores?: ReturnType<typeof inMemory> } = {}) {
  const documents = createDocumentClient({ region: 'eu-west-2', credentials });
  const queued: { deliveryId: string; dueAt: Date }[] = [];
  const queue: DeliveryQueue = { enqueue: async (deliveryId, dueAt) => void queued.push({ deliveryId, dueAt }) };
  const deps: ApiDeps = {
    eventLog: new DynamoDbEventLog(documents, TABLE),
    views: new DynamoDbViewStore(documents, TABLE),
    apiKeys: new DynamoDbApiKeyStore(documents, TABLE),
    adminKeyHash: '0'.repeat(64),
    clock: () => new Date('2026-03-01T10:00:00.000Z'),
    newEventId: () => '01JEVENT',
    newApiKey: () => 'unused',
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    ...(options.subscriptions === false
      ? {}
      : {
          subscriptions: {
            ...wireSubscriptionServices(documents, TABLE, {
              queue,
              allowLoopbackWebhooks: false,
              resolve: async () => [{ address: '93.184.216.34', family: 4 }],
            }),
            ...options.stores,
          },
        }),
  };
  return { app: createApp(deps, allRoutes), queued };
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const puts = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item as Record<string, any>);

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `LOG#${AREA}#area#-#${AREA}` } }).resolves({ Items: [areaRegistered] });
  ddb.on(PutCommand).resolves({});
  ddb.on(GetCommand).resolves({});
});

describe('POST /v1/subscriptions', () => {
  it('is not served when the wiring gives the app no subscriptions', async () => {
    const { app: bare } = app({ subscriptions: false });
    expect(
      (await bare.request('/v1/subscriptions', post({ areaId: AREA, endpoint: { kind: 'webhook', url: 'https://hooks.example.org/' } })))
        .status,
    ).toBe(404);
  });

  it('stores a pending webhook subscription with its token hashed, unindexed, and queues the signed verification request', async () => {
    const { app: api, queued } = app();

    const answer = await api.request(
      '/v1/subscriptions',
      post({ areaId: AREA, filter: { themes: ['burglary'] }, endpoint: { kind: 'webhook', url: 'https://hooks.example.org/in' } }),
    );

    expect(answer.status).toBe(201);
    const body = (await answer.json()) as { id: string; managementToken: string; signingSecret: string; status: string };
    const stored = puts().find((item) => item.pk === `SUB#${body.id}`) as Subscription;
    expect(stored).toMatchObject({
      status: 'pending-verification',
      managementTokenHash: hashToken(body.managementToken),
      signingSecret: body.signingSecret,
      indexKeys: [`SUBS#${AREA}#THEME#burglary`],
    });
    expect(JSON.stringify(puts())).not.toContain(body.managementToken);
    expect(puts().some((item) => String(item.pk).startsWith('SUBS#'))).toBe(false);
    const delivery = puts().find((item) => String(item.pk).startsWith('DELIVERY#')) as Delivery;
    expect(delivery).toMatchObject({
      purpose: 'verification',
      subscriptionId: body.id,
      payload: { type: 'subscription.verification', data: { challenge: stored.challenge } },
    });
    expect(queued).toEqual([{ deliveryId: delivery.id, dueAt: new Date('2026-03-01T10:00:00.000Z') }]);
  });

  it('queues a confirmation email for an email subscription, and gives it no signing secret', async () => {
    const { app: api } = app();
    const answer = await api.request(
      '/v1/subscriptions',
      post({ areaId: AREA, endpoint: { kind: 'email', address: 'resident@example.org', mode: 'daily-digest' } }),
    );
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'pending-confirmation',
      endpoint: { kind: 'email', address: 'resident@example.org', mode: 'daily-digest' },
    });
    expect(body.signingSecret).toBeUndefined();
    expect(puts().find((item) => String(item.pk).startsWith('DELIVERY#'))).toMatchObject({ purpose: 'confirmation' });
  });

  it('refuses a webhook to a non-public address with a 400 on endpoint.url, storing nothing', async () => {
    const { app: api, queued } = app();
    const answer = await api.request(
      '/v1/subscriptions',
      post({ areaId: AREA, endpoint: { kind: 'webhook', url: 'http://169.254.169.254/latest/meta-data/' } }),
    );
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { errors: { field: string; detail: string }[] }).errors[0]).toMatchObject({
      field: 'endpoint.url',
      detail: expect.stringContaining('link-local'),
    });
    expect(puts()).toEqual([]);
    expect(queued).toEqual([]);
  });

  it('refuses a raw pattern keyed by a name JavaScript objects already have with a 400 on filter.pattern, storing nothing', async () => {
    const { app: api } = app();
    for (const pattern of ['{"constructor": ["x"]}', '{"detail": {"constructor": ["x"]}}', '{"__proto__": {"source": ["x"]}}']) {
      const answer = await api.request('/v1/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"areaId": "${AREA}", "filter": {"pattern": ${pattern}}, "endpoint": {"kind": "webhook", "url": "https://hooks.example.org/in"}}`,
      });
      expect(answer.status, pattern).toBe(400);
      expect(await answer.json(), pattern).toMatchObject({ errors: [{ field: 'filter.pattern' }] });
    }
    expect(puts()).toEqual([]);
  });

  it('answers 404 for an area the hub does not have', async () => {
    const { app: api } = app();
    expect(
      (
        await api.request(
          '/v1/subscriptions',
          post({ areaId: 'nowhere', endpoint: { kind: 'webhook', url: 'https://hooks.example.org/' } }),
        )
      ).status,
    ).toBe(404);
  });

  it('needs an organisation key of the same area for a partners subscription', async () => {
    const { app: api } = app();
    const otherAreaKey = 'phk_other';
    ddb.on(GetCommand, { Key: { pk: `KEY#${hashKey(otherAreaKey)}`, sk: 'KEY' } }).resolves({
      Item: { keyHash: hashKey(otherAreaKey), keyId: 'k', areaId: 'staffordshire', organisationId: 'staffs-csp', createdAt: '' },
    });
    const body = { areaId: AREA, audience: 'partners', endpoint: { kind: 'webhook', url: 'https://hooks.example.org/' } };

    expect((await api.request('/v1/subscriptions', post(body))).status).toBe(401);
    expect((await api.request('/v1/subscriptions', post(body, { authorization: `Bearer ${otherAreaKey}` }))).status).toBe(403);
  });

  it('records which key made a partners subscription, so that revoking the key stops it', async () => {
    const { app: api } = app();
    const sameAreaKey = 'phk_rotherham';
    ddb.on(GetCommand, { Key: { pk: `KEY#${hashKey(sameAreaKey)}`, sk: 'KEY' } }).resolves({
      Item: { keyHash: hashKey(sameAreaKey), keyId: 'rotherham-1', areaId: AREA, organisationId: 'safer-rotherham', createdAt: '' },
    });
    const body = { areaId: AREA, audience: 'partners', endpoint: { kind: 'webhook', url: 'https://hooks.example.org/' } };

    const answer = await api.request('/v1/subscriptions', post(body, { authorization: `Bearer ${sameAreaKey}` }));

    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };
    expect(puts().find((item) => item.pk === `SUB#${id}`)).toMatchObject({
      audience: 'partners',
      createdBy: 'safer-rotherham',
      createdWithKey: 'rotherham-1',
    });
  });
});

describe('managing a subscription', () => {
  it('answers a token that does not manage the subscription exactly as if it did not exist', async () => {
    const { app: api } = app();
    const id = 'sub_AAAAAAAAAAAAAAAA';
    ddb
      .on(GetCommand, { Key: { pk: `SUB#${id}`, sk: 'SUB' } })
      .resolves({ Item: { pk: `SUB#${id}`, sk: 'SUB', id, managementTokenHash: hashToken('phs_owner') } });

    const wrong = await api.request(`/v1/subscriptions/${id}`, { headers: { 'x-subscription-token': 'phs_someone-else' } });
    const missing = await api.request('/v1/subscriptions/sub_BBBBBBBBBBBBBBBB', {
      headers: { 'x-subscription-token': 'phs_someone-else' },
    });

    expect(wrong.status).toBe(404);
    expect(missing.status).toBe(404);
    const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail.replace(/sub_\w+/, 'sub_');
    expect(await detail(wrong)).toBe(await detail(missing));
  });

  it('asks for the management token as X-Subscription-Token', async () => {
    const { app: api } = app();
    const answer = await api.request('/v1/subscriptions');
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { detail: string }).detail).toContain('X-Subscription-Token');
  });
});

describe('the local outbox page', () => {
  it('is not part of the shared app: only the local wiring serves it', async () => {
    const { app: api } = app();
    expect((await api.request('/local/outbox')).status).toBe(404);
  });
});

describe('rules the subscription routes answer for', () => {
  const token = (managementToken: string) => ({ method: 'POST', headers: { 'x-subscription-token': managementToken } });
  const made = (kind: 'webhook' | 'email', createdAt: Date) =>
    createSubscription(
      {
        areaId: AREA,
        audience: 'public',
        createdBy: null,
        filter: {},
        endpoint:
          kind === 'webhook'
            ? { kind: 'webhook', url: 'https://hooks.example.org/' }
            : { kind: 'email', address: 'resident@example.org', mode: 'immediate' },
      },
      { now: createdAt, generate: randomGenerators },
    );

  it('asks again with 429 and Retry-After when a verification was sent less than a minute ago', async () => {
    const stores = inMemory();
    const { app: api, queued } = app({ stores });
    const { subscription, managementToken } = made('webhook', new Date('2026-03-01T09:59:35.000Z'));
    await stores.subscriptions.create(subscription);

    const answer = await api.request(`/v1/subscriptions/${subscription.id}/verification`, token(managementToken));

    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('35');
    expect(await answer.json()).toMatchObject({ type: '/problems/too-many-requests', retryAfterSeconds: 35 });
    expect(queued).toEqual([]);
  });

  it('sends the verification again once the minute is up, storing and queueing the new request', async () => {
    const stores = inMemory();
    const { app: api, queued } = app({ stores });
    const { subscription, managementToken } = made('webhook', new Date('2026-03-01T09:59:00.000Z'));
    await stores.subscriptions.create(subscription);

    const answer = await api.request(`/v1/subscriptions/${subscription.id}/verification`, token(managementToken));

    expect(answer.status).toBe(202);
    const stored = await stores.subscriptions.get(subscription.id);
    expect(stored).toMatchObject({ status: 'pending-verification', verificationRequestedAt: '2026-03-01T10:00:00.000Z' });
    expect(stored?.challenge).not.toBe(subscription.challenge);
    expect(queued).toHaveLength(1);
    expect(await stores.deliveries.get(queued[0]!.deliveryId)).toMatchObject({
      purpose: 'verification',
      payload: { data: { challenge: stored?.challenge } },
    });
  });

  it('answers 409 when there is nothing to verify, or no secret to rotate', async () => {
    const stores = inMemory();
    const { app: api } = app({ stores });
    const webhook = made('webhook', new Date('2026-03-01T09:00:00.000Z'));
    const email = made('email', new Date('2026-03-01T09:00:00.000Z'));
    await stores.subscriptions.create({ ...webhook.subscription, status: 'active' });
    await stores.subscriptions.create(email.subscription);

    const verify = await api.request(`/v1/subscriptions/${webhook.subscription.id}/verification`, token(webhook.managementToken));
    const rotate = await api.request(`/v1/subscriptions/${email.subscription.id}/signing-secret`, token(email.managementToken));

    expect(verify.status).toBe(409);
    expect(((await verify.json()) as { detail: string }).detail).toBe(
      `Subscription ${webhook.subscription.id} is active: there is nothing to verify or confirm.`,
    );
    expect(rotate.status).toBe(409);
  });

  /** What the hub's own change writes, to tell it apart. */
  const HUB_MARK = '2026-03-01T09:30:00.000Z';
  /** A store in which the hub changes the subscription (a delivery's outcome, say) just before each of the owner's writes. */
  function racedBy(stores: ReturnType<typeof inMemory>, races: number) {
    const store = stores.subscriptions;
    const replace = store.replace.bind(store);
    let left = races;
    store.replace = async (previous, next) => {
      if (left-- > 0) {
        const stored = (await store.get(next.id)) as Subscription;
        await replace(stored, { ...stored, updatedAt: new Date(Date.parse(stored.updatedAt) + 1).toISOString(), activeSince: HUB_MARK });
      }
      return replace(previous, next);
    };
    return stores;
  }

  /** An active webhook's secret rotated while the hub changes the subscription before each of the first `races` writes. */
  async function rotateRacedBy(races: number) {
    const stores = racedBy(inMemory(), races);
    const { app: api } = app({ stores });
    const webhook = made('webhook', new Date('2026-03-01T09:00:00.000Z'));
    await stores.subscriptions.create({ ...webhook.subscription, status: 'active' });
    const rotate = await api.request(`/v1/subscriptions/${webhook.subscription.id}/signing-secret`, token(webhook.managementToken));
    return { stores, webhook, rotate };
  }

  it("rotates the secret on what the hub wrote meanwhile, keeping the hub's change, instead of answering 409", async () => {
    const { stores, webhook, rotate } = await rotateRacedBy(1);

    expect(rotate.status).toBe(200);
    const { signingSecret } = (await rotate.json()) as { signingSecret: string };
    expect(await stores.subscriptions.get(webhook.subscription.id)).toMatchObject({
      signingSecret,
      previousSigningSecret: { secret: webhook.subscription.signingSecret },
      activeSince: HUB_MARK,
    });
  });

  it("answers 409 only when the subscription keeps changing, leaving the hub's changes in place", async () => {
    const { stores, webhook, rotate } = await rotateRacedBy(3);

    expect(rotate.status).toBe(409);
    expect(((await rotate.json()) as { detail: string }).detail).toBe(
      'The subscription kept changing while you were changing it; read it again and retry.',
    );
    expect((await stores.subscriptions.get(webhook.subscription.id))?.signingSecret).toBe(webhook.subscription.signingSecret);
  });

  it('sends the verification again on what the hub wrote meanwhile', async () => {
    const stores = racedBy(inMemory(), 1);
    const { app: api, queued } = app({ stores });
    const { subscription, managementToken } = made('webhook', new Date('2026-03-01T09:59:00.000Z'));
    await stores.subscriptions.create(subscription);

    const answer = await api.request(`/v1/subscriptions/${subscription.id}/verification`, token(managementToken));

    expect(answer.status).toBe(202);
    const stored = await stores.subscriptions.get(subscription.id);
    expect(stored).toMatchObject({ activeSince: HUB_MARK, verificationRequestedAt: '2026-03-01T10:00:00.000Z' });
    expect(queued).toHaveLength(1);
    expect(await stores.deliveries.get(queued[0]!.deliveryId)).toMatchObject({ payload: { data: { challenge: stored?.challenge } } });
  });

  it("moves an email subscription to a new address with a new unsubscribe token: the old address's links no longer work", async () => {
    const stores = inMemory();
    const { app: api } = app({ stores });
    const { subscription, managementToken } = made('email', new Date('2026-03-01T09:00:00.000Z'));
    await stores.subscriptions.create({ ...subscription, status: 'active' });

    const answer = await api.request(`/v1/subscriptions/${subscription.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-subscription-token': managementToken },
      body: JSON.stringify({ filter: {}, endpoint: { kind: 'email', address: 'moved@example.org' } }),
    });

    expect(answer.status).toBe(200);
    const stored = await stores.subscriptions.get(subscription.id);
    expect(stored).toMatchObject({ status: 'pending-confirmation', endpoint: { address: 'moved@example.org' } });
    expect(stored?.unsubscribeToken).toBeDefined();
    expect(stored?.unsubscribeToken).not.toBe(subscription.unsubscribeToken);
    const oldLink = await api.request(`/v1/subscriptions/${subscription.id}/unsubscribe?token=${subscription.unsubscribeToken}`, {
      method: 'POST',
    });
    expect(oldLink.status).toBeLessThan(500);
    expect(await stores.subscriptions.get(subscription.id)).toBeDefined();
  });
});

describe('the pages behind the links in an email', () => {
  async function emailSubscription() {
    const stores = inMemory();
    const { app: api } = app({ stores });
    const { subscription } = createSubscription(
      {
        areaId: AREA,
        audience: 'public',
        createdBy: null,
        filter: {},
        endpoint: { kind: 'email', address: 'resident@example.org', mode: 'immediate' },
      },
      { now: new Date('2026-03-01T09:00:00.000Z'), generate: randomGenerators },
    );
    await stores.subscriptions.create(subscription);
    return { api, stores, subscription };
  }

  it('confirms with a GOV.UK confirmation panel in the hub layout, once; then says it is already on', async () => {
    const { api, stores, subscription } = await emailSubscription();
    const link = `/v1/subscriptions/${subscription.id}/confirm?token=${subscription.confirmToken}`;

    const confirmed = await api.request(link);

    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('content-type')).toContain('text/html');
    expect(confirmed.headers.get('cache-control')).toBe('private, no-store');
    expect(confirmed.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await confirmed.text();
    expect(page).toMatch(/^<!DOCTYPE html><html lang="en-GB" class="govuk-template">/);
    expect(page).toContain('<title>Your email alerts are on – Partnership Hub</title>');
    expect(page).toContain('<h1 class="govuk-panel__title">Your email alerts are on</h1>');
    // The mocked table holds no view of the area, so the page names it by its id.
    expect(page).toContain(`You will get an email as each change happens about changes in ${AREA}.`);
    expect(page).toContain('Every alert has a link to change how often you get them, or to stop them.');
    expect(page).toContain('href="/assets/govuk-frontend.css"');
    expect((await stores.subscriptions.get(subscription.id))?.status).toBe('active');

    const again = await api.request(link);
    expect(again.status).toBe(200);
    const second = await again.text();
    expect(second).toContain('<h1 class="govuk-heading-xl">Already confirmed</h1>');
    expect(second).toContain('These alerts are already on.');
  });

  it('answers 404 to a confirmation link that does not confirm anything', async () => {
    const { api, stores, subscription } = await emailSubscription();
    expect((await api.request(`/v1/subscriptions/${subscription.id}/confirm?token=not-the-token`)).status).toBe(404);
    expect((await stores.subscriptions.get(subscription.id))?.status).toBe('pending-confirmation');
  });

  it('answers a wrong token for a subscription already on as a link that is not valid, not "Already confirmed"', async () => {
    const { api, stores, subscription } = await emailSubscription();
    expect((await api.request(`/v1/subscriptions/${subscription.id}/confirm?token=${subscription.confirmToken}`)).status).toBe(200);

    const guessed = await api.request(`/v1/subscriptions/${subscription.id}/confirm?token=not-the-token`);

    expect(guessed.status).toBe(404);
    expect(await guessed.text()).not.toContain('Already confirmed');
    expect((await stores.subscriptions.get(subscription.id))?.status).toBe('active');
  });

  it('shows a button that POSTs the one-click unsubscribe, with the token escaped in the form', async () => {
    const { api, stores, subscription } = await emailSubscription();
    const hostile = 'x"><script>alert(1)</script>';

    const page = await (await api.request(`/v1/subscriptions/${subscription.id}/unsubscribe?token=${encodeURIComponent(hostile)}`)).text();

    expect(page).toContain('<h1 class="govuk-heading-xl">Unsubscribe</h1>');
    expect(page).toContain(
      `<form method="post" action="/v1/subscriptions/${subscription.id}/unsubscribe?token=${encodeURIComponent(hostile)}" novalidate="">`,
    );
    expect(page).toMatch(
      /<button type="submit" name="List-Unsubscribe" value="One-Click" class="govuk-button[^"]*"[^>]*>\s*Stop these emails\s*<\/button>/,
    );
    expect(page).not.toContain('<script>');
    expect(await stores.subscriptions.get(subscription.id)).toBeDefined();
  });

  it('unsubscribes with the right token only, answering the same page either way', async () => {
    const { api, stores, subscription } = await emailSubscription();
    const unsubscribe = (token: string) =>
      api.request(`/v1/subscriptions/${subscription.id}/unsubscribe?token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });

    const wrong = await unsubscribe('not-the-token');
    expect(wrong.status).toBe(200);
    const wrongPage = await wrong.text();
    expect(await stores.subscriptions.get(subscription.id)).toBeDefined();

    const right = await unsubscribe(subscription.unsubscribeToken!);
    expect(right.status).toBe(200);
    const page = await right.text();
    expect(page).toContain('<h1 class="govuk-panel__title">Unsubscribed</h1>');
    expect(page).toContain('You will get no more emails from this subscription.');
    expect(page).toBe(wrongPage);
    expect(await stores.subscriptions.get(subscription.id)).toBeUndefined();
  });
});
