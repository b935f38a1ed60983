import { ConfigurationError, parseEnvironment } from '@partnership-hub/configuration';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiEnvironment,
  apiConnectorsEnvironmentSchema,
  apiCoreEnvironmentSchema,
  apiEnvironmentSchema,
  apiFeedsEnvironmentSchema,
  apiPagesEnvironmentSchema,
  apiPartnersEnvironmentSchema,
  apiPeoplePagesEnvironmentSchema,
  connectorSweepEnvironmentSchema,
} from '../src/environment.ts';
import { apiConfigFromEnvironment } from '../src/wiring.ts';

const ADMIN_KEY_HASH = 'ab'.repeat(32);
const QUEUE_URL = 'https://sqs.eu-west-2.amazonaws.com/123456789012/deliveries';
const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters';
const shared = { TABLE_NAME: 'hub', HUB_ADMIN_KEY_HASH: ADMIN_KEY_HASH };

describe("the API functions' environment", () => {
  it('names every variable some function reads, and no other', () => {
    const read = new Set([
      ...Object.keys(apiEnvironmentSchema.shape),
      ...Object.keys(apiPagesEnvironmentSchema.shape),
      ...Object.keys(apiFeedsEnvironmentSchema.shape),
      ...Object.keys(apiConnectorsEnvironmentSchema.shape),
      ...Object.keys(apiPartnersEnvironmentSchema.shape),
      ...Object.keys(apiPeoplePagesEnvironmentSchema.shape),
      ...Object.keys(apiCoreEnvironmentSchema.shape),
    ]);
    expect([...read].sort()).toEqual(Object.values(ApiEnvironment).sort());
  });

  it('names no bus: a request only appends to the log, and the log relay publishes', () => {
    expect(Object.values(ApiEnvironment)).not.toContain('BUS_NAME');
    expect(parseEnvironment('api-feeds', apiFeedsEnvironmentSchema, { ...shared, BUS_NAME: 'hub-bus' })).toEqual(shared);
  });

  describe("the connectors' function and sweep", () => {
    it('do not start without the connector runner to hand runs to, rather than queue runs nothing performs', () => {
      // The connectors' pages know people signed in, so their function reads the people's sender too.
      const withSender = { ...shared, HUB_EMAIL_FROM: 'alerts@hub.example.org' };
      const read = () => parseEnvironment('api-connectors', apiConnectorsEnvironmentSchema, withSender);
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow('api-connectors cannot start: CONNECTOR_RUN_FUNCTION is not set.');
      expect(
        parseEnvironment('api-connectors', apiConnectorsEnvironmentSchema, { ...withSender, CONNECTOR_RUN_FUNCTION: 'hub-runner' }),
      ).toMatchObject({
        ...withSender,
        CONNECTOR_RUN_FUNCTION: 'hub-runner',
      });
      // The sweep serves no page: the runner's name is all it reads beyond the table.
      expect(() => parseEnvironment('connector-sweep', connectorSweepEnvironmentSchema, shared)).toThrow(
        'connector-sweep cannot start: CONNECTOR_RUN_FUNCTION is not set.',
      );
      expect(
        parseEnvironment('connector-sweep', connectorSweepEnvironmentSchema, { ...shared, CONNECTOR_RUN_FUNCTION: 'hub-runner' }),
      ).toEqual({
        ...shared,
        CONNECTOR_RUN_FUNCTION: 'hub-runner',
      });
    });
  });

  describe('the JSON API', () => {
    it('reads the table, admin key hash and delivery queue, with webhooks to loopback addresses off by default', () => {
      const environment = parseEnvironment('api', apiEnvironmentSchema, { ...shared, DELIVERY_QUEUE_URL: QUEUE_URL, PATH: '/usr/bin' });
      expect(environment).toEqual({ ...shared, DELIVERY_QUEUE_URL: QUEUE_URL, HUB_ALLOW_LOOPBACK_WEBHOOKS: false });
    });

    it('does not start without the delivery queue, rather than serve no subscription routes', () => {
      const read = () => parseEnvironment('api', apiEnvironmentSchema, shared);
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow('api cannot start: DELIVERY_QUEUE_URL is not set.');
    });

    it('names every missing variable at once', () => {
      expect(() => parseEnvironment('api', apiEnvironmentSchema, {})).toThrow(
        'api cannot start: TABLE_NAME is not set; HUB_ADMIN_KEY_HASH is not set; DELIVERY_QUEUE_URL is not set.',
      );
    });

    it('allows webhooks to loopback addresses with "1" only, and refuses a value that is neither "0" nor "1"', () => {
      const withLoopback = (value: string) =>
        parseEnvironment('api', apiEnvironmentSchema, { ...shared, DELIVERY_QUEUE_URL: QUEUE_URL, HUB_ALLOW_LOOPBACK_WEBHOOKS: value });
      expect(withLoopback('1').HUB_ALLOW_LOOPBACK_WEBHOOKS).toBe(true);
      expect(withLoopback('0').HUB_ALLOW_LOOPBACK_WEBHOOKS).toBe(false);
      expect(() => withLoopback('true')).toThrow(/^api cannot start: HUB_ALLOW_LOOPBACK_WEBHOOKS /);
    });

    it('refuses a delivery queue that is not a URL', () => {
      expect(() => parseEnvironment('api', apiEnvironmentSchema, { ...shared, DELIVERY_QUEUE_URL: 'deliveries' })).toThrow(
        /^api cannot start: DELIVERY_QUEUE_URL /,
      );
    });
  });

  describe('the rate limits', () => {
    const api = (limits: Record<string, string>) =>
      parseEnvironment('api', apiEnvironmentSchema, { ...shared, DELIVERY_QUEUE_URL: QUEUE_URL, ...limits });
    const pages = (limits: Record<string, string>) => parseEnvironment('api-pages', apiPagesEnvironmentSchema, { ...shared, ...limits });

    it('are read as "<requests>/<window>", and only those set change the defaults', () => {
      expect(
        apiConfigFromEnvironment(
          api({ HUB_LIMIT_CONFIRMATION_EMAILS_PER_ADDRESS: '3/30m', HUB_LIMIT_SUBSCRIPTION_REQUESTS_PER_CALLER: '500/1d' }),
        ).rateLimits,
      ).toEqual({
        confirmationEmailsPerAddress: { points: 3, durationSeconds: 30 * 60 },
        subscriptionRequestsPerCaller: { points: 500, durationSeconds: 24 * 60 * 60 },
      });
      expect(apiConfigFromEnvironment(pages({ HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER: '20/90s' })).rateLimits).toEqual({
        signInAttemptsPerCaller: { points: 20, durationSeconds: 90 },
      });
      expect(apiConfigFromEnvironment(api({})).rateLimits).toBeUndefined();
    });

    it('refuse to start with a limit written otherwise, naming the variable and the form it takes', () => {
      for (const written of ['5 per hour', '5/hour', '0/1h', '5/0h', '-1/1h', '5/1w', '5/8d', '1.5/1h'])
        expect(() => api({ HUB_LIMIT_CONFIRMATION_EMAILS_PER_ADDRESS: written }), written).toThrow(
          /^api cannot start: HUB_LIMIT_CONFIRMATION_EMAILS_PER_ADDRESS must (be "<requests>\/<window>", e\.g\. 5\/1h|have a window of at most 7 days)/,
        );
      expect(() => pages({ HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER: '10 every 15m' })).toThrow(
        'api-pages cannot start: HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER must be "<requests>/<window>", e.g. 5/1h or 10/15m (window units s, m, h or d).',
      );
    });

    it('are read by the function that applies each: the JSON API the subscription limits, the pages the sign-in limit', () => {
      expect(Object.keys(apiEnvironmentSchema.shape)).toEqual(
        expect.arrayContaining(['HUB_LIMIT_CONFIRMATION_EMAILS_PER_ADDRESS', 'HUB_LIMIT_SUBSCRIPTION_REQUESTS_PER_CALLER']),
      );
      expect(Object.keys(apiPagesEnvironmentSchema.shape)).toContain('HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER');
      expect(Object.keys(apiFeedsEnvironmentSchema.shape).filter((name) => name.startsWith('HUB_LIMIT_'))).toEqual([]);
    });
  });

  it('refuses an admin key hash that is not a SHA-256 in lower-case hex', () => {
    expect(() =>
      parseEnvironment('api-feeds', apiFeedsEnvironmentSchema, { ...shared, HUB_ADMIN_KEY_HASH: ADMIN_KEY_HASH.toUpperCase() }),
    ).toThrow('api-feeds cannot start: HUB_ADMIN_KEY_HASH must be the SHA-256 of the admin key, as 64 lower-case hex digits.');
  });

  it('lets the feeds function start without the delivery queue or the pages variables', () => {
    expect(parseEnvironment('api-feeds', apiFeedsEnvironmentSchema, shared)).toEqual(shared);
  });

  describe('the pages', () => {
    it('read the session secret and the assets folder', () => {
      const environment = parseEnvironment('api-pages', apiPagesEnvironmentSchema, {
        ...shared,
        HUB_SESSION_SECRET: SESSION_SECRET,
        HUB_ASSETS_DIR: '/var/task/assets',
      });
      expect(apiConfigFromEnvironment(environment)).toEqual({
        tableName: 'hub',
        adminKeyHash: ADMIN_KEY_HASH,
        sessionSecret: SESSION_SECRET,
        assetsDir: '/var/task/assets',
      });
    });

    it('start without a session secret (public pages only), but not with one too short to sign sessions safely', () => {
      expect(parseEnvironment('api-pages', apiPagesEnvironmentSchema, shared).HUB_SESSION_SECRET).toBeUndefined();
      expect(() => parseEnvironment('api-pages', apiPagesEnvironmentSchema, { ...shared, HUB_SESSION_SECRET: 'short' })).toThrow(
        /^api-pages cannot start: HUB_SESSION_SECRET /,
      );
    });
  });
});

describe('the people', () => {
  it('are emailed from the sender the functions that know them read, with an SES configuration set if one is given', () => {
    const environment = parseEnvironment('api-partners', apiPartnersEnvironmentSchema, {
      ...shared,
      HUB_EMAIL_FROM: 'hub@council.example',
      HUB_SES_CONFIGURATION_SET: 'hub-emails',
    });
    expect(environment).toEqual({ ...shared, HUB_EMAIL_FROM: 'hub@council.example', HUB_SES_CONFIGURATION_SET: 'hub-emails' });
    expect(Object.keys(apiPeoplePagesEnvironmentSchema.shape)).toEqual(expect.arrayContaining(['HUB_EMAIL_FROM', 'HUB_SESSION_SECRET']));
  });

  it('stop a function that knows people from starting without a sender, naming the variable', () => {
    expect(() => parseEnvironment('api-sign-in', apiPeoplePagesEnvironmentSchema, shared)).toThrow(
      'api-sign-in cannot start: HUB_EMAIL_FROM is not set.',
    );
    expect(() => parseEnvironment('api-partners', apiPartnersEnvironmentSchema, { ...shared, HUB_EMAIL_FROM: ' ' })).toThrow(
      /^api-partners cannot start: HUB_EMAIL_FROM must be the address sign-in links and invitations are sent from/,
    );
  });
});

describe('the identity providers', () => {
  it("have their client secrets kept under a Secrets Manager prefix the JSON API must be given, ending in '/'", () => {
    const prefix = 'partnership-hub/prod/identity-providers/';
    expect(
      parseEnvironment('api', apiCoreEnvironmentSchema, { ...shared, HUB_CLIENT_SECRETS_PREFIX: prefix }).HUB_CLIENT_SECRETS_PREFIX,
    ).toBe(prefix);
    expect(() => parseEnvironment('api', apiCoreEnvironmentSchema, shared)).toThrow(
      'api cannot start: HUB_CLIENT_SECRETS_PREFIX is not set.',
    );
    expect(() => parseEnvironment('api', apiCoreEnvironmentSchema, { ...shared, HUB_CLIENT_SECRETS_PREFIX: 'partnership-hub' })).toThrow(
      /^api cannot start: HUB_CLIENT_SECRETS_PREFIX must be the start of a Secrets Manager secret name ending in "\/"/,
    );
  });
});

describe('the Lambda entries', () => {
  beforeEach(() => {
    vi.resetModules();
    vi.stubEnv('AWS_REGION', 'eu-west-2');
    for (const [name, value] of Object.entries(shared)) vi.stubEnv(name, value);
    // What the stack gives the functions that know people (infra/src/aws/constructs/api.ts).
    vi.stubEnv('HUB_EMAIL_FROM', 'hub@council.example');
    vi.stubEnv('HUB_CLIENT_SECRETS_PREFIX', 'partnership-hub/test/identity-providers/');
  });
  afterEach(() => vi.unstubAllEnvs());

  it("the JSON API's subscriptions fail at cold start when the delivery queue is not set", async () => {
    vi.stubEnv('DELIVERY_QUEUE_URL', '');
    await expect(import('../src/lambda-subscriptions.ts')).rejects.toThrow(
      'api-subscriptions cannot start: DELIVERY_QUEUE_URL is not set.',
    );
  });

  it("the JSON API's subscriptions start with the delivery queue set, and the rest of the JSON API without it", async () => {
    vi.stubEnv('DELIVERY_QUEUE_URL', QUEUE_URL);
    expect(typeof (await import('../src/lambda-subscriptions.ts')).handler).toBe('function');
    vi.stubEnv('DELIVERY_QUEUE_URL', '');
    expect(typeof (await import('../src/lambda.ts')).handler).toBe('function');
    expect(typeof (await import('../src/lambda-partners.ts')).handler).toBe('function');
  });

  it('the subscriptions and the sign-in pages fail at cold start with a rate limit they cannot read', async () => {
    vi.stubEnv('DELIVERY_QUEUE_URL', QUEUE_URL);
    vi.stubEnv('HUB_LIMIT_SUBSCRIPTION_REQUESTS_PER_CALLER', 'lots');
    vi.stubEnv('HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER', '10/15 minutes');
    await expect(import('../src/lambda-subscriptions.ts')).rejects.toThrow(
      /^api-subscriptions cannot start: HUB_LIMIT_SUBSCRIPTION_REQUESTS_PER_CALLER must be/,
    );
    await expect(import('../src/lambda-sign-in.ts')).rejects.toThrow(
      /^api-sign-in cannot start: HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER must be/,
    );
  });

  it('every function that signs people in, invites them or shows them pages fails at cold start without the sender', async () => {
    vi.stubEnv('HUB_EMAIL_FROM', '');
    for (const [entry, name] of [
      ['../src/lambda-sign-in.ts', 'api-sign-in'],
      ['../src/lambda-partners.ts', 'api-partners'],
      ['../src/lambda-publishing.ts', 'api-publishing'],
      ['../src/lambda-pages.ts', 'api-pages'],
      ['../src/lambda-body-pages.ts', 'api-body-pages'],
      ['../src/lambda-tracker-pages.ts', 'api-tracker-pages'],
      ['../src/lambda-variation-pages.ts', 'api-variation-pages'],
      ['../src/lambda-sign-in-oidc.ts', 'api-sign-in-oidc'],
      ['../src/lambda-uploads.ts', 'api-uploads'],
    ] as const) {
      await expect(import(entry), entry).rejects.toThrow(`${name} cannot start: HUB_EMAIL_FROM is not set.`);
    }
  });

  it("the provider sign-in fails at cold start without the secrets' prefix, and starts with it", async () => {
    vi.stubEnv('HUB_SESSION_SECRET', SESSION_SECRET);
    vi.stubEnv('HUB_CLIENT_SECRETS_PREFIX', '');
    await expect(import('../src/lambda-sign-in-oidc.ts')).rejects.toThrow(
      'api-sign-in-oidc cannot start: HUB_CLIENT_SECRETS_PREFIX is not set.',
    );
    vi.resetModules();
    vi.stubEnv('HUB_CLIENT_SECRETS_PREFIX', 'partnership-hub/test/identity-providers/');
    expect(typeof (await import('../src/lambda-sign-in-oidc.ts')).handler).toBe('function');
    // The JSON bulk import serves no page: it starts without the people's sender; the upload page does not.
    vi.stubEnv('HUB_EMAIL_FROM', '');
    expect(typeof (await import('../src/lambda-imports.ts')).handler).toBe('function');
    await expect(import('../src/lambda-uploads.ts')).rejects.toThrow('api-uploads cannot start: HUB_EMAIL_FROM is not set.');
  });

  it('the email alerts form starts with the delivery queue and the sender, and not without the queue', async () => {
    vi.stubEnv('HUB_SESSION_SECRET', SESSION_SECRET);
    vi.stubEnv('DELIVERY_QUEUE_URL', '');
    await expect(import('../src/lambda-alerts.ts')).rejects.toThrow('api-alerts cannot start: DELIVERY_QUEUE_URL is not set.');
    vi.resetModules();
    vi.stubEnv('DELIVERY_QUEUE_URL', QUEUE_URL);
    expect(typeof (await import('../src/lambda-alerts.ts')).handler).toBe('function');
  });

  it('every API function fails at cold start without the table', async () => {
    vi.stubEnv('TABLE_NAME', '');
    await expect(import('../src/lambda-feeds.ts')).rejects.toThrow('api-feeds cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda-imports.ts')).rejects.toThrow('api-imports cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda-pages.ts')).rejects.toThrow('api-pages cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda.ts')).rejects.toThrow('api cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda-partners.ts')).rejects.toThrow('api-partners cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda-calendars.ts')).rejects.toThrow('api-calendars cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda-body-pages.ts')).rejects.toThrow('api-body-pages cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda-tracker-pages.ts')).rejects.toThrow('api-tracker-pages cannot start: TABLE_NAME is not set.');
    await expect(import('../src/lambda-variation-pages.ts')).rejects.toThrow('api-variation-pages cannot start: TABLE_NAME is not set.');
  });
});
