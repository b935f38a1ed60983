export * from './table.ts';
export * from './keys.ts';
export * from './conditions.ts';
export * from './clients.ts';
export * from './event-log.ts';
export * from './view-store.ts';
export * from './api-keys.ts';
export * from './change-feed.ts';
