import { describe, expect, it } from 'vitest';
import {
  confirmSubscription,
  createSubscription,
  endpointAfterUpdate,
  type Generators,
  hashToken,
  InvalidLinkError,
  InvalidSubscriptionChangeError,
  isManagedBy,
  type NewSubscription,
  publicView,
  ResendTooSoonError,
  requestVerificationAgain,
  rotateSigningSecret,
  SIGNING_SECRET_GRACE_MS,
  type Subscription,
  SubscriptionStateError,
  secondsUntilResend,
  unsubscribe,
  updateSubscription,
} from '../src/index.ts';

const AREA = 'south-yorkshire';
const T0 = new Date('2026-03-01T10:00:00.000Z');
const MINUTE = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Ids and secrets numbered in the order they are made, so a test can say which one went where. */
function counting(): Generators {
  let n = 0;
  const next = (prefix: string) => () => `${prefix}${++n}`;
  return {
    subscriptionId: next('sub_'),
    managementToken: next('phs_'),
    opaqueToken: next('tok_'),
    signingSecret: next('whsec_'),
    deliveryId: next('msg_'),
  };
}

const context = (now: Date = T0) => ({ now, generate: counting(), resendIntervalMs: MINUTE });

const webhookCommand: NewSubscription = {
  areaId: AREA,
  audience: 'public',
  createdBy: null,
  filter: { themes: ['burglary'] },
  endpoint: { kind: 'webhook', url: 'https://hooks.example.org/in' },
};
const emailCommand: NewSubscription = {
  ...webhookCommand,
  endpoint: { kind: 'email', address: 'resident@example.org', mode: 'daily-digest' },
};

const newWebhook = () => createSubscription(webhookCommand, context()).subscription;
const newEmail = () => createSubscription(emailCommand, context()).subscription;
const active = (subscription: Subscription): Subscription => ({ ...subscription, status: 'active', updatedAt: at(MINUTE).toISOString() });

describe('a new subscription', () => {
  it('waits for its webhook to echo a challenge, keeps only the hash of its token, and sends the signed verification request', () => {
    const { subscription, managementToken, send } = createSubscription(webhookCommand, context());

    expect(subscription).toEqual({
      id: 'sub_2',
      areaId: AREA,
      audience: 'public',
      createdBy: null,
      filter: { themes: ['burglary'] },
      pattern: { source: ['partnership-hub'], detail: { areaId: [AREA], data: { themes: ['burglary'] } } },
      indexKeys: [`SUBS#${AREA}#THEME#burglary`],
      endpoint: { kind: 'webhook', url: 'https://hooks.example.org/in' },
      status: 'pending-verification',
      managementTokenHash: hashToken('phs_1'),
      signingSecret: 'whsec_3',
      challenge: 'tok_4',
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });
    expect(managementToken).toBe('phs_1');
    expect(JSON.stringify(subscription)).not.toContain('"phs_1"');
    expect(send).toEqual({
      id: 'msg_5',
      subscriptionId: 'sub_2',
      purpose: 'verification',
      status: 'pending',
      payload: { type: 'subscription.verification', timestamp: T0.toISOString(), data: { subscriptionId: 'sub_2', challenge: 'tok_4' } },
      attempts: 0,
      createdAt: T0.toISOString(),
      nextAttemptAt: T0.toISOString(),
    });
  });

  it('for an email address: a confirmation link and an unsubscribe link, no signing secret, and the confirmation email', () => {
    const { subscription, send } = createSubscription({ ...emailCommand, ownerEmail: 'owner@example.org' }, context());
    expect(subscription).toMatchObject({
      status: 'pending-confirmation',
      endpoint: { kind: 'email', address: 'resident@example.org', mode: 'daily-digest' },
      confirmToken: 'tok_3',
      unsubscribeToken: 'tok_4',
      ownerEmail: 'owner@example.org',
    });
    expect(subscription.signingSecret).toBeUndefined();
    expect(send).toMatchObject({
      purpose: 'confirmation',
      payload: { type: 'subscription.confirmation', data: { subscriptionId: 'sub_2' } },
    });
  });

  it('is managed by a token the caller already holds, when one is given', () => {
    const { subscription, managementToken } = createSubscription({ ...webhookCommand, managementToken: 'phs_mine' }, context());
    expect(managementToken).toBe('phs_mine');
    expect(isManagedBy(subscription, 'phs_mine')).toBe(true);
    expect(isManagedBy(subscription, 'phs_other')).toBe(false);
    expect(isManagedBy(undefined, 'phs_mine')).toBe(false);
  });
});

describe('changing a subscription', () => {
  it('changes the filter, and with it the pattern and the index keys, without verifying anything again', () => {
    const current = active(newWebhook());
    const { subscription, send } = updateSubscription(current, { filter: { organisations: ['csp-a'] } }, context(at(10 * MINUTE)));
    expect(subscription).toMatchObject({ status: 'active', filter: { organisations: ['csp-a'] }, indexKeys: [`SUBS#${AREA}#ORG#csp-a`] });
    expect(subscription.updatedAt).toBe(at(10 * MINUTE).toISOString());
    expect(send).toBeUndefined();
  });

  it('keeps, replaces or removes the owner email as asked', () => {
    const current = { ...active(newWebhook()), ownerEmail: 'first@example.org' };
    const update = (ownerEmail: string | null | undefined) =>
      updateSubscription(current, { filter: {}, ownerEmail }, context(at(10 * MINUTE))).subscription.ownerEmail;
    expect(update(undefined)).toBe('first@example.org');
    expect(update('second@example.org')).toBe('second@example.org');
    expect(update(null)).toBeUndefined();
  });

  it('moves a webhook to a new URL: pending again with a new challenge, and the verification request goes to the new URL', () => {
    const current = active(newWebhook());
    const moved = { filter: {}, endpoint: { kind: 'webhook' as const, url: 'https://new.example.org/in' } };
    expect(endpointAfterUpdate(current, moved)).toEqual({ endpoint: { kind: 'webhook', url: 'https://new.example.org/in' }, moved: true });

    const { subscription, send } = updateSubscription(current, moved, context(at(2 * MINUTE)));

    expect(subscription).toMatchObject({
      status: 'pending-verification',
      endpoint: { url: 'https://new.example.org/in' },
      verificationRequestedAt: at(2 * MINUTE).toISOString(),
    });
    expect(subscription.challenge).not.toBe(current.challenge);
    expect(send).toMatchObject({ purpose: 'verification', payload: { data: { challenge: subscription.challenge } } });
  });

  it('brings a disabled subscription back only by moving it, and then only once verified', () => {
    const disabled: Subscription = { ...active(newWebhook()), status: 'disabled', disabled: { at: T0.toISOString(), reason: '410' } };
    expect(updateSubscription(disabled, { filter: {} }, context(at(2 * MINUTE))).subscription).toMatchObject({
      status: 'disabled',
      disabled: { reason: '410' },
    });
    const moved = updateSubscription(
      disabled,
      { filter: {}, endpoint: { kind: 'webhook', url: 'https://new.example.org/in' } },
      context(at(2 * MINUTE)),
    );
    expect(moved.subscription.status).toBe('pending-verification');
    expect(moved.subscription.disabled).toBeUndefined();
  });

  it('moves an email subscription to a new address, to be confirmed again; the same address is no move', () => {
    const current = active(newEmail());
    expect(endpointAfterUpdate(current, { filter: {}, endpoint: { kind: 'email', address: 'resident@example.org' } }).moved).toBe(false);
    const { subscription, send } = updateSubscription(
      current,
      { filter: {}, endpoint: { kind: 'email', address: 'moved@example.org' }, mode: 'immediate' },
      context(at(2 * MINUTE)),
    );
    expect(subscription).toMatchObject({
      status: 'pending-confirmation',
      endpoint: { kind: 'email', address: 'moved@example.org', mode: 'immediate' },
    });
    expect(subscription.confirmToken).not.toBe(current.confirmToken);
    expect(send?.purpose).toBe('confirmation');
  });

  it("gives an email subscription moved to a new address a new unsubscribe token, so the old address's links stop working", () => {
    const current = active(newEmail());
    const { subscription } = updateSubscription(
      current,
      { filter: {}, endpoint: { kind: 'email', address: 'moved@example.org' } },
      context(at(2 * MINUTE)),
    );
    expect(subscription.unsubscribeToken).toBeDefined();
    expect(subscription.unsubscribeToken).not.toBe(current.unsubscribeToken);
    expect(unsubscribe(subscription, current.unsubscribeToken!)).toBeUndefined();
    expect(updateSubscription(current, { filter: {}, mode: 'immediate' }, context(at(2 * MINUTE))).subscription.unsubscribeToken).toBe(
      current.unsubscribeToken,
    );
  });

  it('refuses another kind of endpoint, and an email mode for a webhook, naming the field', () => {
    const webhook = active(newWebhook());
    expect(() => updateSubscription(webhook, { filter: {}, mode: 'immediate' }, context(at(2 * MINUTE)))).toThrow(
      new InvalidSubscriptionChangeError('mode', 'applies to email subscriptions only'),
    );
    const otherKind = () => endpointAfterUpdate(webhook, { filter: {}, endpoint: { kind: 'email', address: 'x@example.org' } });
    expect(otherKind).toThrow(InvalidSubscriptionChangeError);
    expect(otherKind).toThrow('endpoint.kind cannot change from webhook: subscribe anew for a different kind of endpoint');
  });

  it('moves an endpoint at most once a minute', () => {
    const current = active(newWebhook());
    const move = (now: Date) =>
      updateSubscription(current, { filter: {}, endpoint: { kind: 'webhook', url: 'https://new.example.org/' } }, context(now));
    expect(() => move(at(30_000))).toThrow(ResendTooSoonError);
    expect(move(at(MINUTE)).send).toBeDefined();
  });
});

describe("the owner's email address", () => {
  const withOwner = (ownerEmail = 'owner@example.org') => createSubscription({ ...webhookCommand, ownerEmail }, context());

  it('is sent a link to confirm it, and is not confirmed until it is followed; the webhook waits only for its own verification', () => {
    const { subscription, send, confirmOwner } = withOwner();
    expect(subscription).toMatchObject({ ownerEmail: 'owner@example.org', ownerEmailToken: 'tok_5' });
    expect(subscription.ownerEmailConfirmed).toBeFalsy();
    expect(send.purpose).toBe('verification');
    expect(confirmOwner).toMatchObject({
      subscriptionId: subscription.id,
      purpose: 'owner-confirmation',
      to: 'owner@example.org',
      status: 'pending',
      nextAttemptAt: T0.toISOString(),
    });
    expect(publicView(subscription)).toMatchObject({ ownerEmail: 'owner@example.org', ownerEmailConfirmed: false });
    expect(JSON.stringify(publicView(subscription))).not.toContain('tok_5');

    const confirmed = confirmSubscription(subscription, 'tok_5', at(MINUTE));
    expect(confirmed).toMatchObject({
      outcome: 'confirmed',
      confirmed: 'owner-email',
      subscription: { status: 'pending-verification', ownerEmailConfirmed: true, updatedAt: at(MINUTE).toISOString() },
    });
    expect(confirmSubscription(confirmed.subscription, 'tok_5', at(2 * MINUTE))).toMatchObject({
      outcome: 'already-confirmed',
      confirmed: 'owner-email',
    });
    expect(() => confirmSubscription(subscription, 'tok_4', at(MINUTE))).toThrow(InvalidLinkError);
  });

  it('sends nothing when none is given', () => {
    expect(createSubscription(webhookCommand, context()).confirmOwner).toBeUndefined();
  });

  it('is confirmed again when changed; kept confirmed when the same; forgotten with its link when removed', () => {
    const { subscription } = withOwner();
    const current: Subscription = { ...active(subscription), ownerEmailConfirmed: true };
    const update = (ownerEmail: string | null | undefined) =>
      updateSubscription(current, { filter: {}, ownerEmail }, context(at(10 * MINUTE)));

    for (const same of [undefined, 'owner@example.org']) {
      const kept = update(same);
      expect(kept.subscription).toMatchObject({ ownerEmail: 'owner@example.org', ownerEmailConfirmed: true, ownerEmailToken: 'tok_5' });
      expect(kept.confirmOwner).toBeUndefined();
    }
    const changed = update('second@example.org');
    expect(changed.subscription.ownerEmail).toBe('second@example.org');
    expect(changed.subscription.ownerEmailConfirmed).toBeFalsy();
    expect(changed.subscription.ownerEmailToken).not.toBe('tok_5');
    expect(changed.confirmOwner).toMatchObject({ purpose: 'owner-confirmation', to: 'second@example.org' });
    expect(changed.send).toBeUndefined();
    const removed = update(null).subscription;
    expect([removed.ownerEmail, removed.ownerEmailConfirmed, removed.ownerEmailToken]).toEqual([undefined, undefined, undefined]);
  });

  it('given before owner emails were confirmed, is sent a link when it is given again', () => {
    const legacy: Subscription = { ...active(newWebhook()), ownerEmail: 'owner@example.org' };
    const again = updateSubscription(legacy, { filter: {}, ownerEmail: 'owner@example.org' }, context(at(10 * MINUTE)));
    expect(again.confirmOwner).toMatchObject({ to: 'owner@example.org' });
    expect(again.subscription.ownerEmailToken).toBeDefined();
  });
});

describe('sending the verification or confirmation again', () => {
  it('at most once per interval: answers how many seconds to wait, rounded up', () => {
    const pending = newWebhook();
    let refusal: unknown;
    try {
      requestVerificationAgain(pending, context(at(20_500)));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ResendTooSoonError);
    expect((refusal as ResendTooSoonError).retryAfterSeconds).toBe(40);
    expect((refusal as Error).message).toBe('A verification or confirmation was sent less than 60 seconds ago; ask again in 40 seconds.');
    expect(secondsUntilResend(pending, at(MINUTE), MINUTE)).toBe(0);
  });

  it('counts the interval from the latest request, not from the subscription', () => {
    const first = requestVerificationAgain(newWebhook(), context(at(5 * MINUTE))).subscription;
    expect(() => requestVerificationAgain(first, context(at(5 * MINUTE + 59_000)))).toThrow(ResendTooSoonError);
    expect(requestVerificationAgain(first, context(at(6 * MINUTE))).subscription.verificationRequestedAt).toBe(
      at(6 * MINUTE).toISOString(),
    );
  });

  it('gives a new challenge and switches a disabled webhook back to waiting for verification', () => {
    const disabled: Subscription = {
      ...active(newWebhook()),
      status: 'disabled',
      disabled: { at: T0.toISOString(), reason: 'retry window' },
    };
    const { subscription, send } = requestVerificationAgain(disabled, context(at(2 * MINUTE)));
    expect(subscription.status).toBe('pending-verification');
    expect(subscription.disabled).toBeUndefined();
    expect(subscription.challenge).not.toBe(disabled.challenge);
    expect(send).toMatchObject({ purpose: 'verification', createdAt: at(2 * MINUTE).toISOString() });
  });

  it('gives an email subscription a new confirmation link', () => {
    const pending = newEmail();
    const { subscription, send } = requestVerificationAgain(pending, context(at(2 * MINUTE)));
    expect(subscription.status).toBe('pending-confirmation');
    expect(subscription.confirmToken).not.toBe(pending.confirmToken);
    expect(send.purpose).toBe('confirmation');
  });

  it('has nothing to verify for an active subscription', () => {
    expect(() => requestVerificationAgain(active(newWebhook()), context(at(2 * MINUTE)))).toThrow(
      new SubscriptionStateError('Subscription sub_2 is active: there is nothing to verify or confirm.'),
    );
  });
});

describe('rotating the signing secret', () => {
  it('signs with the new secret and keeps the old one signing for 24 hours', () => {
    const current = active(newWebhook());
    const rotated = rotateSigningSecret(current, context(at(MINUTE)));
    expect(rotated.signingSecret).not.toBe(current.signingSecret);
    expect(rotated.previousSigningSecret).toEqual({
      secret: current.signingSecret,
      until: at(MINUTE + SIGNING_SECRET_GRACE_MS).toISOString(),
    });
    expect(SIGNING_SECRET_GRACE_MS).toBe(24 * 3600 * 1000);
  });

  it('drops the oldest secret when rotated again within the grace period', () => {
    const once = rotateSigningSecret(active(newWebhook()), context(at(MINUTE)));
    const twice = rotateSigningSecret(once, context(at(2 * MINUTE)));
    expect(twice.previousSigningSecret?.secret).toBe(once.signingSecret);
  });

  it('has no secret to rotate for an email subscription', () => {
    expect(() => rotateSigningSecret(active(newEmail()), context())).toThrow(SubscriptionStateError);
  });
});

describe('the links in an email', () => {
  it('confirms with the newest link, once; a second click says it is already on', () => {
    const pending = newEmail();
    const confirmed = confirmSubscription(pending, pending.confirmToken!, at(MINUTE));
    expect(confirmed.outcome).toBe('confirmed');
    expect(confirmed.subscription).toMatchObject({ status: 'active', updatedAt: at(MINUTE).toISOString() });
    expect(confirmSubscription(confirmed.subscription, pending.confirmToken!, at(2 * MINUTE)).outcome).toBe('already-confirmed');
  });

  it('answers a wrong token for a confirmed subscription as a link that is not valid, not "already confirmed"', () => {
    const pending = newEmail();
    const confirmed = confirmSubscription(pending, pending.confirmToken!, at(MINUTE)).subscription;
    expect(() => confirmSubscription(confirmed, 'anything', at(2 * MINUTE))).toThrow(InvalidLinkError);
    expect(() => confirmSubscription({ ...confirmed, confirmToken: undefined }, 'anything', at(2 * MINUTE))).toThrow(InvalidLinkError);
  });

  it('refuses a link that is not the newest, or whose subscription is gone', () => {
    const pending = newEmail();
    const again = requestVerificationAgain(pending, context(at(2 * MINUTE))).subscription;
    expect(() => confirmSubscription(again, pending.confirmToken!, at(3 * MINUTE))).toThrow(InvalidLinkError);
    expect(() => confirmSubscription(undefined, 'tok_1', T0)).toThrow(
      'This confirmation link is not valid (it may have been used, or the subscription deleted).',
    );
    expect(() => confirmSubscription(newWebhook(), 'tok_4', T0)).toThrow(InvalidLinkError);
  });

  it('unsubscribes with the unsubscribe token only', () => {
    const subscription = active(newEmail());
    expect(unsubscribe(subscription, subscription.unsubscribeToken!)).toBe(subscription);
    expect(unsubscribe(subscription, subscription.confirmToken ?? 'tok_3')).toBeUndefined();
    expect(unsubscribe(undefined, 'anything')).toBeUndefined();
  });
});
