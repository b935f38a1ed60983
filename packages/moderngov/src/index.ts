export * from './client.ts';
export * from './connector-run.ts';
export * from './convert.ts';
export * from './meeting.ts';
export * from './parse.ts';
export * from './plan.ts';
export * from './run.ts';
export * from './text.ts';
