export * from './projector.ts';
export * from './wiring.ts';
