import type { EventPattern } from '@partnership-hub/event-pattern';
import type { SubscriptionFilter } from './filter.ts';
import type { WebhookPayload } from './payload.ts';

export type Audience = 'public' | 'partners';
export type EmailMode = 'immediate' | 'daily-digest';

export type Endpoint = { kind: 'webhook'; url: string } | { kind: 'email'; address: string; mode: EmailMode };

/**
 * `pending-verification` (webhook) and `pending-confirmation` (email) receive nothing but the
 * verification request or the confirmation email; only `active` subscriptions are indexed, so
 * only they can match an event. `disabled` keeps the record (and why) for its owner to read.
 */
export type SubscriptionStatus = 'pending-verification' | 'pending-confirmation' | 'active' | 'disabled';

export interface Subscription {
  id: string;
  areaId: string;
  audience: Audience;
  /** The organisation whose key created a partners subscription. */
  createdBy: string | null;
  /**
   * The id of that key (partners subscriptions made since it was kept): while the key is revoked,
   * the subscription is sent nothing, so that revoking a key that leaked or whose holder left also
   * stops its alerts. Subscriptions made before have none, and go on as they were.
   */
  createdWithKey?: string;
  filter: SubscriptionFilter;
  pattern: EventPattern;
  indexKeys: string[];
  endpoint: Endpoint;
  status: SubscriptionStatus;
  /** SHA-256 of the management token (the token itself is shown once). */
  managementTokenHash: string;
  /** Webhooks: the Standard Webhooks secret the hub signs with (`whsec_...`). */
  signingSecret?: string;
  /**
   * Webhooks: the secret a rotation replaced. Until `until`, deliveries carry a signature from each
   * (Standard Webhooks allows several), so a receiver can switch to the new secret when it is ready.
   */
  previousSigningSecret?: { secret: string; until: string };
  /**
   * When the owner last asked for the verification request or confirmation email to be sent again.
   * Earlier ones still waiting are then not sent: only the latest challenge or link counts.
   */
  verificationRequestedAt?: string;
  /** Webhooks: what the endpoint must echo to be verified. */
  challenge?: string;
  /** Email: the double opt-in token of the confirmation link. */
  confirmToken?: string;
  /** Email: the token of the one-click unsubscribe link (it can do nothing else). */
  unsubscribeToken?: string;
  /**
   * Told when the hub disables the subscription, once it has followed the link emailed to it: the
   * address is given by whoever subscribes, so it is sent nothing else until it shows it wants
   * these notices (given before this was kept, it is told nothing until it is given again).
   */
  ownerEmail?: string;
  /** The token of the link that confirms ownerEmail (kept once used, so a second click says it is done). */
  ownerEmailToken?: string;
  /** Whether ownerEmail has followed that link. */
  ownerEmailConfirmed?: boolean;
  createdAt: string;
  updatedAt: string;
  /**
   * When it last became active (confirmed or verified). Changes that happened before are not sent:
   * delivery to the notifier is asynchronous, so a change made while the confirmation was pending
   * can reach it after the confirmation. Absent on subscriptions activated before this was kept.
   */
  activeSince?: string;
  disabled?: { at: string; reason: string };
  lastFailure?: DeliveryFailure;
}

/** What the management API shows of a subscription: never its tokens or secret. */
export function publicView(subscription: Subscription) {
  const {
    managementTokenHash: _m,
    signingSecret: _s,
    previousSigningSecret,
    challenge: _c,
    confirmToken: _t,
    unsubscribeToken: _u,
    ownerEmailToken: _o,
    ownerEmailConfirmed,
    pattern: _p,
    indexKeys: _i,
    ...rest
  } = subscription;
  return {
    ...rest,
    ...(rest.ownerEmail ? { ownerEmailConfirmed: ownerEmailConfirmed === true } : {}),
    ...(previousSigningSecret ? { previousSigningSecretValidUntil: previousSigningSecret.until } : {}),
  };
}

export interface DeliveryFailure {
  at: string;
  deliveryId: string;
  attempt: number;
  status?: number;
  error?: string;
  /** At most 256 characters of what the endpoint answered. */
  excerpt?: string;
}

export type DeliveryPurpose = 'verification' | 'confirmation' | 'change' | 'digest' | 'owner-confirmation' | 'disabled-notice';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface Delivery {
  /** Also the `webhook-id`: the same on every attempt, so receivers can drop duplicates. */
  id: string;
  subscriptionId: string;
  purpose: DeliveryPurpose;
  status: DeliveryStatus;
  payload: WebhookPayload;
  /** Email: where a notice goes when it is not the subscription's own address. */
  to?: string;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  deliveredAt?: string;
  lastFailure?: DeliveryFailure;
}

/** What the index holds for each subscription: enough to match without reading the subscription. */
export interface IndexEntry {
  subscriptionId: string;
  areaId: string;
  audience: Audience;
  pattern: EventPattern;
}

export const EXCERPT_LIMIT = 256;
export const excerpt = (text: string) => (text.length > EXCERPT_LIMIT ? text.slice(0, EXCERPT_LIMIT) : text);
