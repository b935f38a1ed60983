import {
  InMemoryApiKeyStore,
  InMemoryChangeFeed,
  InMemoryClientSecretStore,
  InMemoryConnectorStore,
  InMemoryEventLog,
  InMemoryIdentityProviderStore,
  InMemoryMembershipStore,
  InMemoryPersonIdentityStore,
  InMemorySessionStore,
  InMemorySignInLinkStore,
  InMemoryViewStore,
  inMemoryRateLimiter,
} from '../src/index.ts';
import { describeApiKeyStoreContract } from './contract/api-keys.contract.ts';
import { describeChangeFeedContract } from './contract/change-feed.contract.ts';
import { describeConnectorStoreContract } from './contract/connectors.contract.ts';
import { describeEventLogContract } from './contract/event-log.contract.ts';
import {
  describeClientSecretStoreContract,
  describeIdentityProviderStoreContract,
  describePersonIdentityStoreContract,
} from './contract/identity-providers.contract.ts';
import {
  describeMembershipStoreContract,
  describeSessionStoreContract,
  describeSignInLinkStoreContract,
} from './contract/people.contract.ts';
import { describeRateLimiterContract } from './contract/rate-limits.contract.ts';
import { describeViewStoreContract } from './contract/view-store.contract.ts';

// The in-memory adapters stand in for the DynamoDB ones in the handlers' unit tests: they must keep the same contract.
describeEventLogContract('InMemoryEventLog', async () => new InMemoryEventLog());
describeViewStoreContract('InMemoryViewStore', async () => new InMemoryViewStore());
describeApiKeyStoreContract('InMemoryApiKeyStore', async () => new InMemoryApiKeyStore());
describeChangeFeedContract('InMemoryChangeFeed', async () => new InMemoryChangeFeed());
// One store per limiter, as the wiring makes them: each limit keeps its own counters.
describeRateLimiterContract('inMemoryRateLimiter', async () => inMemoryRateLimiter);
describeConnectorStoreContract('InMemoryConnectorStore', async () => new InMemoryConnectorStore());
describeMembershipStoreContract('InMemoryMembershipStore', async () => new InMemoryMembershipStore());
describeSessionStoreContract('InMemorySessionStore', async () => new InMemorySessionStore());
describeSignInLinkStoreContract('InMemorySignInLinkStore', async () => new InMemorySignInLinkStore());
describeIdentityProviderStoreContract('InMemoryIdentityProviderStore', async () => new InMemoryIdentityProviderStore());
describePersonIdentityStoreContract('InMemoryPersonIdentityStore', async () => new InMemoryPersonIdentityStore());
describeClientSecretStoreContract('InMemoryClientSecretStore', async () => new InMemoryClientSecretStore());
