export * from './change-feed.ts';
export * from './wiring.ts';
