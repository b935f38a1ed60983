import { wireForLambda } from './aws.ts';
import { createDeliveryWorker } from './delivery-worker.ts';
import { parseDueMessage } from './sqs-messages.ts';

const worker = createDeliveryWorker(wireForLambda(process.env).worker);

interface SqsEvent {
  Records: { messageId: string; body: string }[];
}

/**
 * The delivery worker in Lambda, fed by the delivery queue. Each message is one attempt; a
 * message whose attempt throws is reported as failed, so SQS redelivers it alone and, after
 * the queue's receive limit, moves it to the dead-letter queue.
 */
export const handler = async (event: SqsEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      try {
        await worker.attempt(parseDueMessage(record.body).deliveryId);
      } catch (error) {
        console.error(JSON.stringify({ message: 'delivery attempt failed', messageId: record.messageId, error: String(error) }));
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures };
};
