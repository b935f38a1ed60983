export * from './projector.ts';
export * from './tracker-lists.ts';
export * from './wiring.ts';
