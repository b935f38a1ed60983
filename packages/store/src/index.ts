// The ports: what the handlers depend on.
export * from './api-keys.ts';
export * from './change-feed.ts';
export * from './connectors.ts';
// The DynamoDB adapters, which the wirings construct, and the table they share.
export * from './dynamodb/api-keys.ts';
export * from './dynamodb/change-feed.ts';
export * from './dynamodb/clients.ts';
export * from './dynamodb/conditions.ts';
export * from './dynamodb/connectors.ts';
export * from './dynamodb/event-log.ts';
export * from './dynamodb/identity-providers.ts';
export { queryAll } from './dynamodb/items.ts';
export * from './dynamodb/people.ts';
export * from './dynamodb/rate-limits.ts';
export * from './dynamodb/table.ts';
export * from './dynamodb/view-store.ts';
export * from './event-log.ts';
export * from './gzip-parts.ts';
export * from './identity-providers.ts';
export * from './keys.ts';
// The in-memory adapters: the same contracts in one process, for unit tests.
export * from './memory/api-keys.ts';
export * from './memory/change-feed.ts';
export * from './memory/connectors.ts';
export * from './memory/event-log.ts';
export * from './memory/identity-providers.ts';
export * from './memory/people.ts';
export * from './memory/rate-limits.ts';
export * from './memory/view-store.ts';
export * from './people.ts';
export * from './rate-limits.ts';
export * from './view-store.ts';
