import { Logger } from '@aws-lambda-powertools/logger';
import {
  type ChangeFeed,
  createDocumentClient,
  DynamoDbApiKeyStore,
  type DynamoDbConnection,
  DynamoDbEventLog,
  DynamoDbViewStore,
} from '@partnership-hub/store';
import type { SubscriptionsConfig, wireSubscriptionServices } from '@partnership-hub/subscriptions';
import { monotonicFactory } from 'ulid';
import { newApiKey } from './auth.ts';
import type { ApiDeps, Logger as HubLogger, PeopleServices } from './deps.ts';
import type { ApiFeedsEnvironment, ApiJsonEnvironment, ApiPagesEnvironment } from './environment.ts';
import type { RateLimitPolicy, wireRequestLimits } from './rate-limits.ts';

export interface ApiConfig {
  tableName: string;
  /** SHA-256 (hex) of the administrator's key. */
  adminKeyHash: string;
  dynamoDb?: DynamoDbConnection;
  logger?: HubLogger;
  /** Signs the browser pages' session cookies (HUB_SESSION_SECRET); without it, signing in to the pages is off. */
  sessionSecret?: string;
  /** The folder holding govuk-frontend.min.css for the pages (HUB_ASSETS_DIR). */
  assetsDir?: string;
  /** Subscriptions to change notifications: where first deliveries are queued, and the webhook address policy. */
  subscriptions?: SubscriptionsConfig;
  /** Limits other than the defaults (rate-limits.ts), from the function's environment or the local hub's options. */
  rateLimits?: Partial<RateLimitPolicy>;
  /** How the server in front of the app tells where a request came from (each entry's getConnInfo): see ApiDeps. */
  clientAddress?: ApiDeps['clientAddress'];
}

/**
 * The API's settings from its function's environment, parsed at cold start (environment.ts): the
 * pages' variables are there only in the pages function's.
 */
export function apiConfigFromEnvironment(
  environment: ApiFeedsEnvironment & Partial<ApiPagesEnvironment> & Partial<ApiJsonEnvironment>,
): ApiConfig {
  const limits = Object.entries({
    confirmationEmailsPerAddress: environment.HUB_LIMIT_CONFIRMATION_EMAILS_PER_ADDRESS,
    subscriptionRequestsPerCaller: environment.HUB_LIMIT_SUBSCRIPTION_REQUESTS_PER_CALLER,
    signInAttemptsPerCaller: environment.HUB_LIMIT_SIGN_IN_ATTEMPTS_PER_CALLER,
  }).filter(([, limit]) => limit !== undefined);
  return {
    tableName: environment.TABLE_NAME,
    adminKeyHash: environment.HUB_ADMIN_KEY_HASH,
    sessionSecret: environment.HUB_SESSION_SECRET,
    assetsDir: environment.HUB_ASSETS_DIR,
    // Only the limits the environment sets; the others keep their defaults.
    rateLimits: limits.length > 0 ? (Object.fromEntries(limits) as Partial<RateLimitPolicy>) : undefined,
  };
}

/**
 * Adapters only some entries serve, passed by those entries (like `wireSubscriptions`) so that
 * the other functions' bundles carry none of them.
 */
export interface OptionalWiring {
  /**
   * The document client, when the entry also builds stores of its own on it (the identity providers,
   * the connectors): one client per process, as an SDK client costs its share of a cold start.
   */
  documents?: ReturnType<typeof createDocumentClient>;
  /** The limits on subscribing and signing in: the JSON API, the pages and the local run. */
  requestLimits?: typeof wireRequestLimits;
  /** The change feed: the feeds and the local run. */
  changeFeed?: (documents: ReturnType<typeof createDocumentClient>, tableName: string) => ChangeFeed;
  /** People who sign in as themselves: the JSON API (members), the sign-in pages, the pages and the local run (see people.ts). */
  people?: (documents: ReturnType<typeof createDocumentClient>, tableName: string) => PeopleServices;
}

/**
 * Builds the API's adapters once per process. The subscriptions' services (and their webhook
 * libraries) are wired only by an entry that serves the subscription routes, which passes
 * `wireSubscriptions`: the feeds' and pages' bundles then carry none of it. Likewise `wiring`.
 */
export function wireApi(config: ApiConfig, wireSubscriptions?: typeof wireSubscriptionServices, wiring: OptionalWiring = {}): ApiDeps {
  const documents = wiring.documents ?? createDocumentClient(config.dynamoDb);
  const clock = () => new Date();
  return {
    eventLog: new DynamoDbEventLog(documents, config.tableName),
    views: new DynamoDbViewStore(documents, config.tableName),
    apiKeys: new DynamoDbApiKeyStore(documents, config.tableName),
    changeFeed: wiring.changeFeed?.(documents, config.tableName),
    adminKeyHash: config.adminKeyHash,
    clock,
    // Monotonic ULIDs: sortable by time, and strictly increasing within this process.
    newEventId: monotonicFactory(),
    newApiKey,
    logger: config.logger ?? new Logger({ serviceName: 'partnership-hub-api' }),
    sessionSecret: config.sessionSecret,
    assetsDir: config.assetsDir,
    subscriptions:
      config.subscriptions && wireSubscriptions ? wireSubscriptions(documents, config.tableName, config.subscriptions) : undefined,
    requestLimits: wiring.requestLimits?.(documents, config.tableName, config.rateLimits ?? {}, clock),
    clientAddress: config.clientAddress,
    people: wiring.people?.(documents, config.tableName),
  };
}
