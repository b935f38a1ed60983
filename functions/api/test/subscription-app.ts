import {
  type CounterStoreOptions,
  InMemoryApiKeyStore,
  InMemoryEventLog,
  InMemoryViewStore,
  inMemoryRateLimiter,
  type RateLimiter,
} from '@partnership-hub/store';
import {
  DEFAULT_RESEND_INTERVAL_MS,
  InMemoryDeliveryStore,
  InMemorySubscriptionStore,
  randomGenerators,
} from '@partnership-hub/subscriptions';
import { apiKeyRecord, areaRegistered } from '@partnership-hub/testing';
import { vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ApiDeps } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';
import { type RateLimitPolicy, requestLimits } from '../src/rate-limits.ts';

export const AREA = 'south-yorkshire';
/** The key of an organisation of AREA, known to the app limitedApp builds. */
export const ORGANISATION_KEY = 'phk_test-organisation-key';

/**
 * The whole app over in-memory stores with subscriptions served and the request limits counted in
 * memory, on a clock a test moves (`advanceSeconds`); each request comes from one client address
 * unless it says otherwise (the `x-test-client-address` header). For the tests of the limits on
 * requests that send emails (rate-limits.test.ts, subscriptions-owner-email.test.ts).
 */
export async function limitedApp(
  options: { policy?: Partial<RateLimitPolicy>; limiter?: (options: CounterStoreOptions) => RateLimiter } = {},
) {
  let now = Date.parse('2026-03-01T09:00:00.000Z');
  const clock = () => new Date(now);
  const eventLog = new InMemoryEventLog();
  await eventLog.append(areaRegistered({ areaId: AREA }));
  const apiKeys = new InMemoryApiKeyStore();
  await apiKeys.put(apiKeyRecord({ keyHash: hashKey(ORGANISATION_KEY), areaId: AREA }));
  const queued: string[] = [];
  const subscriptions = new InMemorySubscriptionStore();
  const deliveries = new InMemoryDeliveryStore();
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps: ApiDeps = {
    eventLog,
    views: new InMemoryViewStore(),
    apiKeys,
    adminKeyHash: '0'.repeat(64),
    clock,
    newEventId: () => 'unused',
    newApiKey: () => 'unused',
    logger,
    subscriptions: {
      subscriptions,
      deliveries,
      queue: { enqueue: async (deliveryId) => void queued.push(deliveryId) },
      endpointPolicy: { allowLoopback: false, resolve: async () => [{ address: '93.184.216.34', family: 4 }] },
      resendIntervalMs: DEFAULT_RESEND_INTERVAL_MS,
      generate: randomGenerators,
    },
    requestLimits: requestLimits(options.limiter ?? inMemoryRateLimiter, options.policy ?? {}, clock),
    // Stands in for the server's view of the caller (getConnInfo in the wirings).
    clientAddress: (c) => c.req.header('x-test-client-address'),
  };
  const app = createApp(deps, allRoutes);
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-test-client-address': '198.51.100.7', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const subscribe = (address: string, headers: Record<string, string> = {}) =>
    send('POST', '/v1/subscriptions', { areaId: AREA, endpoint: { kind: 'email', address } }, headers);
  const advanceSeconds = (seconds: number) => {
    now += seconds * 1000;
  };
  return { send, subscribe, queued, subscriptions, deliveries, logger, advanceSeconds };
}
