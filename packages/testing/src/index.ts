export * from './deliveries.ts';
export * from './events.ts';
export * from './histories.ts';
export * from './stores.ts';
