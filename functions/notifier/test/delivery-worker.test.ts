import type { Delivery, Subscription, WebhookResponse } from '@partnership-hub/subscriptions';
import { describe, expect, it } from 'vitest';
import { ATTEMPT_LEASE_MS, createDeliveryWorker } from '../src/delivery-worker.ts';
import { createDueRunner } from '../src/due-runner.ts';
import { changeData, FakeClock, inMemoryNotifications, SECOND, scriptedEndpoint, subscriptionOf, T0 } from './support.ts';

const change = (subscription: Subscription, overrides: Partial<Delivery> = {}): Delivery => ({
  id: `msg_change_${subscription.id}`,
  subscriptionId: subscription.id,
  purpose: 'change',
  status: 'pending',
  payload: { type: 'priority.published', timestamp: T0.toISOString(), data: { title: 'A priority' } },
  attempts: 0,
  createdAt: T0.toISOString(),
  nextAttemptAt: T0.toISOString(),
  ...overrides,
});

/**
 * The worker fed by the due runner from an in-memory queue, on a fake clock: `runAt(ms)` moves
 * the clock to T0 + ms and attempts whatever is due then, as the local scheduler or SQS would.
 */
async function harness(
  answers: Parameters<typeof scriptedEndpoint>[1][],
  options: { retryDelaysMs?: readonly number[]; subscription?: Subscription } = {},
) {
  const clock = new FakeClock();
  const endpoint = scriptedEndpoint(clock, ...answers);
  const wired = inMemoryNotifications({
    clock,
    sendWebhook: endpoint.send,
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  const worker = createDeliveryWorker(wired.worker);
  const runDue = createDueRunner(wired.queue, worker, clock.now, wired.logger);
  const subscription = options.subscription ?? subscriptionOf({}, 'active', { ownerEmail: 'owner@example.org', ownerEmailConfirmed: true });
  await wired.subscriptions.create(subscription);
  const runAt = async (ms: number) => {
    clock.advance(T0.getTime() + ms - clock.now().getTime());
    return runDue();
  };
  const enqueue = async (delivery: Delivery) => {
    await wired.deliveries.create(delivery);
    await wired.queue.enqueue(delivery.id, new Date(delivery.nextAttemptAt));
  };
  return { ...wired, workerDeps: wired.worker, worker, endpoint, subscription, runAt, enqueue, runDue };
}

describe('retrying a failing webhook', () => {
  it('tries again on the schedule, backing off, with the same webhook-id, until the endpoint answers 2xx', async () => {
    const h = await harness([{ status: 503 }, { status: 503 }, { status: 200 }]);
    const delivery = change(h.subscription);
    await h.enqueue(delivery);

    expect(await h.runAt(0)).toBe(1);
    expect(await h.runAt(999)).toBe(0);
    expect(await h.runAt(SECOND)).toBe(1);
    expect(await h.runAt(5_999)).toBe(0);
    expect(await h.runAt(6 * SECOND)).toBe(1);

    expect(h.endpoint.requests.map((request) => request.receivedAt)).toEqual([0, SECOND, 6 * SECOND]);
    expect(new Set(h.endpoint.requests.map((request) => request.deliveryId))).toEqual(new Set([delivery.id]));
    expect(await h.deliveries.get(delivery.id)).toMatchObject({
      status: 'delivered',
      attempts: 3,
      deliveredAt: new Date(T0.getTime() + 6 * SECOND).toISOString(),
    });
    expect((await h.subscriptions.get(h.subscription.id))?.lastFailure).toMatchObject({ status: 503, attempt: 2, deliveryId: delivery.id });
    expect(h.queue.waiting).toEqual([]);
  });

  it('spreads the waits with up to 20% jitter either way', async () => {
    for (const [random, wait] of [
      [0, 800],
      [0.999, 1_200],
    ] as const) {
      const h = await harness([{ status: 500 }]);
      const worker = createDeliveryWorker({ ...h.workerDeps, random: () => random });
      const delivery = change(h.subscription);
      await h.deliveries.create(delivery);
      expect(await worker.attempt(delivery.id)).toBe('retry-scheduled');
      expect(h.clock.elapsed(h.queue.waiting[0]!.dueAt)).toBe(wait);
    }
  });

  it("waits as long as a 429 answer's Retry-After asks, though the schedule says a second", async () => {
    const h = await harness([{ status: 429, retryAfter: '120' }, { status: 200 }]);
    await h.enqueue(change(h.subscription));

    await h.runAt(0);
    expect(await h.runAt(119 * SECOND)).toBe(0);
    expect(await h.runAt(120 * SECOND)).toBe(1);

    expect(h.endpoint.requests.map((request) => request.receivedAt)).toEqual([0, 120 * SECOND]);
  });

  it('reads a Retry-After given as an HTTP date, on a 503 too', async () => {
    const retryAt = new Date(T0.getTime() + 90 * SECOND).toUTCString();
    const h = await harness([{ status: 503, retryAfter: retryAt }, { status: 204 }]);
    await h.enqueue(change(h.subscription));

    await h.runAt(0);
    expect(h.clock.elapsed(h.queue.waiting[0]!.dueAt)).toBe(90 * SECOND);
  });

  it('gives up when the retry window runs out: disables the subscription, keeps the last failure and emails its owner', async () => {
    const h = await harness([{ status: 500, body: 'x'.repeat(1000) }], { retryDelaysMs: [SECOND, 2 * SECOND] });
    const delivery = change(h.subscription);
    await h.enqueue(delivery);

    await h.runAt(0);
    await h.runAt(SECOND);
    await h.runAt(3 * SECOND);

    expect(h.endpoint.requests).toHaveLength(3);
    expect(await h.deliveries.get(delivery.id)).toMatchObject({ status: 'failed', attempts: 3 });
    const disabled = await h.subscriptions.get(h.subscription.id);
    expect(disabled).toMatchObject({
      status: 'disabled',
      disabled: { at: new Date(T0.getTime() + 3 * SECOND).toISOString(), reason: expect.stringContaining('retry window') },
      lastFailure: { status: 500, attempt: 3, deliveryId: delivery.id },
    });
    expect(disabled?.lastFailure?.excerpt).toHaveLength(256);
    expect(h.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'subscription disabled' }));

    // The owner's notice is itself a delivery, queued and sent like any other.
    expect(h.deliveries.all().filter((stored) => stored.purpose === 'disabled-notice')).toHaveLength(1);
    expect(h.mail.sent).toHaveLength(1);
    expect(h.mail.sent[0]!.message.to).toBe('owner@example.org');
    expect(h.mail.sent[0]!.message.text).toContain(h.subscription.id);
    expect(h.mail.sent[0]!.message.text).toContain('retry window');

    // Nothing more goes to the endpoint, whatever is still queued for it.
    await h.enqueue(change(h.subscription, { id: 'msg_later' }));
    await h.runAt(60 * SECOND);
    expect(h.endpoint.requests).toHaveLength(3);
    expect((await h.deliveries.get('msg_later'))?.status).toBe('cancelled');
  });

  it('disables without emailing anyone when the subscription has no owner email', async () => {
    const h = await harness([{ status: 500 }], { retryDelaysMs: [], subscription: subscriptionOf() });
    await h.enqueue(change(h.subscription));
    await h.runAt(0);
    await h.runAt(SECOND);
    expect((await h.subscriptions.get(h.subscription.id))?.status).toBe('disabled');
    expect(h.mail.sent).toEqual([]);
    expect(h.queue.waiting).toEqual([]);
  });
});

describe("the owner's email address", () => {
  it('is told nothing until it has followed the link emailed to it, however often the subscription is disabled', async () => {
    const subscription = subscriptionOf({ ownerEmail: 'someone-else@example.org' }, 'active');
    expect(subscription.ownerEmailConfirmed).toBeFalsy();
    const h = await harness([{ status: 410 }], { subscription });
    await h.enqueue(change(subscription));
    await h.runAt(0);

    expect((await h.subscriptions.get(subscription.id))?.status).toBe('disabled');
    expect(h.deliveries.all().filter((stored) => stored.purpose === 'disabled-notice')).toEqual([]);
    expect(h.mail.sent).toEqual([]);
  });

  it('is sent the link that confirms it, and a notice queued for it is dropped once the owner email changed', async () => {
    const subscription = subscriptionOf({ ownerEmail: 'owner@example.org' }, 'pending-verification');
    const h = await harness([], { subscription });
    const confirmation: Delivery = {
      ...change(subscription),
      id: 'msg_owner',
      purpose: 'owner-confirmation',
      to: 'owner@example.org',
      payload: { type: 'subscription.owner-confirmation', timestamp: T0.toISOString(), data: { subscriptionId: subscription.id } },
    };
    await h.enqueue(confirmation);
    await h.runAt(0);

    expect(h.mail.sent).toHaveLength(1);
    const { message } = h.mail.sent[0]!;
    expect(message.to).toBe('owner@example.org');
    expect(message.text).toContain(
      `https://hub.example.org/v1/subscriptions/${subscription.id}/confirm?token=${subscription.ownerEmailToken}`,
    );
    expect(message.text).toContain('https://hooks.example.org/in');

    const current = (await h.subscriptions.get(subscription.id))!;
    await h.subscriptions.replace(current, { ...current, ownerEmail: 'new-owner@example.org', updatedAt: T0.toISOString() });
    await h.enqueue({ ...confirmation, id: 'msg_owner_again' });
    await h.enqueue({
      ...confirmation,
      id: 'msg_notice',
      purpose: 'disabled-notice',
      payload: { ...confirmation.payload, data: { reason: 'x' } },
    });
    await h.runAt(SECOND);
    expect(h.mail.sent).toHaveLength(1);
  });
});

describe('what an answer does to the subscription', () => {
  it('disables it at once on 410 Gone, tries no more, and tells the owner', async () => {
    const h = await harness([{ status: 410, body: '{"error":"gone"}' }]);
    const delivery = change(h.subscription);
    await h.enqueue(delivery);

    expect(await h.worker.attempt(delivery.id)).toBe('failed');

    expect(await h.subscriptions.get(h.subscription.id)).toMatchObject({
      status: 'disabled',
      disabled: { reason: 'the endpoint answered 410 Gone' },
      lastFailure: { status: 410, attempt: 1 },
    });
    const notice = h.deliveries.all().find((stored) => stored.purpose === 'disabled-notice');
    expect(notice).toMatchObject({ to: 'owner@example.org', payload: { data: { reason: 'the endpoint answered 410 Gone' } } });
    await h.runAt(60 * SECOND);
    expect(h.endpoint.requests).toHaveLength(1);
    expect(h.mail.sent.map((email) => email.message.to)).toEqual(['owner@example.org']);
  });

  it('records a refusal (4xx) on the subscription without retrying or disabling it', async () => {
    const h = await harness([{ status: 400, body: 'bad payload' }]);
    const delivery = change(h.subscription);
    await h.enqueue(delivery);

    await h.runAt(0);
    expect(await h.deliveries.get(delivery.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await h.subscriptions.get(h.subscription.id)).toMatchObject({
      status: 'active',
      lastFailure: { status: 400, excerpt: 'bad payload' },
    });
    expect(h.queue.waiting).toEqual([]);
    await h.runAt(60 * SECOND);
    expect(h.endpoint.requests).toHaveLength(1);
  });

  it('retries an address that fails the checks at delivery time, as it may be fixed', async () => {
    const unsafe: WebhookResponse = { unsafe: true, error: 'hooks.example.org resolves to 10.0.0.1' };
    const h = await harness([unsafe]);
    await h.enqueue(change(h.subscription));
    await h.runAt(0);
    expect(h.clock.elapsed(h.queue.waiting[0]!.dueAt)).toBe(SECOND);
    expect((await h.subscriptions.get(h.subscription.id))?.lastFailure?.error).toContain('10.0.0.1');
  });
});

describe('verifying a webhook', () => {
  const verification = (subscription: Subscription): Delivery => ({
    ...change(subscription),
    id: `msg_verify_${subscription.id}`,
    purpose: 'verification',
    payload: { type: 'subscription.verification', timestamp: T0.toISOString(), data: { challenge: subscription.challenge } },
  });

  it('activates the subscription when the endpoint echoes the challenge', async () => {
    const pending = subscriptionOf({}, 'pending-verification');
    const h = await harness([(request) => ({ status: 200, body: JSON.stringify({ challenge: request.payload.data.challenge }) })], {
      subscription: pending,
    });
    await h.enqueue(verification(pending));
    await h.runAt(0);
    const verified = await h.subscriptions.get(pending.id);
    expect(verified?.status).toBe('active');
    expect(verified?.challenge).toBeUndefined();
  });

  it('keeps asking an endpoint that answers 2xx without the challenge, or refuses it', async () => {
    const pending = subscriptionOf({}, 'pending-verification');
    const h = await harness([{ status: 200, body: '{}' }, { status: 404 }, { status: 200, body: `{"challenge":"${pending.challenge}"}` }], {
      subscription: pending,
    });
    await h.enqueue(verification(pending));
    await h.runAt(0);
    expect((await h.subscriptions.get(pending.id))?.lastFailure?.error).toContain('did not echo the challenge');
    await h.runAt(SECOND);
    await h.runAt(6 * SECOND);
    expect((await h.subscriptions.get(pending.id))?.status).toBe('active');
  });

  it('sends an unverified endpoint nothing but the verification request', async () => {
    const pending = subscriptionOf({}, 'pending-verification');
    const h = await harness([{ status: 200 }], { subscription: pending });
    const delivery = change(pending);
    await h.enqueue(delivery);
    expect(await h.worker.attempt(delivery.id)).toBe('cancelled');
    expect(h.endpoint.requests).toEqual([]);
  });

  it('sends only the newest verification request once a newer one was asked for', async () => {
    const pending = subscriptionOf({}, 'pending-verification', { verificationRequestedAt: new Date(T0.getTime() + SECOND).toISOString() });
    const h = await harness([{ status: 200 }], { subscription: pending });
    const older = verification(pending);
    await h.enqueue(older);
    expect(await h.worker.attempt(older.id)).toBe('cancelled');
    expect(h.endpoint.requests).toEqual([]);
  });
});

describe('each attempt', () => {
  it('is signed with the current secret, and with the replaced one only during its grace period', async () => {
    const rotated = subscriptionOf({}, 'active', {
      previousSigningSecret: { secret: 'whsec_b2xkLXNlY3JldC1vbmU=', until: new Date(T0.getTime() + 10 * SECOND).toISOString() },
    });
    const h = await harness([{ status: 500 }, { status: 200 }], { subscription: rotated, retryDelaysMs: [20 * SECOND] });
    await h.enqueue(change(rotated));
    await h.runAt(0);
    await h.runAt(20 * SECOND);
    expect(h.endpoint.requests.map((request) => request.previousSigningSecret)).toEqual(['whsec_b2xkLXNlY3JldC1vbmU=', undefined]);
    expect(h.endpoint.requests.every((request) => request.signingSecret === rotated.signingSecret)).toBe(true);
  });

  it('is made only when due: a message received early is queued again for the rest of the wait', async () => {
    const h = await harness([{ status: 200 }]);
    const later = change(h.subscription, { nextAttemptAt: new Date(T0.getTime() + 3_600_000).toISOString() });
    await h.deliveries.create(later);
    expect(await h.worker.attempt(later.id)).toBe('not-due');
    expect(h.queue.waiting).toEqual([{ deliveryId: later.id, dueAt: new Date(T0.getTime() + 3_600_000) }]);
    expect(h.endpoint.requests).toEqual([]);
  });

  it('is not made again for a delivery already delivered (the queue delivers at least once)', async () => {
    const h = await harness([{ status: 200 }]);
    const delivery = change(h.subscription);
    await h.deliveries.create(delivery);
    expect(await h.worker.attempt(delivery.id)).toBe('delivered');
    expect(await h.worker.attempt(delivery.id)).toBe('skipped');
    expect(h.endpoint.requests).toHaveLength(1);
  });

  it('is made once when attempts at the same delivery overlap (queued again by a redelivered event, taken in one pass)', async () => {
    const h = await harness([{ status: 200 }, { status: 200 }, { status: 200 }]);
    const delivery = change(h.subscription);
    await h.enqueue(delivery);
    // A crash makes the bus hand the notifier the same event again, which queues the pending delivery again.
    await h.queue.enqueue(delivery.id, new Date(T0.getTime() - 1));
    await h.queue.enqueue(delivery.id, new Date(T0.getTime() - 2));
    await h.runAt(0);
    expect(h.endpoint.requests).toHaveLength(1);
    expect(await h.deliveries.get(delivery.id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  // Queued twice: the attempt that finds the delivery taken must release nothing the one under way holds.
  it.each([
    ['queued once', 1],
    ['queued twice', 2],
  ])(
    'counts an attempt before it sends, so one cut short by a crash is not lost: it is made again once its lease has run out (%s)',
    async (_, queued) => {
      const h = await harness([{ status: 200 }]);
      const delivery = change(h.subscription);
      await h.enqueue(delivery);
      if (queued === 2) await h.queue.enqueue(delivery.id, new Date(T0.getTime() - 1));
      // A process that took the delivery, claimed its attempt and died before it recorded how it went.
      const crashed = createDeliveryWorker({ ...h.workerDeps, sendWebhook: () => new Promise(() => {}) });
      void createDueRunner(h.queue, crashed, h.workerDeps.clock, h.logger)();
      await expect.poll(async () => (await h.deliveries.get(delivery.id))?.attempts).toBe(1);
      await h.runAt(ATTEMPT_LEASE_MS);
      expect(h.endpoint.requests).toHaveLength(1);
      expect(await h.deliveries.get(delivery.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    },
  );
});

describe('emails', () => {
  const email = (mode: 'immediate' | 'daily-digest' = 'immediate') =>
    subscriptionOf({ endpoint: { kind: 'email', address: 'resident@example.org', mode } });

  it('sends the confirmation email with its link and a one-click unsubscribe', async () => {
    const pending = { ...email(), status: 'pending-confirmation' as const };
    const h = await harness([], { subscription: pending });
    await h.enqueue({ ...change(pending), purpose: 'confirmation' });
    await h.runAt(0);
    expect(h.mail.sent).toHaveLength(1);
    const { message } = h.mail.sent[0]!;
    expect(message.to).toBe('resident@example.org');
    expect(message.text).toContain(`https://hub.example.org/v1/subscriptions/${pending.id}/confirm?token=${pending.confirmToken}`);
    expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('retries an email the mail service would not take, on the same schedule', async () => {
    const subscription = email();
    const h = await harness([], { subscription });
    h.mail.state.failing = true;
    const delivery: Delivery = {
      ...change(subscription),
      payload: { type: 'priority.published', timestamp: T0.toISOString(), data: changeData() },
    };
    await h.enqueue(delivery);
    await h.runAt(0);
    expect((await h.deliveries.get(delivery.id))?.lastFailure?.error).toBe('the email could not be sent: the mail server is down');
    h.mail.state.failing = false;
    await h.runAt(SECOND);
    expect(h.mail.sent).toHaveLength(1);
    expect(h.mail.sent[0]!.messageId).toBe(delivery.id);
  });

  it('does not send a change or digest made for the old address to the address a subscription moved to', async () => {
    const subscription = { ...email(), activeSince: new Date(T0.getTime() - 60 * SECOND).toISOString() };
    const h = await harness([], { subscription });
    h.mail.state.failing = true;
    const alert: Delivery = {
      ...change(subscription),
      payload: { type: 'priority.published', timestamp: T0.toISOString(), data: { ...changeData(), occurredAt: T0.toISOString() } },
    };
    const digest = change(subscription, {
      id: 'msg_digest',
      purpose: 'digest',
      payload: {
        type: 'subscription.digest',
        timestamp: T0.toISOString(),
        data: { day: '1 March 2026', changes: [{ ...changeData(), occurredAt: T0.toISOString() }] },
      },
    });
    for (const delivery of [alert, digest]) await h.enqueue(delivery);
    await h.runAt(0);

    // Moved to a new address, which confirmed before the retries came due.
    const current = (await h.subscriptions.get(subscription.id))!;
    const movedAt = new Date(T0.getTime() + 500).toISOString();
    await h.subscriptions.replace(current, {
      ...current,
      endpoint: { kind: 'email', address: 'new@example.org', mode: 'immediate' },
      activeSince: movedAt,
      updatedAt: movedAt,
    });
    h.mail.state.failing = false;
    await h.runAt(SECOND);

    expect(h.mail.sent).toEqual([]);
    expect((await h.deliveries.get(alert.id))?.status).toBe('cancelled');
    expect((await h.deliveries.get(digest.id))?.status).toBe('cancelled');
  });
});

describe('a subscription made with a key that is then revoked', () => {
  it('sends no retry of a change once the key is revoked, and drops the delivery rather than retrying it', async () => {
    const subscription = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham', createdWithKey: 'key-1' }, 'active');
    const h = await harness([{ status: 503 }, { status: 200 }], { subscription });
    const delivery = change(subscription);
    await h.enqueue(delivery);

    expect(await h.runAt(0)).toBe(1);
    expect(h.endpoint.requests).toHaveLength(1);
    h.revokedKeys.add('key-1');
    expect(await h.runAt(SECOND)).toBe(1);

    expect(h.endpoint.requests).toHaveLength(1);
    expect((await h.deliveries.get(delivery.id))?.status).toBe('cancelled');
    expect(await h.runAt(60 * SECOND)).toBe(0);
  });

  it('sends no queued digest once the key is revoked', async () => {
    const subscription = subscriptionOf(
      {
        audience: 'partners',
        createdBy: 'safer-rotherham',
        createdWithKey: 'key-1',
        endpoint: { kind: 'email', address: 'a@example.org', mode: 'daily-digest' },
      },
      'active',
    );
    const h = await harness([], { subscription });
    const digest = change(subscription, {
      id: 'msg_digest',
      purpose: 'digest',
      payload: { type: 'subscription.digest', timestamp: T0.toISOString(), data: { day: '2026-03-02', changes: [] } },
    });
    await h.enqueue(digest);
    h.revokedKeys.add('key-1');

    expect(await h.runAt(0)).toBe(1);
    expect(h.mail.sent).toEqual([]);
    expect((await h.deliveries.get(digest.id))?.status).toBe('cancelled');
  });
});
