export * from './addresses.ts';
export * from './get-text.ts';
export * from './pinned.ts';
