export * from './republisher.ts';
export * from './wiring.ts';
