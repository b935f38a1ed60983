import {
  type AttemptVerdict,
  type ChangeData,
  changeEmail,
  confirmationEmail,
  type Delivery,
  type DeliveryFailure,
  describeResponse,
  digestEmail,
  disabledNoticeEmail,
  type EmailMessage,
  type EmailSubscriptionRef,
  newDeliveryId,
  nextRetryDelayMs,
  ownerConfirmationEmail,
  parseRetryAfter,
  type Subscription,
  SubscriptionChangedError,
  verdictFor,
} from '@partnership-hub/subscriptions';
import type { DeliveryWorkerDeps } from './deps.ts';
import { madeWithRevokedKey } from './made-with-key.ts';

export type AttemptOutcome = 'delivered' | 'retry-scheduled' | 'failed' | 'cancelled' | 'not-due' | 'skipped';

interface AttemptResult {
  verdict: AttemptVerdict;
  failure?: Omit<DeliveryFailure, 'at' | 'deliveryId' | 'attempt'>;
  retryAfterMs?: number;
}

/**
 * A delivery may be sent only while its subscription is in the state it was made for; a
 * verification request or confirmation email only if the owner has not asked for a newer one; a
 * notice to the owner email only while it is still the owner email, and once it has confirmed.
 */
function stillWanted(delivery: Delivery, subscription: Subscription | undefined): subscription is Subscription {
  if (!subscription) return false;
  const latest = !subscription.verificationRequestedAt || delivery.createdAt >= subscription.verificationRequestedAt;
  const toOwner = delivery.to !== undefined && delivery.to === subscription.ownerEmail;
  switch (delivery.purpose) {
    case 'verification':
      return subscription.status === 'pending-verification' && latest;
    case 'confirmation':
      return subscription.status === 'pending-confirmation' && latest;
    case 'owner-confirmation':
      return toOwner && !subscription.ownerEmailConfirmed;
    case 'disabled-notice':
      return toOwner && subscription.ownerEmailConfirmed === true;
    default:
      return subscription.status === 'active' && happenedSinceActive(delivery, subscription);
  }
}

/**
 * Whether every change a delivery tells of happened once the subscription last became active. One
 * that moved to a new URL or address became active again when that answered: a change (or a digest)
 * made for the old endpoint and still waiting for a retry is not the new one's to read.
 */
function happenedSinceActive(delivery: Delivery, subscription: Subscription): boolean {
  const since = subscription.activeSince;
  if (!since) return true;
  // A change's payload is stamped with when it happened; a digest lists its changes, each with its own.
  const happened =
    delivery.purpose === 'digest'
      ? ((delivery.payload.data.changes as ChangeData[] | undefined) ?? []).map((change) => change.occurredAt ?? delivery.createdAt)
      : [delivery.payload.timestamp];
  return happened.every((at) => at >= since);
}

/** The endpoint proved control when it answered with the same challenge. */
export function echoesChallenge(body: string | undefined, challenge: string | undefined): boolean {
  if (!body || !challenge) return false;
  try {
    const parsed = JSON.parse(body) as { challenge?: unknown };
    return parsed.challenge === challenge;
  } catch {
    return false;
  }
}

/**
 * How long an attempt holds its delivery: longer than the slowest attempt (a webhook times out after
 * 10 s). An attempt is recorded before it is made, due again this long after, so that an attempt
 * under way is not made a second time beside it, and one a crash cut short is made again after this.
 */
export const ATTEMPT_LEASE_MS = 60_000;

/**
 * Makes one attempt at a delivery and decides what follows: done, another attempt later (on the
 * retry schedule, with jitter, honouring Retry-After), or give up. A 410 disables the
 * subscription at once; an endpoint still failing when the schedule runs out is disabled and its
 * owner told. Safe to call twice for the same delivery, also at once: only a pending, due delivery
 * is sent, and only by the caller that recorded the attempt first (conditionally on the attempts
 * before it); the others find it taken.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  async function attempt(deliveryId: string): Promise<AttemptOutcome> {
    const delivery = await deps.deliveries.get(deliveryId);
    if (delivery?.status !== 'pending') return 'skipped';
    const now = deps.clock();
    const dueAt = new Date(delivery.nextAttemptAt);
    // Received early (a queue can only hold a message back so long): wait for the rest.
    if (dueAt.getTime() > now.getTime() + 1_000) {
      await deps.queue.enqueue(delivery.id, dueAt);
      return 'not-due';
    }
    const subscription = await deps.subscriptions.get(delivery.subscriptionId);
    if (!stillWanted(delivery, subscription)) {
      await deps.deliveries.save({ ...delivery, status: 'cancelled' }, delivery.attempts);
      return 'cancelled';
    }
    // The key may have been revoked since the change was matched (a retry, a digest queued before):
    // partners-only news must not reach it then, so the delivery is dropped rather than retried.
    if ((delivery.purpose === 'change' || delivery.purpose === 'digest') && (await madeWithRevokedKey(deps.keyStatus, subscription))) {
      deps.logger.info('a delivery was dropped: the key that made its subscription is revoked', {
        subscriptionId: subscription.id,
        deliveryId: delivery.id,
      });
      await deps.deliveries.save({ ...delivery, status: 'cancelled' }, delivery.attempts);
      return 'cancelled';
    }

    // The attempt is recorded before it is made: a redelivered event queues a pending delivery again,
    // and two takers sending before either recorded its attempt would send it twice (an email has no
    // webhook-id for its reader to drop the second by). Until the outcome is recorded, it is due
    // again only once the lease has run out, the attempt then lost with the process that made it.
    const attempts = delivery.attempts + 1;
    const leaseUntil = new Date(now.getTime() + ATTEMPT_LEASE_MS).toISOString();
    if (!(await deps.deliveries.save({ ...delivery, attempts, nextAttemptAt: leaseUntil }, delivery.attempts))) return 'skipped';

    const result = await send(delivery, subscription, now);
    const failure = result.failure ? { at: now.toISOString(), deliveryId: delivery.id, attempt: attempts, ...result.failure } : undefined;

    if (result.verdict === 'delivered') {
      if (!(await deps.deliveries.save({ ...delivery, attempts, status: 'delivered', deliveredAt: now.toISOString() }, attempts)))
        return 'skipped';
      if (delivery.purpose === 'verification') {
        await changeSubscription(subscription.id, (current) =>
          current.status === 'pending-verification'
            ? { ...withoutChallenge(current), status: 'active', updatedAt: now.toISOString(), activeSince: now.toISOString() }
            : undefined,
        );
      }
      return 'delivered';
    }

    if (result.verdict === 'retry') {
      const delay = nextRetryDelayMs(attempts, deps.retryDelaysMs, deps.random(), result.retryAfterMs);
      if (delay !== undefined) {
        const next = new Date(now.getTime() + delay);
        const saved = await deps.deliveries.save(
          { ...delivery, attempts, nextAttemptAt: next.toISOString(), ...(failure ? { lastFailure: failure } : {}) },
          attempts,
        );
        if (!saved) return 'skipped';
        await deps.queue.enqueue(delivery.id, next);
        if (failure) await recordFailure(subscription.id, failure);
        return 'retry-scheduled';
      }
    }

    if (!(await deps.deliveries.save({ ...delivery, attempts, status: 'failed', ...(failure ? { lastFailure: failure } : {}) }, attempts)))
      return 'skipped';
    if (delivery.purpose === 'disabled-notice') return 'failed';
    if (result.verdict === 'gone') {
      await disable(subscription.id, 'the endpoint answered 410 Gone', failure);
    } else if (result.verdict === 'retry') {
      await disable(
        subscription.id,
        `deliveries kept failing for the whole retry window (last: ${failure?.status ?? failure?.error ?? 'unknown'})`,
        failure,
      );
    } else if (failure) {
      await recordFailure(subscription.id, failure);
    }
    return 'failed';
  }

  async function send(delivery: Delivery, subscription: Subscription, now: Date): Promise<AttemptResult> {
    if (delivery.purpose === 'owner-confirmation') {
      const link = ownerConfirmationEmail(
        deps.links(),
        delivery.to ?? '',
        subscription.id,
        endpointName(subscription),
        subscription.ownerEmailToken ?? '',
      );
      return sendEmail(link, delivery.id);
    }
    if (delivery.purpose === 'disabled-notice') {
      return sendEmail(
        disabledNoticeEmail(delivery.to ?? '', subscription.id, endpointName(subscription), String(delivery.payload.data.reason)),
        delivery.id,
      );
    }
    if (subscription.endpoint.kind === 'email') {
      const ref: EmailSubscriptionRef = {
        id: subscription.id,
        areaId: subscription.areaId,
        address: subscription.endpoint.address,
        unsubscribeToken: subscription.unsubscribeToken ?? '',
      };
      const links = deps.links();
      if (delivery.purpose === 'confirmation')
        return sendEmail(confirmationEmail(links, ref, subscription.confirmToken ?? ''), delivery.id);
      if (delivery.purpose === 'digest') {
        const data = delivery.payload.data as { changes: ChangeData[]; day: string };
        return sendEmail(digestEmail(links, ref, data.changes, data.day), delivery.id);
      }
      return sendEmail(changeEmail(links, ref, delivery.payload.data as unknown as ChangeData), delivery.id);
    }

    const response = await deps.sendWebhook({
      url: subscription.endpoint.url,
      deliveryId: delivery.id,
      signingSecret: subscription.signingSecret ?? '',
      ...(subscription.previousSigningSecret && subscription.previousSigningSecret.until > now.toISOString()
        ? { previousSigningSecret: subscription.previousSigningSecret.secret }
        : {}),
      payload: delivery.payload,
      at: now,
    });
    const seen = describeResponse(response);
    let verdict: AttemptVerdict = response.unsafe ? 'retry' : verdictFor(response.status);
    if (delivery.purpose === 'verification' && verdict !== 'gone') {
      // Until it echoes the challenge, an endpoint has not shown it is its owner's: keep asking.
      if (verdict === 'delivered' && !echoesChallenge(response.body, subscription.challenge)) {
        return { verdict: 'retry', failure: { ...seen, error: 'the answer did not echo the challenge as {"challenge": "..."}' } };
      }
      if (verdict === 'rejected') verdict = 'retry';
    }
    const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.retryAfter, now) : undefined;
    return { verdict, ...(verdict === 'delivered' ? {} : { failure: seen }), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }

  async function sendEmail(message: EmailMessage, messageId: string): Promise<AttemptResult> {
    try {
      await deps.sendEmail(message, messageId);
      return { verdict: 'delivered' };
    } catch (error) {
      return { verdict: 'retry', failure: { error: `the email could not be sent: ${(error as Error).message}`.slice(0, 256) } };
    }
  }

  /** Applies a change to the subscription, re-reading it if someone changed it meanwhile. */
  async function changeSubscription(
    id: string,
    change: (current: Subscription) => Subscription | undefined,
  ): Promise<Subscription | undefined> {
    for (let tries = 0; tries < 5; tries++) {
      const current = await deps.subscriptions.get(id);
      if (!current) return undefined;
      const next = change(current);
      if (!next) return undefined;
      try {
        await deps.subscriptions.replace(current, next);
        return next;
      } catch (error) {
        if (!(error instanceof SubscriptionChangedError)) throw error;
      }
    }
    throw new Error(`Subscription ${id} kept changing; giving up this time (the delivery will be retried)`);
  }

  async function recordFailure(id: string, failure: DeliveryFailure): Promise<void> {
    await changeSubscription(id, (current) => ({ ...current, lastFailure: failure, updatedAt: deps.clock().toISOString() }));
  }

  async function disable(id: string, reason: string, failure: DeliveryFailure | undefined): Promise<void> {
    const now = deps.clock();
    const disabled = await changeSubscription(id, (current) =>
      current.status === 'disabled'
        ? undefined
        : {
            ...current,
            status: 'disabled',
            disabled: { at: now.toISOString(), reason },
            ...(failure ? { lastFailure: failure } : {}),
            updatedAt: now.toISOString(),
          },
    );
    deps.logger.warn('subscription disabled', { subscriptionId: id, reason });
    // The owner email was given by whoever subscribed: it is told only once it has confirmed it wants to be.
    if (!disabled?.ownerEmail || !disabled.ownerEmailConfirmed) return;
    const notice: Delivery = {
      id: newDeliveryId(),
      subscriptionId: id,
      purpose: 'disabled-notice',
      status: 'pending',
      to: disabled.ownerEmail,
      payload: { type: 'subscription.disabled', timestamp: now.toISOString(), data: { subscriptionId: id, reason } },
      attempts: 0,
      createdAt: now.toISOString(),
      nextAttemptAt: now.toISOString(),
    };
    await deps.deliveries.create(notice);
    await deps.queue.enqueue(notice.id, now);
  }

  return { attempt };
}

function withoutChallenge(subscription: Subscription): Subscription {
  const { challenge: _challenge, ...rest } = subscription;
  return rest;
}

function endpointName(subscription: Subscription): string {
  return subscription.endpoint.kind === 'webhook' ? subscription.endpoint.url : subscription.endpoint.address;
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
