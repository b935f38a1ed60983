export { EmbeddedDynamoDb, type EmbeddedDynamoDbOptions, ensureTable } from './dynamodb.ts';
export {
  type DeadLetter,
  type EventBridgeEvent,
  type EventPatternMatcher,
  LocalEventBus,
  type LocalEventBusFaults,
  type LocalEventBusOptions,
  type LocalEventBusStats,
  LocalEventBusStoppedError,
  type LocalRule,
} from './eventbridge.ts';
