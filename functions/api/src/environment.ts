import * as z from 'zod/mini';

/**
 * The environment variables the API's functions read, by what each holds. The API construct
 * (infra/src/aws/constructs/api.ts) sets them under these same names, so renaming one here
 * renames it there, and removing one breaks the infrastructure's build rather than a deploy.
 * This module imports zod and nothing of the app, so that synth can read it without loading Hono.
 */
export const ApiEnvironment = {
  tableName: 'TABLE_NAME',
  adminKeyHash: 'HUB_ADMIN_KEY_HASH',
  sessionSecret: 'HUB_SESSION_SECRET',
  assetsDir: 'HUB_ASSETS_DIR',
  deliveryQueueUrl: 'DELIVERY_QUEUE_URL',
  allowLoopbackWebhooks: 'HUB_ALLOW_LOOPBACK_WEBHOOKS',
  confirmationEmailsPerAddress: 'HUB_LIMIT_CONFIRMATION_EMAILS_PER_ADDRESS',
  subscriptionRequestsPerCaller: 'HUB_LIMIT_SUBSCRIPTION_REQUESTS_PER_CALLER',
  signInAttemptsPerCaller: 'HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER',
  connectorRunFunction: 'CONNECTOR_RUN_FUNCTION',
  emailFrom: 'HUB_EMAIL_FROM',
  sesConfigurationSet: 'HUB_SES_CONFIGURATION_SET',
  clientSecretsPrefix: 'HUB_CLIENT_SECRETS_PREFIX',
} as const;

/** The admin key's SHA-256 as the stack's AdminKeyHash parameter takes it, and as the API compares it. */
export const ADMIN_KEY_HASH_PATTERN = /^[0-9a-f]{64}$/;

/** What the stack's SessionSecret parameter accepts: enough URL-safe randomness that a session cannot be forged. */
export const SESSION_SECRET_MIN_LENGTH = 32;
export const SESSION_SECRET_PATTERN = /^[A-Za-z0-9_-]+$/;

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 60 * 60, d: 24 * 60 * 60 } as const;
const LONGEST_WINDOW_SECONDS = 7 * SECONDS_PER_UNIT.d;

/**
 * A rate limit as "<requests>/<window>": 5/1h, 10/15m, 100/1d (units s, m, h, d; a week at
 * most). Unset: the default (functions/api/src/rate-limits.ts). One regular expression rather
 * than a duration library: this module must stay light enough for synth to load.
 */
const RateLimitSetting = /* @__PURE__ */ z.optional(
  z
    .pipe(
      z
        .string()
        .check(
          z.regex(/^[1-9]\d{0,5}\/[1-9]\d{0,5}[smhd]$/, 'must be "<requests>/<window>", e.g. 5/1h or 10/15m (window units s, m, h or d)'),
        ),
      z.transform((text) => {
        const [points, window] = text.split('/') as [string, string];
        const unit = window.slice(-1) as keyof typeof SECONDS_PER_UNIT;
        return { points: Number(points), durationSeconds: Number(window.slice(0, -1)) * SECONDS_PER_UNIT[unit] };
      }),
    )
    .check(z.refine((limit) => limit.durationSeconds <= LONGEST_WINDOW_SECONDS, 'must have a window of at most 7 days (7d)')),
);

/**
 * What every API function reads; the feeds function reads nothing more.
 *
 * Each schema here is marked pure, and the variables several share are functions that build them:
 * every function imports this module but parses one schema, and the bundler leaves out the others
 * (less code to load, and fewer zod schemas built at cold start).
 */
export const apiFeedsEnvironmentSchema = /* @__PURE__ */ z.object({
  [ApiEnvironment.tableName]: z.string(),
  [ApiEnvironment.adminKeyHash]: z
    .string()
    .check(z.regex(ADMIN_KEY_HASH_PATTERN, 'must be the SHA-256 of the admin key, as 64 lower-case hex digits')),
});

/**
 * What the functions that know people read: where their emails (sign-in links, invitations) are
 * sent from. The same names as the notifier's (functions/notifier/src/environment.ts), since it is
 * the same SES identity. Required: a function that signs people in without a sender would fail
 * each person at their first link, so it fails its cold start instead, naming the variable.
 */
const peopleEnvironment = () => ({
  [ApiEnvironment.emailFrom]: z
    .string()
    .check(
      z.trim(),
      z.minLength(3, 'must be the address sign-in links and invitations are sent from, an SES verified identity (e.g. hub@council.gov.uk)'),
    ),
  [ApiEnvironment.sesConfigurationSet]: z.optional(z.string()),
});

/**
 * The JSON API's environment: where it keeps the identity providers' client secrets in Secrets
 * Manager, the name every provider's secret starts with (the stack's IAM policy allows those
 * secrets and no other). Required, so that registering a provider never fails at its first PUT.
 */
const clientSecrets = () => ({
  [ApiEnvironment.clientSecretsPrefix]: z
    .string()
    .check(
      z.regex(
        /^[A-Za-z0-9/_+=.@-]+\/$/,
        'must be the start of a Secrets Manager secret name ending in "/", e.g. partnership-hub/prod/identity-providers/',
      ),
    ),
});
export const apiCoreEnvironmentSchema = /* @__PURE__ */ z.extend(apiFeedsEnvironmentSchema, /* @__PURE__ */ clientSecrets());

/**
 * The pages function's environment. Without a session secret the pages are public only (the
 * stack always gives one; an API-only deployment may not). Without the assets folder the pages
 * are served unstyled and the API reference is not.
 */
export const apiPagesEnvironmentSchema = /* @__PURE__ */ z.extend(apiFeedsEnvironmentSchema, {
  [ApiEnvironment.sessionSecret]: z.optional(
    z
      .string()
      .check(
        z.minLength(SESSION_SECRET_MIN_LENGTH),
        z.regex(SESSION_SECRET_PATTERN, 'must be URL-safe characters only (A-Z, a-z, 0-9, - and _)'),
      ),
  ),
  [ApiEnvironment.assetsDir]: z.optional(z.string()),
  [ApiEnvironment.signInAttemptsPerCaller]: RateLimitSetting,
});

/**
 * The pages that know who is signed in as a person (their sessions and bodies: people.ts) read
 * the people's sender too, which signing in and the members page use.
 */
export const apiPeoplePagesEnvironmentSchema = /* @__PURE__ */ z.extend(apiPagesEnvironmentSchema, /* @__PURE__ */ peopleEnvironment());

/**
 * Signing in through an identity provider (lambda-sign-in-oidc.ts): a page that knows people, which
 * reads each provider's client secret from Secrets Manager, under the same prefix as the JSON API
 * writes them. Required, so that a misconfigured function fails its cold start, not a person's sign-in.
 */
export const apiProviderSignInEnvironmentSchema = /* @__PURE__ */ z.extend(
  apiPeoplePagesEnvironmentSchema,
  /* @__PURE__ */ clientSecrets(),
);

/** The partners' JSON API (members among them): the feeds' environment and the people's sender. */
export const apiPartnersEnvironmentSchema = /* @__PURE__ */ z.extend(apiFeedsEnvironmentSchema, /* @__PURE__ */ peopleEnvironment());

/**
 * The JSON API's environment. It serves the subscription routes, whose first deliveries go to
 * the delivery queue: without the queue's URL the function does not start, rather than serve an
 * API with those routes silently missing.
 */
const subscriptionsEnvironment = () => ({
  [ApiEnvironment.deliveryQueueUrl]: z.url(),
  // Local development only; "0" or "1" so that a mistyped value fails the start instead of meaning "off".
  [ApiEnvironment.allowLoopbackWebhooks]: z.pipe(
    z._default(z.enum(['0', '1']), '0'),
    z.transform((value) => value === '1'),
  ),
  [ApiEnvironment.confirmationEmailsPerAddress]: RateLimitSetting,
  [ApiEnvironment.subscriptionRequestsPerCaller]: RateLimitSetting,
});
export const apiEnvironmentSchema = /* @__PURE__ */ z.extend(apiFeedsEnvironmentSchema, /* @__PURE__ */ subscriptionsEnvironment());

/**
 * The connectors' function (their API and pages): the environment of the pages that know people, and the connector runner
 * it hands runs to (connector-handover.ts). Without the runner's name it does not start, rather
 * than queue runs nothing performs.
 */
const connectorRunner = () => ({ [ApiEnvironment.connectorRunFunction]: z.string().check(z.minLength(1)) });
export const apiConnectorsEnvironmentSchema = /* @__PURE__ */ z.extend(apiPeoplePagesEnvironmentSchema, /* @__PURE__ */ connectorRunner());

/** The connectors' schedule: it reads the table and hands due runs to the runner, and serves no page. */
export const connectorSweepEnvironmentSchema = /* @__PURE__ */ z.extend(apiFeedsEnvironmentSchema, /* @__PURE__ */ connectorRunner());

/**
 * The email alerts form's function: a page (the session secret signs its CSRF token; it knows people
 * signed in) that subscribes as the JSON API does, so it reads the subscriptions' variables too.
 */
export const apiAlertsEnvironmentSchema = /* @__PURE__ */ z.extend(
  apiPeoplePagesEnvironmentSchema,
  /* @__PURE__ */ subscriptionsEnvironment(),
);

/** What each function's environment parses to. */
export type ApiFeedsEnvironment = z.output<typeof apiFeedsEnvironmentSchema>;
export type ApiPagesEnvironment = z.output<typeof apiPagesEnvironmentSchema>;
export type ApiJsonEnvironment = z.output<typeof apiEnvironmentSchema>;
export type ApiPeopleEnvironment = z.output<typeof apiPartnersEnvironmentSchema>;
export type ApiCoreEnvironment = z.output<typeof apiCoreEnvironmentSchema>;
export type ApiProviderSignInEnvironment = z.output<typeof apiProviderSignInEnvironmentSchema>;

/** What a construct must set for each function: every required variable, under its name. */
export type ApiFeedsEnvironmentVariables = z.input<typeof apiFeedsEnvironmentSchema>;
export type ApiPagesEnvironmentVariables = z.input<typeof apiPagesEnvironmentSchema>;
export type ApiEnvironmentVariables = z.input<typeof apiEnvironmentSchema>;
export type ApiConnectorsEnvironmentVariables = z.input<typeof apiConnectorsEnvironmentSchema>;
export type ConnectorSweepEnvironmentVariables = z.input<typeof connectorSweepEnvironmentSchema>;
export type ApiPartnersEnvironmentVariables = z.input<typeof apiPartnersEnvironmentSchema>;
export type ApiCoreEnvironmentVariables = z.input<typeof apiCoreEnvironmentSchema>;
export type ApiAlertsEnvironmentVariables = z.input<typeof apiAlertsEnvironmentSchema>;
export type ApiPeoplePagesEnvironmentVariables = z.input<typeof apiPeoplePagesEnvironmentSchema>;
export type ApiProviderSignInEnvironmentVariables = z.input<typeof apiProviderSignInEnvironmentSchema>;
