export { type LocalAwsConnection, localAwsConnection } from './connection.ts';
export { DynamoDbDeliveryJournal } from './delivery-journal.ts';
export { DataFolderInUseError, DataFolderUnusableError, EmbeddedDynamoDb, type EmbeddedDynamoDbOptions, ensureTable } from './dynamodb.ts';
export {
  type DeadLetter,
  type DeliveryJournal,
  type EventBridgeEvent,
  type EventPatternMatcher,
  type JournalEntry,
  LocalEventBus,
  type LocalEventBusFaults,
  type LocalEventBusOptions,
  type LocalEventBusStats,
  LocalEventBusStoppedError,
  type LocalRule,
} from './eventbridge.ts';
