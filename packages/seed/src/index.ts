export * from './south-yorkshire.ts';
