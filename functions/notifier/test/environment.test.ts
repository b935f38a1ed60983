import { ConfigurationError, parseEnvironment } from '@partnership-hub/configuration';
import { DEFAULT_RETRY_DELAYS_MS } from '@partnership-hub/subscriptions';
import { describe, expect, it } from 'vitest';
import { notifierEnvironmentSchema } from '../src/environment.ts';

const complete = {
  TABLE_NAME: 'partnership-hub',
  DELIVERY_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/deliveries',
  HUB_PUBLIC_BASE_URL: 'https://hub.example.org',
  HUB_EMAIL_FROM: 'alerts@hub.example.org',
};
const read = (env: Record<string, string | undefined>) => parseEnvironment('deliveryWorker', notifierEnvironmentSchema, env);

describe("the notifier functions' environment", () => {
  it('reads the settings the stack gives, with the production retry schedule and loopback webhooks off by default', () => {
    expect(read(complete)).toEqual({
      ...complete,
      HUB_WEBHOOK_RETRY_DELAYS: DEFAULT_RETRY_DELAYS_MS,
      HUB_ALLOW_LOOPBACK_WEBHOOKS: false,
    });
    expect(read({ ...complete, HUB_WEBHOOK_RETRY_DELAYS: '1s,2m', HUB_SES_CONFIGURATION_SET: 'alerts' })).toMatchObject({
      HUB_WEBHOOK_RETRY_DELAYS: [1_000, 120_000],
      HUB_SES_CONFIGURATION_SET: 'alerts',
    });
  });

  it('stops the cold start naming each variable that is missing, rather than failing a delivery later', () => {
    const { DELIVERY_QUEUE_URL: _queue, HUB_EMAIL_FROM: _from, ...missing } = complete;
    expect(() => read(missing)).toThrow(ConfigurationError);
    expect(() => read(missing)).toThrow('deliveryWorker cannot start: DELIVERY_QUEUE_URL is not set; HUB_EMAIL_FROM is not set.');
  });

  it('refuses a retry schedule it cannot read, and a loopback setting other than 0 or 1', () => {
    expect(() => read({ ...complete, HUB_WEBHOOK_RETRY_DELAYS: '5 minutes' })).toThrow(
      /HUB_WEBHOOK_RETRY_DELAYS "5 minutes" is not a delay/,
    );
    expect(() => read({ ...complete, HUB_ALLOW_LOOPBACK_WEBHOOKS: 'true' })).toThrow(/HUB_ALLOW_LOOPBACK_WEBHOOKS/);
    expect(read({ ...complete, HUB_ALLOW_LOOPBACK_WEBHOOKS: '1' }).HUB_ALLOW_LOOPBACK_WEBHOOKS).toBe(true);
  });
});
