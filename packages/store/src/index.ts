export * from './api-keys.ts';
export * from './change-feed.ts';
export * from './clients.ts';
export * from './conditions.ts';
export * from './event-log.ts';
export * from './keys.ts';
export * from './table.ts';
export * from './view-store.ts';
