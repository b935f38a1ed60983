import { toViewRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import {
  InMemoryApiKeyStore,
  InMemoryEventLog,
  InMemoryMembershipStore,
  InMemorySessionStore,
  InMemorySignInLinkStore,
  InMemoryViewStore,
} from '@partnership-hub/store';
import type { EmailMessage, SubscriptionServices } from '@partnership-hub/subscriptions';
import { vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashKey } from '../src/auth.ts';
import type { ConnectorServices } from '../src/connector-ports.ts';
import type { ApiDeps, PeopleServices } from '../src/deps.ts';
import { allRoutes } from '../src/groups/index.ts';
import type { IdentityProviderServices } from '../src/identity-provider-ports.ts';

/** An in-memory log that runs a step after each append, as the relay and the projector do in the hub. */
class FollowedEventLog extends InMemoryEventLog {
  constructor(private readonly afterAppend: (event: HubEvent) => Promise<void>) {
    super();
  }

  override async append(event: HubEvent): Promise<void> {
    await super.append(event);
    await this.afterAppend(event);
  }
}

/** People who sign in as themselves, over in-memory stores: each email sent is handed to `record`, and person ids count up. */
export function inMemoryPeople(record: (message: EmailMessage) => void): PeopleServices {
  let ids = 0;
  return {
    memberships: new InMemoryMembershipStore(),
    sessions: new InMemorySessionStore(),
    signInLinks: new InMemorySignInLinkStore(),
    sendEmail: async (message) => record(message),
    newPersonId: () => `person-${++ids}`,
  };
}

export interface InMemoryAppOptions {
  /** Now; by default 09:00 UTC on 1 March 2026. */
  clock?: () => Date;
  /**
   * Project each appended event into the views at once (its record only: with no stored joint
   * view, the joint view is worked out from the records on each read), so reads see every write.
   */
  project?: boolean;
  /** With `project`: events this answers true for are not projected, as if the projector were moments behind them. */
  lagging?: (event: HubEvent) => boolean;
  /** The area's connectors' services; without them the connector routes are not served. */
  connectors?: ConnectorServices;
  /** People who sign in as themselves (memberships, sessions, sign-in links, their emails). */
  people?: PeopleServices;
  /** Signs the pages' cookies; without it signing in is off. */
  sessionSecret?: string;
  /** OpenID Connect providers; without them the identity provider routes are not served. */
  identityProviders?: IdentityProviderServices;
  /** Subscriptions to change notifications; without them those routes and the alert forms are not served. */
  subscriptions?: SubscriptionServices;
}

/**
 * The whole app over fresh in-memory stores, with a fixed clock: for tests of what the HTTP edge
 * accepts and refuses. The event log and the views are handed back so a test can see what was (or
 * was not) recorded, and project what it needs.
 */
export function inMemoryApp(adminKey: string, options: InMemoryAppOptions = {}) {
  let sequence = 0;
  const views = new InMemoryViewStore();
  const eventLog = options.project
    ? new FollowedEventLog(async (event) => void (options.lagging?.(event) ? undefined : await views.put(toViewRecord(event))))
    : new InMemoryEventLog();
  const deps: ApiDeps = {
    eventLog,
    views,
    apiKeys: new InMemoryApiKeyStore(),
    adminKeyHash: hashKey(adminKey),
    clock: options.clock ?? (() => new Date('2026-03-01T09:00:00.000Z')),
    newEventId: () => `01JEVENT${String(++sequence).padStart(6, '0')}`,
    newApiKey: () => `phk_test-key-${++sequence}`,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    ...(options.connectors ? { connectors: options.connectors } : {}),
    ...(options.people ? { people: options.people } : {}),
    ...(options.sessionSecret ? { sessionSecret: options.sessionSecret } : {}),
    ...(options.identityProviders ? { identityProviders: options.identityProviders } : {}),
    ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
  };
  return { app: createApp(deps, allRoutes), eventLog, views, deps };
}
