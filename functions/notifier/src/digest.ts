import { type Delivery, londonDaysInWords, newDeliveryId } from '@partnership-hub/subscriptions';
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
      // Changes are collected per subscription, which may since have moved to a new address: what
      // happened before it last became active (confirmed at the new address) was collected for the
      // old one, partners-only news included, and is not the new address's to read.
      const since = subscription.activeSince;
      const current = entries.filter((entry) => !since || entry.occurredAt >= since);
      if (current.length < entries.length)
        deps.logger.info('changes collected before a digest subscription last became active were left out', {
          subscriptionId,
          left: entries.length - current.length,
        });
      if (current.length === 0) continue;
      const changes = [...current].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)).map((entry) => entry.data);
      // Dated by the UK day(s) the changes happened, not the day the digest is sent (07:00 UTC).
      const day = londonDaysInWords(current.map((entry) => entry.occurredAt));
      const delivery: Delivery = {
        id: newDeliveryId(),
        subscriptionId,
        purpose: 'digest',
        status: 'pending',
        payload: { type: 'subscription.digest', timestamp: now.toISOString(), data: { day, changes } },
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
