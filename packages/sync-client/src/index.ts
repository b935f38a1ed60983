export { main } from './cli.ts';
export * from './sync.ts';
