export * from './south-yorkshire.ts';
export * from './south-yorkshire-meetings.ts';
export * from './south-yorkshire-requests.ts';
