import { type Delivery, newDeliveryId } from '@partnership-hub/subscriptions';
import type { NotifierDeps } from './deps.ts';
import { madeWithRevokedKey } from './made-with-key.ts';

/**
 * The daily digest: run once a day (an EventBridge schedule in AWS, a timer locally), it takes
 * every change collected for daily-digest subscriptions and queues one email per subscription.
 */
export function createDigestRun(deps: Pick<NotifierDeps, 'subscriptions' | 'deliveries' | 'queue' | 'keyStatus' | 'clock' | 'logger'>) {
  return async function runDigest(): Promise<{ digests: number }> {
    const now = deps.clock();
    let digests = 0;
    for (const { subscriptionId, entries } of await deps.deliveries.takeDigests()) {
      const subscription = await deps.subscriptions.get(subscriptionId);
      if (subscription?.status !== 'active' || subscription.endpoint.kind !== 'email') continue;
      // Made with a key revoked since its changes were collected: the day's partners news is not sent.
      if (await madeWithRevokedKey(deps.keyStatus, subscription)) {
        deps.logger.info('a digest was left out: the key that made its subscription is revoked', { subscriptionId });
        continue;
      }
      const changes = [...entries].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)).map((entry) => entry.data);
      const delivery: Delivery = {
        id: newDeliveryId(),
        subscriptionId,
        purpose: 'digest',
        status: 'pending',
        payload: { type: 'subscription.digest', timestamp: now.toISOString(), data: { day: now.toISOString().slice(0, 10), changes } },
        attempts: 0,
        createdAt: now.toISOString(),
        nextAttemptAt: now.toISOString(),
      };
      await deps.deliveries.create(delivery);
      await deps.queue.enqueue(delivery.id, now);
      digests++;
    }
    deps.logger.info('daily digest run', { digests });
    return { digests };
  };
}
