import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DeliveryWorker } from './delivery-worker.ts';
import type { Logger } from './deps.ts';
import { parseDueMessage } from './sqs-messages.ts';

/** What the handler reads of an SQS event (Lambda's SQSEvent, without the aws-lambda types). */
export interface DeliveryQueueEvent {
  Records: { messageId: string; body: string; [field: string]: unknown }[];
}

export interface PartialBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The delivery queue's batch handler: each message is one attempt. A message whose attempt throws
 * (the store unreachable, a message that is not a delivery) is reported as failed, so SQS
 * redelivers it alone and, after the queue's receive limit, moves it to the dead-letter queue;
 * the others in the batch are done. Failed HTTP attempts do not throw: the worker schedules those
 * itself. Powertools' batch processor builds the partial answer; a whole batch failing is
 * answered the same way rather than as an error, so SQS treats every message alike.
 */
export function createDeliveryBatchHandler(worker: Pick<DeliveryWorker, 'attempt'>, logger: Logger) {
  const processor = new BatchProcessor(EventType.SQS);
  const attempt = async (record: DeliveryQueueEvent['Records'][number]): Promise<void> => {
    try {
      await worker.attempt(parseDueMessage(record.body).deliveryId);
    } catch (error) {
      logger.error('delivery attempt failed', { messageId: record.messageId, error: String(error) });
      throw error;
    }
  };
  return async (event: DeliveryQueueEvent): Promise<PartialBatchResponse> =>
    processPartialResponse(event, attempt, processor, { throwOnFullBatchFailure: false });
}
