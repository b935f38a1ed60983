export * from './delivery-worker.ts';
export * from './deps.ts';
export * from './digest.ts';
export * from './due-runner.ts';
export * from './notifier.ts';
export { parseDueMessage } from './sqs-messages.ts';
export * from './wiring.ts';
