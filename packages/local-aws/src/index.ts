export { EmbeddedDynamoDb, ensureTable, type EmbeddedDynamoDbOptions } from './dynamodb.ts';
export {
  LocalEventBus,
  LocalEventBusStoppedError,
  type DeadLetter,
  type EventBridgeEvent,
  type EventPatternMatcher,
  type LocalEventBusFaults,
  type LocalEventBusOptions,
  type LocalEventBusStats,
  type LocalRule,
} from './eventbridge.ts';
