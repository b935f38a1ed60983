export * from './sync.ts';
export { main } from './cli.ts';
