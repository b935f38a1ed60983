import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryQueue } from '../delivery-queue.ts';

/** SQS can hold a message back for 15 minutes at most. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** The message the delivery worker receives: which delivery, and when it is due. */
export interface DueMessage {
  deliveryId: string;
  dueAt: string;
}

/**
 * Waiting deliveries in AWS: an SQS message delayed until the attempt is due. A wait longer
 * than SQS's 15-minute limit is covered in steps: the worker receives the message early, sees
 * it is not due yet, and enqueues it again for the rest (see `secondsUntil`). The client and
 * the queue URL come from the function's wiring, built once per cold start.
 */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async enqueue(deliveryId: string, dueAt: Date): Promise<void> {
    const body: DueMessage = { deliveryId, dueAt: dueAt.toISOString() };
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        DelaySeconds: secondsUntil(dueAt, this.clock()),
      }),
    );
  }
}

/** The SQS delay for a due time: rounded up, never negative, never more than SQS allows. */
export function secondsUntil(dueAt: Date, now: Date): number {
  return Math.min(MAX_SQS_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt.getTime() - now.getTime()) / 1000)));
}
