export * from './outbox-relay.ts';
export * from './single-flight.ts';
export * from './stream-relay.ts';
export * from './wake-on-append.ts';
export * from './wiring.ts';
