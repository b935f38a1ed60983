export * from './south-yorkshire.ts';
export * from './south-yorkshire-requests.ts';
