export { main } from './cli.ts';
export * from './moderngov.ts';
export * from './sync.ts';
