import { useEmbeddedTables } from '@partnership-hub/testing/embedded-tables';
import { DynamoDbDeliveryStore, DynamoDbSubscriptionStore } from '../src/index.ts';
import { describeDeliveryStoreContract, describeSubscriptionStoreContract } from './contract/stores.contract.ts';

/** The DynamoDB adapters against a real DynamoDB API (dynalite, in memory), each test with a table of its own. */
const embedded = useEmbeddedTables('subscriptions');

describeSubscriptionStoreContract(
  'DynamoDbSubscriptionStore',
  async () => new DynamoDbSubscriptionStore(embedded.documents, await embedded.freshTable()),
);
describeDeliveryStoreContract(
  'DynamoDbDeliveryStore',
  async () => new DynamoDbDeliveryStore(embedded.documents, await embedded.freshTable()),
);
