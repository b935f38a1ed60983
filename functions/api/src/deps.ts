import type { ApiKeyStore, ChangeFeed, EventLog, MembershipStore, SessionStore, SignInLinkStore, ViewStore } from '@partnership-hub/store';
import type { SendEmail, SubscriptionServices } from '@partnership-hub/subscriptions';
import type { SubscriptionStore } from '@partnership-hub/subscriptions/links';
import type { Context } from 'hono';
import type { ConnectorServices } from './connector-ports.ts';
import type { IdentityProviderWiring } from './identity-provider-ports.ts';
import type { RequestLimits } from './rate-limits.ts';

export interface Logger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** People: their memberships of bodies, their browser sessions, and the emails that invite them and sign them in. */
export interface PeopleServices {
  memberships: MembershipStore;
  sessions: SessionStore;
  signInLinks: SignInLinkStore;
  /** Invitations and sign-in links: SES in AWS, the outbox folder locally. */
  sendEmail: SendEmail;
  /** A new stable person id (a ULID). */
  newPersonId: () => string;
}

/** Everything the API needs from outside, injected by the wiring (Lambda or the local run). */
export interface ApiDeps {
  eventLog: EventLog;
  views: ViewStore;
  apiKeys: ApiKeyStore;
  /** SHA-256 (hex) of the administrator's key. */
  adminKeyHash: string;
  clock: () => Date;
  newEventId: () => string;
  newApiKey: () => string;
  logger: Logger;
  /** Each area's change feed (GET /v1/areas/{areaId}/changes); the wirings that serve the feeds set it, others and unit tests of other routes leave it out. */
  changeFeed?: ChangeFeed;
  /** Signs the browser pages' session cookies. Without it the pages are public only and signing in is off. */
  sessionSecret?: string;
  /** Where govuk-frontend's compiled CSS (govuk-frontend.min.css) is, for the pages' stylesheet. */
  assetsDir?: string;
  /** Subscriptions to change notifications (/v1/subscriptions). Without it those routes are not served. */
  subscriptions?: SubscriptionServices;
  /**
   * The subscriptions alone, for the links in emails (confirm, unsubscribe): the pages' function
   * serves those with this store and none of the other services. Where `subscriptions` is set,
   * its store serves them.
   */
  subscriptionStore?: SubscriptionStore;
  /**
   * The limits on requests that send confirmation emails or try keys (subscribing, signing in).
   * The wirings of the API and pages functions always set them; unit tests of other behaviour may leave them out.
   */
  requestLimits?: RequestLimits;
  /**
   * The address a request came from as the server in front of the app sees it (the HTTP API's
   * source IP in Lambda, the socket's peer locally): who an anonymous caller is, for the limits.
   */
  clientAddress?: (c: Context) => string | undefined;
  /** The area's connectors (/v1/areas/{areaId}/connectors). Without them those routes are not served. */
  connectors?: ConnectorServices;
  /** People who sign in as themselves (members, sessions, sign-in links). Without it only keys are known. */
  people?: PeopleServices;
  /**
   * The OpenID Connect providers people sign in through (/v1/identity-providers, the sign-in pages).
   * Without them everyone signs in with an emailed link. The email-link sign-in may have only the
   * directory (which provider a domain has); registering them and their flow need the services.
   */
  identityProviders?: IdentityProviderWiring;
}
