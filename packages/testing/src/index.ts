export * from './deliveries.ts';
export * from './events.ts';
export * from './histories.ts';
export * from './stored-before-plans.ts';
export * from './stores.ts';
