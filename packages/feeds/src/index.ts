export * from './changes.ts';
export * from './syndication.ts';
export * from './calendar.ts';
export * from './popolo.ts';
export * from './links.ts';
export * from './imports.ts';
