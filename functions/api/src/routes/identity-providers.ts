import { authoriseAdministration, NotFoundError, VersionConflictError } from '@partnership-hub/domain';
import { ItemId, inputText, once, textProblem } from '@partnership-hub/events';
import { ClientSecretUnavailableError, IdentityProviderConflictError, type IdentityProviderRecord } from '@partnership-hub/store';
import * as z from 'zod/mini';
import type { ApiDeps } from '../deps.ts';
import type { IdentityProviderServices } from '../identity-provider-ports.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';

/** A domain as people's addresses end: lower-case labels of letters, digits and hyphens, at least two of them. */
const EmailDomain = /* @__PURE__ */ once(() =>
  z
    .string()
    .check(
      z.maxLength(253),
      z.regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        'must be a lower-case domain, such as rotherham.gov.uk',
      ),
    ),
);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An issuer the hub may send people to and read keys from: https (http only to a loopback address
 * when loopback is allowed, as for webhooks), no user name or password, no query or fragment (an
 * issuer identifier has none, OpenID Connect Discovery §3). Whether its address is public is checked
 * when the hub reads its discovery document, at sign-in (addresses can change after registering).
 */
function issuerProblem(issuer: string, allowLoopback: boolean): string | undefined {
  if (!URL.canParse(issuer)) return 'must be an absolute URL, such as https://login.microsoftonline.com/<tenant>/v2.0';
  const url = new URL(issuer);
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && allowLoopback)) return 'must use https';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.search || url.hash) return 'must have no query or fragment';
  return undefined;
}

/**
 * A credential the provider issued, kept exactly as sent (not trimmed: a secret changed by one
 * character no longer works), but not blank, and free of what no provider issues and what would
 * break the form or header it is sent in: control characters and the others textProblem names.
 */
const Credential = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), (context) => {
    const value = context.value;
    const problem = value !== '' && value.trim() === '' ? 'must not be blank' : textProblem(value, 'single-line');
    if (problem) context.issues.push({ code: 'custom', message: problem, input: value });
  });

const ProviderBody = /* @__PURE__ */ once(() =>
  z.strictObject({
    // Checked as any text the hub shows is: the sign-in pages name the provider.
    name: inputText(200).register(z.globalRegistry, { description: 'How the sign-in pages name it: "Rotherham Council"' }),
    issuer: z
      .string()
      .check(z.maxLength(500))
      .register(z.globalRegistry, { description: 'The issuer URL (https), as its /.well-known/openid-configuration names it' }),
    clientId: Credential(500).register(z.globalRegistry, { description: "The hub's client (application) id at the provider" }),
    clientSecret: Credential(2000).register(z.globalRegistry, {
      description: "The hub's client secret at the provider: write-only, never answered back",
    }),
    emailDomains: z
      .array(EmailDomain())
      .check(z.minLength(1), z.maxLength(50))
      .register(z.globalRegistry, { description: 'The domains of the addresses it signs in; each domain belongs to one provider at most' }),
  }),
);

const ProviderParams = /* @__PURE__ */ once(() => z.object({ id: ItemId }));
const ProviderView = /* @__PURE__ */ once(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    issuer: z.string(),
    clientId: z.string(),
    emailDomains: z.array(z.string()),
    version: z.number(),
    updatedAt: z.string(),
  }),
);

const view = (record: IdentityProviderRecord) => ({
  id: record.id,
  name: record.name,
  issuer: record.issuer,
  clientId: record.clientId,
  emailDomains: record.emailDomains,
  version: record.version,
  updatedAt: record.updatedAt,
});

/** The OpenID Connect providers people sign in through (the administrator's): the client secret is write-only. */
export function registerIdentityProviderRoutes(routes: RouteRegistry, deps: ApiDeps, services: () => IdentityProviderServices): void {
  routes.add(
    {
      method: 'get',
      path: '/v1/identity-providers',
      summary: 'List the OpenID Connect providers people sign in through (never their client secrets)',
      auth: 'admin',
      responses: { 200: { description: 'The providers, by id', schema: () => z.object({ identityProviders: z.array(ProviderView()) }) } },
    },
    async (c) => {
      authoriseAdministration(c.get('caller'));
      c.header('Cache-Control', 'private, no-store');
      return c.json({ identityProviders: (await services().providers.list()).map(view) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/identity-providers/{id}',
      summary: 'An OpenID Connect provider (never its client secret)',
      auth: 'admin',
      params: ProviderParams,
      responses: { 200: { description: 'The provider', schema: ProviderView } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const record = await services().providers.get(input.params.id);
      if (!record) throw new NotFoundError(`There is no identity provider ${input.params.id}.`);
      c.header('Cache-Control', 'private, no-store');
      return c.json(view(record));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/v1/identity-providers/{id}',
      summary: 'Register an OpenID Connect provider for email domains, or change it',
      description:
        'People whose address is in one of `emailDomains` are sent to this provider to sign in (authorization code flow with PKCE, scopes `openid email profile`; the callback is `<hub>/sign-in/callback`). A domain belongs to one provider at most (409). The client secret is write-only.',
      auth: 'admin',
      params: ProviderParams,
      body: ProviderBody,
      responses: {
        200: { description: 'Changed', schema: ProviderView },
        201: { description: 'Registered', schema: ProviderView },
      },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { providers, clientSecrets, allowLoopback } = services();
      const { id } = input.params;
      const body = input.body;
      const issuerRefused = issuerProblem(body.issuer, allowLoopback);
      if (issuerRefused)
        throw new ProblemError('validation-error', `issuer ${issuerRefused}`, {
          errors: [{ in: 'body', pointer: '#/issuer', field: 'issuer', detail: issuerRefused }],
        });
      const domains = body.emailDomains;
      const repeated = domains.find((domain, index) => domains.indexOf(domain) !== index);
      if (repeated)
        throw new ProblemError('validation-error', `emailDomains names ${repeated} twice`, {
          errors: [{ in: 'body', pointer: '#/emailDomains', field: 'emailDomains', detail: `names ${repeated} twice` }],
        });
      const current = await providers.get(id);
      const record = {
        id,
        name: body.name,
        // One spelling of the issuer, as the ID token's `iss` is compared with it.
        issuer: body.issuer.replace(/\/+$/, ''),
        clientId: body.clientId,
        emailDomains: domains,
        updatedAt: deps.clock().toISOString(),
      };
      let version: number;
      try {
        version = await providers.put(record, current?.version);
      } catch (error) {
        if (!(error instanceof IdentityProviderConflictError)) throw error;
        if (error.domain) throw new ProblemError('conflict', `${error.message}: a domain signs in through one provider only.`);
        throw new VersionConflictError(`Identity provider ${id} was changed by someone else meanwhile; try again.`, undefined);
      }
      try {
        await clientSecrets.put(id, body.clientSecret, version);
      } catch (error) {
        if (!(error instanceof ClientSecretUnavailableError)) throw error;
        throw new ProblemError(
          'service-unavailable',
          `${error.message}. The provider is registered without its client secret: send the same request again to set it.`,
        );
      }
      deps.logger.info('identity provider registered', { id, domains: domains.length, created: !current });
      c.header('Cache-Control', 'private, no-store');
      return c.json(view({ ...record, version }), current ? 200 : 201);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/v1/identity-providers/{id}',
      summary: 'Remove an OpenID Connect provider: its domains sign in with emailed links again',
      auth: 'admin',
      params: ProviderParams,
      responses: { 204: { description: 'Removed (or was not registered)' } },
    },
    async (c, input) => {
      authoriseAdministration(c.get('caller'));
      const { providers, clientSecrets } = services();
      await providers.delete(input.params.id).catch((error: unknown) => {
        if (error instanceof IdentityProviderConflictError)
          throw new VersionConflictError(
            `Identity provider ${input.params.id} was changed by someone else meanwhile; try again.`,
            undefined,
          );
        throw error;
      });
      await clientSecrets.delete(input.params.id);
      return c.body(null, 204);
    },
  );
}
