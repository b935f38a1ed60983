export * from './calendar.ts';
export * from './changes.ts';
export * from './imports.ts';
export * from './links.ts';
export * from './popolo.ts';
export * from './syndication.ts';
export * from './xml-text.ts';
