import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { EventPublisher } from '@partnership-hub/publisher';
import { ApiKeyStore, createDocumentClient, EventLog, ViewStore } from '@partnership-hub/store';
import { type Delivery, type DeliveryQueue, hashToken, type Subscription, wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';

const TABLE = 'partnership-hub';
const AREA = 'south-yorkshire';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const ddb = mockClient(DynamoDBDocumentClient);

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

function app(options: { subscriptions?: boolean } = {}) {
  const documents = createDocumentClient({ region: 'eu-west-2', credentials });
  const queued: { deliveryId: string; dueAt: Date }[] = [];
  const queue: DeliveryQueue = { enqueue: async (deliveryId, dueAt) => void queued.push({ deliveryId, dueAt }) };
  const deps: ApiDeps = {
    eventLog: new EventLog(documents, TABLE),
    views: new ViewStore(documents, TABLE),
    apiKeys: new ApiKeyStore(documents, TABLE),
    publisher: new EventPublisher(new EventBridgeClient({ region: 'eu-west-2', credentials }), 'bus'),
    adminKeyHash: '0'.repeat(64),
    clock: () => new Date('2026-03-01T10:00:00.000Z'),
    newEventId: () => '01JEVENT',
    newApiKey: () => 'unused',
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    ...(options.subscriptions === false
      ? {}
      : {
          subscriptions: wireSubscriptionServices(documents, TABLE, {
            queue,
            allowLoopbackWebhooks: false,
            resolve: async () => [{ address: '93.184.216.34', family: 4 }],
          }),
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
