export * from './deps.ts';
export * from './notifier.ts';
export * from './delivery-worker.ts';
export * from './digest.ts';
export * from './due-runner.ts';
export * from './wiring.ts';
export { parseDueMessage } from './sqs-messages.ts';
