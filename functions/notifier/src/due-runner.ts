import type { PolledDeliveryQueue } from '@partnership-hub/subscriptions';
import type { DeliveryWorker } from './delivery-worker.ts';
import type { Logger } from './deps.ts';

/**
 * The local run's scheduler: takes the deliveries that are due from the table and attempts
 * them. A delivery whose attempt throws (the store unreachable, say) is put back for a few
 * seconds later, so nothing claimed is ever dropped.
 */
export function createDueRunner(queue: PolledDeliveryQueue, worker: Pick<DeliveryWorker, 'attempt'>, clock: () => Date, logger: Logger) {
  let running: Promise<number> | undefined;
  let again = false;

  async function drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const due = await queue.takeDue(clock());
      if (due.length === 0) return attempted;
      await Promise.all(
        due.map(async (deliveryId) => {
          try {
            await worker.attempt(deliveryId);
          } catch (error) {
            logger.warn('a delivery attempt failed; it will be tried again', { deliveryId, error: String(error) });
            await queue.enqueue(deliveryId, new Date(clock().getTime() + 5_000));
          }
        }),
      );
      attempted += due.length;
    }
  }

  /** Attempts everything due now; overlapping calls share one pass (and trigger one more after it). */
  return async function runDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drain();
      } while (again);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
}
