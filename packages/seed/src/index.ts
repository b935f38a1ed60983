export * from './south-yorkshire.ts';
export * from './south-yorkshire-meetings.ts';
export * from './south-yorkshire-requests.ts';
export * from './south-yorkshire-variations.ts';
