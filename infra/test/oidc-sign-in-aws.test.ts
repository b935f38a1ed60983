import { join } from 'node:path';
import { GetSecretValueCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EmbeddedDynamoDb, ensureTable } from '@partnership-hub/local-aws';
import {
  createDocumentClient,
  DynamoDbIdentityProviderStore,
  DynamoDbMembershipStore,
  DynamoDbSessionStore,
  hubTableCreateInput,
} from '@partnership-hub/store';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerEntries, repoRoot } from '../src/aws/bundling.ts';
import { type DevIdentityProvider, startDevIdentityProvider } from '../src/local/dev-identity-provider.ts';
import { seedPeople } from '../src/local/people.ts';

/**
 * Signing in through an identity provider with the two Lambda entries themselves (the email-link
 * sign-in and the provider sign-in, imported by the paths the stack bundles, each with its own
 * wiring), through API Gateway's event format, against DynamoDB (dynalite), Secrets Manager
 * (aws-sdk-client-mock) and the development provider. The stack's side is aws-oidc.synth.ts.
 */

const AREA = 'test-area';
const HOST = 'abc123.execute-api.eu-west-2.amazonaws.com';
const HUB = `https://${HOST}`;
const TABLE = 'partnership-hub-oidc-test';
const PREFIX = 'partnership-hub/test/identity-providers/';
const SESSION_SECRET = 'a-session-secret-of-at-least-thirty-two-characters';
const accounts = [{ email: 'jane@alpha.example', password: 'jane-password', name: 'Jane Smith' }];

type Jar = Map<string, string>;
type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; headers?: Record<string, string>; cookies?: string[]; body?: string }>;

describe('signing in through an identity provider with the AWS entries', () => {
  const database = new EmbeddedDynamoDb();
  const secrets = mockClient(SecretsManagerClient);
  const saved = { ...process.env };
  let provider: DevIdentityProvider;
  let signIn: Handler;
  let providerSignIn: Handler;
  let endpoint: string;

  beforeAll(async () => {
    ({ endpoint } = await database.start());
    const documents = createDocumentClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await ensureTable(documents as never, hubTableCreateInput(TABLE));
    provider = await startDevIdentityProvider({ accounts: () => accounts, redirectUri: `${HUB}/sign-in/callback`, hubOrigin: HUB });
    const version = await new DynamoDbIdentityProviderStore(documents, TABLE).put(
      {
        id: 'alpha',
        name: 'Alpha Council',
        issuer: provider.issuer,
        clientId: provider.clientId,
        emailDomains: ['alpha.example'],
        updatedAt: '2026-12-01T09:00:00.000Z',
      },
      undefined,
    );
    let ids = 0;
    await seedPeople(
      new DynamoDbMembershipStore(documents, TABLE),
      AREA,
      [{ email: 'jane@alpha.example', name: 'Jane Smith', organisationId: 'alpha', role: 'editor' }],
      '2026-12-01T09:00:00.000Z',
      () => `person-${++ids}`,
    );
    // The provider's secret as the JSON API keeps it: one Secrets Manager secret under the prefix, a version per provider version.
    const versionId = `partnership-hub-provider-version-${String(version).padStart(16, '0')}`;
    secrets.on(ListSecretVersionIdsCommand, { SecretId: `${PREFIX}alpha` }).resolves({ Versions: [{ VersionId: versionId }] });
    secrets
      .on(GetSecretValueCommand, { SecretId: `${PREFIX}alpha`, VersionId: versionId })
      .resolves({ SecretString: provider.clientSecret });

    // Lambda's environment as the stack sets it, with DynamoDB's endpoint the embedded one.
    Object.assign(process.env, {
      TABLE_NAME: TABLE,
      HUB_ADMIN_KEY_HASH: '0'.repeat(64),
      HUB_SESSION_SECRET: SESSION_SECRET,
      HUB_EMAIL_FROM: 'alerts@hub.example.org',
      HUB_CLIENT_SECRETS_PREFIX: PREFIX,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    signIn = (await import(join(repoRoot, handlerEntries.apiSignIn))).handler;
    providerSignIn = (await import(join(repoRoot, handlerEntries.apiSignInOidc))).handler;
  }, 60_000);

  afterAll(async () => {
    process.env = saved;
    secrets.restore();
    await provider?.stop();
    await database.stop();
  });

  /** One request through API Gateway's HTTP API (payload 2.0) to a function, with the browser's cookies for the hub. */
  async function request(handler: Handler, method: string, path: string, jar: Jar, form?: Record<string, string>) {
    const url = new URL(path, HUB);
    const response = await handler(
      {
        version: '2.0',
        routeKey: '$default',
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        cookies: [...jar].map(([name, value]) => `${name}=${value}`),
        headers: {
          host: HOST,
          accept: 'text/html',
          'x-forwarded-proto': 'https',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        requestContext: {
          accountId: '123456789012',
          apiId: 'abc123',
          domainName: HOST,
          domainPrefix: 'abc123',
          http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
          requestId: 'request',
          routeKey: '$default',
          stage: '$default',
          time: '01/Dec/2026:09:00:00 +0000',
          timeEpoch: 0,
        },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
        isBase64Encoded: false,
      },
      {},
    );
    for (const header of response.cookies ?? []) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name!);
      else jar.set(name!, value.join('='));
    }
    return response;
  }

  it('hands a provider domain over from the email-link function, and the provider sign-in function signs the member in', async () => {
    const jar: Jar = new Map();
    const form = await request(signIn, 'GET', '/sign-in', jar);
    expect(form.statusCode).toBe(200);
    expect(form.headers?.['content-security-policy']).toContain(`form-action 'self' ${provider.issuer};`);
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(form.body!)![1]!;

    const started = await request(signIn, 'POST', '/sign-in/email', jar, { csrfToken, email: 'jane@alpha.example', return: '/' });
    expect(started.statusCode).toBe(303);
    expect(started.headers?.location).toBe('/sign-in/provider');

    const handedOver = await request(providerSignIn, 'GET', '/sign-in/provider', jar);
    expect(handedOver.statusCode).toBe(303);
    const authorize = new URL(handedOver.headers!.location!);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${HUB}/sign-in/callback`);
    expect(authorize.searchParams.get('login_hint')).toBe('jane@alpha.example');
    // The client secret came from Secrets Manager, under the stack's prefix.
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId)).toContain(`${PREFIX}alpha`);

    // At the provider: its redirects, by hand, until it sends the browser back to the hub.
    const providerJar: Jar = new Map();
    let next = authorize.href;
    let method = 'GET';
    let body: string | undefined;
    for (let hop = 0; hop < 10 && !next.startsWith(HUB); hop++) {
      const response = await fetch(next, {
        method,
        redirect: 'manual',
        headers: {
          cookie: [...providerJar].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body } : {}),
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair] = header.split(';');
        const [name, ...value] = pair!.split('=');
        providerJar.set(name!, value.join('='));
      }
      if (response.status === 200) {
        const page = await response.text();
        next = new URL(/action="([^"]+)"/.exec(page)![1]!, next).href;
        method = 'POST';
        body = new URLSearchParams({ email: accounts[0]!.email, password: accounts[0]!.password }).toString();
        continue;
      }
      next = new URL(response.headers.get('location')!, next).href;
      method = 'GET';
      body = undefined;
    }
    expect(next.startsWith(`${HUB}/sign-in/callback?`)).toBe(true);

    const callback = await request(providerSignIn, 'GET', next.slice(HUB.length), jar);
    expect(callback.statusCode).toBe(303);
    expect(callback.headers?.location).toBe(`/areas/${AREA}`);
    expect(jar.has('hub_person_session')).toBe(true);
    // The session is in the table, where every other function finds it.
    const documents = createDocumentClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    expect(await new DynamoDbSessionStore(documents, TABLE).endAllOf('jane@alpha.example')).toBe(1);
  });

  it('answers a callback the provider sign-in did not start with the refusal, not a session', async () => {
    const jar: Jar = new Map();
    const callback = await request(providerSignIn, 'GET', '/sign-in/callback?code=stolen&state=not-the-one', jar);
    expect(callback.statusCode).toBe(400);
    expect(callback.body).toContain('This sign-in was not started in this browser');
    expect(jar.has('hub_person_session')).toBe(false);
  });
});
