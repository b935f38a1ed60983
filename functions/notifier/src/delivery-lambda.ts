import { wireForLambda } from './aws.ts';
import { createDeliveryBatchHandler } from './delivery-batch.ts';
import { createDeliveryWorker } from './delivery-worker.ts';

/** The delivery worker in Lambda, fed by the delivery queue. */
const wired = wireForLambda('deliveryWorker', process.env).worker;
export const handler = createDeliveryBatchHandler(createDeliveryWorker(wired), wired.logger);
