import { compileFilter, type SubscriptionFilter } from './filter.ts';
import { indexKeysFor } from './index-keys.ts';
import type { Audience, Delivery, EmailMode, Endpoint, Subscription } from './model.ts';
import { verificationPayload } from './payload.ts';
import { type Generators, hashToken, sameToken } from './tokens.ts';

/**
 * What a subscription may become, decided over plain data: the current subscription, what its
 * owner asked for, the time and the makers of ids and secrets are all passed in. The API loads,
 * calls one of these, stores what it answers and queues what it says to send; nothing here
 * reads a clock, a random source or a store.
 */

/** How long a rotated-out signing secret keeps signing, so a receiver can switch at its own pace. */
export const SIGNING_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** Once a minute at most: an address must not become a target for mail bombing. */
export const DEFAULT_RESEND_INTERVAL_MS = 60_000;

export interface RuleContext {
  now: Date;
  generate: Generators;
}

export interface ResendContext extends RuleContext {
  /** How soon a verification or confirmation may be sent again. */
  resendIntervalMs: number;
}

/** A rule said no. Each kind below says what the caller did that the rules do not allow. */
export class SubscriptionRuleError extends Error {
  override name = 'SubscriptionRuleError';
}

/** A field of the request asks for something the subscription cannot become. */
export class InvalidSubscriptionChangeError extends SubscriptionRuleError {
  override name = 'InvalidSubscriptionChangeError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** A verification or confirmation was sent too recently to send another. */
export class ResendTooSoonError extends SubscriptionRuleError {
  override name = 'ResendTooSoonError';
  constructor(
    readonly retryAfterSeconds: number,
    intervalMs: number,
  ) {
    super(
      `A verification or confirmation was sent less than ${Math.round(intervalMs / 1000)} seconds ago; ask again in ${retryAfterSeconds} seconds.`,
    );
  }
}

/** The subscription is in a state where the request makes no sense (verifying an active one, rotating an email's secret). */
export class SubscriptionStateError extends SubscriptionRuleError {
  override name = 'SubscriptionStateError';
}

/** A confirmation link that does not (or no longer) confirm anything. */
export class InvalidLinkError extends SubscriptionRuleError {
  override name = 'InvalidLinkError';
}

export type NewEndpoint = { kind: 'webhook'; url: string } | { kind: 'email'; address: string; mode: EmailMode };

export interface NewSubscription {
  areaId: string;
  audience: Audience;
  /** The organisation whose key asked for a partners subscription; null for a public one. */
  createdBy: string | null;
  /** The id of that key, when it was a key (see Subscription.createdWithKey). */
  createdWithKey?: string | undefined;
  filter: SubscriptionFilter;
  endpoint: NewEndpoint;
  ownerEmail?: string | undefined;
  /** A management token the caller already holds (checked by the caller); without it a new one is made. */
  managementToken?: string | undefined;
}

/** A subscription's next state and the deliveries to queue for it, if any. */
export interface Decision {
  subscription: Subscription;
  send?: Delivery;
  /** The email with the link that confirms a new owner email (see Subscription.ownerEmail). */
  confirmOwner?: Delivery;
}

/**
 * A new subscription: it waits for its webhook to echo a challenge, or its address to follow a
 * confirmation link (double opt-in), and nothing else is sent until then. Only the hash of the
 * management token is kept; the token itself is answered once. An owner email is sent a link of
 * its own to follow, and is told nothing before it does.
 */
export function createSubscription(
  command: NewSubscription,
  { now, generate }: RuleContext,
): Decision & { send: Delivery; managementToken: string } {
  const managementToken = command.managementToken ?? generate.managementToken();
  const endpoint: Endpoint =
    command.endpoint.kind === 'webhook'
      ? { kind: 'webhook', url: command.endpoint.url }
      : { kind: 'email', address: command.endpoint.address, mode: command.endpoint.mode };
  const subscription: Subscription = {
    id: generate.subscriptionId(),
    areaId: command.areaId,
    audience: command.audience,
    createdBy: command.createdBy,
    ...(command.createdWithKey ? { createdWithKey: command.createdWithKey } : {}),
    filter: command.filter,
    pattern: compileFilter(command.areaId, command.filter),
    indexKeys: indexKeysFor(command.areaId, command.filter),
    endpoint,
    status: endpoint.kind === 'webhook' ? 'pending-verification' : 'pending-confirmation',
    managementTokenHash: hashToken(managementToken),
    ...(endpoint.kind === 'webhook'
      ? { signingSecret: generate.signingSecret(), challenge: generate.opaqueToken() }
      : { confirmToken: generate.opaqueToken(), unsubscribeToken: generate.opaqueToken() }),
    ...(command.ownerEmail ? { ownerEmail: command.ownerEmail, ownerEmailToken: generate.opaqueToken() } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const send = verificationDelivery(subscription, { now, generate });
  return {
    subscription,
    managementToken,
    send,
    ...(subscription.ownerEmail ? { confirmOwner: ownerConfirmationDelivery(subscription, { now, generate }) } : {}),
  };
}

export interface SubscriptionUpdate {
  filter: SubscriptionFilter;
  mode?: EmailMode | undefined;
  /** null removes it; undefined keeps it. */
  ownerEmail?: string | null | undefined;
  /** A new URL or address, of the same kind as now. */
  endpoint?: { kind: 'webhook'; url: string } | { kind: 'email'; address: string } | undefined;
}

/**
 * The endpoint after an update, and whether it moved to a new URL or address (then it must be
 * checked, and verified or confirmed again). The kind of endpoint never changes, and only an
 * email subscription has a mode.
 */
export function endpointAfterUpdate(current: Subscription, update: SubscriptionUpdate): { endpoint: Endpoint; moved: boolean } {
  if (update.mode && current.endpoint.kind !== 'email')
    throw new InvalidSubscriptionChangeError('mode', 'applies to email subscriptions only');
  const requested = update.endpoint;
  if (requested && requested.kind !== current.endpoint.kind)
    throw new InvalidSubscriptionChangeError(
      'endpoint.kind',
      `cannot change from ${current.endpoint.kind}: subscribe anew for a different kind of endpoint`,
    );
  if (current.endpoint.kind === 'webhook') {
    const url = requested?.kind === 'webhook' ? requested.url : current.endpoint.url;
    return { endpoint: { kind: 'webhook', url }, moved: url !== current.endpoint.url };
  }
  const address = requested?.kind === 'email' ? requested.address : current.endpoint.address;
  return {
    endpoint: { ...current.endpoint, address, ...(update.mode ? { mode: update.mode } : {}) },
    moved: address !== current.endpoint.address,
  };
}

/**
 * A changed filter, email mode, owner email or endpoint. A new URL or address has to show it is
 * its owner's before it gets anything else, so a move sends a new verification or confirmation
 * (within the resend limit) and, once that succeeds, brings a disabled subscription back.
 */
export function updateSubscription(current: Subscription, update: SubscriptionUpdate, context: ResendContext): Decision {
  const { endpoint, moved } = endpointAfterUpdate(current, update);
  if (moved) requireResendAllowed(current, context);
  const { ownerEmail: _owner, ownerEmailToken: _ownerToken, ownerEmailConfirmed: _ownerConfirmed, disabled, ...rest } = current;
  const owner = ownerEmailAfterUpdate(current, update.ownerEmail, context.generate);
  const subscription: Subscription = {
    ...rest,
    filter: update.filter,
    pattern: compileFilter(current.areaId, update.filter),
    indexKeys: indexKeysFor(current.areaId, update.filter),
    endpoint,
    ...(moved ? awaitingVerification(endpoint.kind, context) : disabled ? { disabled } : {}),
    // Links in the alerts the old address already has must not stop or change the new address's:
    // a moved email subscription gets a new unsubscribe token, used from its confirmation email on.
    ...(moved && endpoint.kind === 'email' ? { unsubscribeToken: context.generate.opaqueToken() } : {}),
    ...owner.fields,
    updatedAt: context.now.toISOString(),
  };
  return {
    subscription,
    ...(moved ? { send: verificationDelivery(subscription, context) } : {}),
    ...(owner.newLink ? { confirmOwner: ownerConfirmationDelivery(subscription, context) } : {}),
  };
}

type OwnerEmailFields = Pick<Subscription, 'ownerEmail' | 'ownerEmailToken' | 'ownerEmailConfirmed'>;

/**
 * Whether an update's owner email is sent a link to confirm it: a different address must confirm
 * afresh; the same one keeps its confirmation, unless it was given before owner emails were
 * confirmed (it has no link yet, and is sent one). null removes it; undefined keeps it.
 */
export function ownerEmailNeedsLink(current: Subscription, requested: string | null | undefined): requested is string {
  return typeof requested === 'string' && (requested !== current.ownerEmail || !current.ownerEmailToken);
}

/** The owner email after an update, and whether it needs a new link (see ownerEmailNeedsLink). */
function ownerEmailAfterUpdate(
  current: Subscription,
  requested: string | null | undefined,
  generate: Generators,
): { fields: OwnerEmailFields; newLink: boolean } {
  if (ownerEmailNeedsLink(current, requested))
    return { fields: { ownerEmail: requested, ownerEmailToken: generate.opaqueToken() }, newLink: true };
  if (requested === null || !current.ownerEmail) return { fields: {}, newLink: false };
  return {
    fields: {
      ownerEmail: current.ownerEmail,
      ...(current.ownerEmailToken ? { ownerEmailToken: current.ownerEmailToken } : {}),
      ...(current.ownerEmailConfirmed ? { ownerEmailConfirmed: true } : {}),
    },
    newLink: false,
  };
}

/**
 * Sends the verification request or confirmation email again, with a new challenge or link (the
 * earlier ones stop counting). This is also how a disabled subscription is switched back on: it
 * waits to be verified again, so an endpoint is used again only once it has shown it is ready.
 */
export function requestVerificationAgain(current: Subscription, context: ResendContext): Decision & { send: Delivery } {
  if (current.status === 'active')
    throw new SubscriptionStateError(`Subscription ${current.id} is active: there is nothing to verify or confirm.`);
  requireResendAllowed(current, context);
  const { disabled: _disabled, ...rest } = current;
  const subscription: Subscription = {
    ...rest,
    ...awaitingVerification(current.endpoint.kind, context),
    updatedAt: context.now.toISOString(),
  };
  return { subscription, send: verificationDelivery(subscription, context) };
}

/**
 * A new signing secret for a webhook. The one it replaces keeps signing too until the grace
 * period ends; rotating again within it drops the oldest secret.
 */
export function rotateSigningSecret(current: Subscription, { now, generate }: RuleContext): Subscription {
  if (current.endpoint.kind !== 'webhook' || !current.signingSecret)
    throw new SubscriptionStateError(`Subscription ${current.id} sends email, which is not signed: there is no secret to rotate.`);
  return {
    ...current,
    signingSecret: generate.signingSecret(),
    previousSigningSecret: { secret: current.signingSecret, until: new Date(now.getTime() + SIGNING_SECRET_GRACE_MS).toISOString() },
    updatedAt: now.toISOString(),
  };
}

/**
 * Following an email's confirmation link. A second click of the link that switched an email
 * subscription on says so (harmless); otherwise only the newest link of a subscription waiting for
 * confirmation works. The used token is kept for that check: any other token reads as a link that is
 * not valid, so a guessed link tells nobody whether the subscription is on. The link emailed to an
 * owner email confirms that address, and nothing else: the endpoint still answers for itself.
 */
export function confirmSubscription(
  subscription: Subscription | undefined,
  token: string,
  now: Date,
): { outcome: 'confirmed' | 'already-confirmed'; confirmed: 'subscription' | 'owner-email'; subscription: Subscription } {
  if (subscription?.ownerEmail && sameToken(token, subscription.ownerEmailToken)) {
    return subscription.ownerEmailConfirmed
      ? { outcome: 'already-confirmed', confirmed: 'owner-email', subscription }
      : {
          outcome: 'confirmed',
          confirmed: 'owner-email',
          subscription: { ...subscription, ownerEmailConfirmed: true, updatedAt: now.toISOString() },
        };
  }
  const tokenMatches = subscription !== undefined && sameToken(token, subscription.confirmToken);
  if (subscription?.status === 'active' && subscription.endpoint.kind === 'email' && tokenMatches)
    return { outcome: 'already-confirmed', confirmed: 'subscription', subscription };
  if (subscription?.status !== 'pending-confirmation' || !tokenMatches)
    throw new InvalidLinkError('This confirmation link is not valid (it may have been used, or the subscription deleted).');
  return {
    outcome: 'confirmed',
    confirmed: 'subscription',
    subscription: { ...subscription, status: 'active', updatedAt: now.toISOString(), activeSince: now.toISOString() },
  };
}

/**
 * The subscription an unsubscribe link deletes, if any: the link's token can do nothing else.
 * Whether or not there was anything to delete, the caller answers the same, so the link works
 * once and stays harmless.
 */
export function unsubscribe(subscription: Subscription | undefined, token: string): Subscription | undefined {
  return subscription && sameToken(token, subscription.unsubscribeToken) ? subscription : undefined;
}

/**
 * The email subscription a link from one of its emails manages: the link carries the same token
 * as its unsubscribe link, which may stop the alerts or change how often they come, and nothing
 * else (not the address, not what they are about). Anything else reads as a link that is not valid.
 */
export function managedByEmailLink(subscription: Subscription | undefined, token: string): Subscription & { endpoint: { kind: 'email' } } {
  if (subscription?.endpoint.kind !== 'email' || !sameToken(token, subscription.unsubscribeToken))
    throw new InvalidLinkError('This link is not valid (the alerts may have been stopped).');
  return subscription as Subscription & { endpoint: { kind: 'email' } };
}

/** How often an email subscription's alerts come, changed from the link in one of its emails. */
export function changeEmailMode(subscription: Subscription | undefined, token: string, mode: EmailMode, now: Date): Subscription {
  const managed = managedByEmailLink(subscription, token);
  return { ...managed, endpoint: { ...managed.endpoint, mode }, updatedAt: now.toISOString() };
}

/** Whether a presented management token manages the subscription (compared as hashes, in constant time). */
export function isManagedBy(subscription: Subscription | undefined, managementToken: string): subscription is Subscription {
  return subscription !== undefined && sameToken(hashToken(managementToken), subscription.managementTokenHash);
}

/** Seconds until another verification or confirmation may be sent; 0 or less when it may be sent now. */
export function secondsUntilResend(current: Subscription, now: Date, resendIntervalMs: number): number {
  const last = Date.parse(current.verificationRequestedAt ?? current.createdAt);
  return Math.ceil((last + resendIntervalMs - now.getTime()) / 1000);
}

function requireResendAllowed(current: Subscription, { now, resendIntervalMs }: ResendContext): void {
  const wait = secondsUntilResend(current, now, resendIntervalMs);
  if (wait > 0) throw new ResendTooSoonError(wait, resendIntervalMs);
}

/** Back to waiting for the endpoint to show it is its owner's: a new challenge or confirmation link. */
function awaitingVerification(
  kind: Endpoint['kind'],
  { now, generate }: RuleContext,
): Pick<Subscription, 'status' | 'challenge' | 'confirmToken' | 'verificationRequestedAt'> {
  return kind === 'webhook'
    ? { status: 'pending-verification', challenge: generate.opaqueToken(), verificationRequestedAt: now.toISOString() }
    : { status: 'pending-confirmation', confirmToken: generate.opaqueToken(), verificationRequestedAt: now.toISOString() };
}

/** The email to a new owner email with the link that confirms it, due now. */
function ownerConfirmationDelivery(subscription: Subscription, { now, generate }: RuleContext): Delivery {
  return {
    id: generate.deliveryId(),
    subscriptionId: subscription.id,
    purpose: 'owner-confirmation',
    status: 'pending',
    to: subscription.ownerEmail ?? '',
    payload: { type: 'subscription.owner-confirmation', timestamp: now.toISOString(), data: { subscriptionId: subscription.id } },
    attempts: 0,
    createdAt: now.toISOString(),
    nextAttemptAt: now.toISOString(),
  };
}

/** The verification request (webhook) or the confirmation email (email), due now, for the worker to send. */
function verificationDelivery(subscription: Subscription, { now, generate }: RuleContext): Delivery {
  const webhook = subscription.endpoint.kind === 'webhook';
  return {
    id: generate.deliveryId(),
    subscriptionId: subscription.id,
    purpose: webhook ? 'verification' : 'confirmation',
    status: 'pending',
    payload: webhook
      ? verificationPayload(subscription.id, subscription.challenge ?? '', now)
      : { type: 'subscription.confirmation', timestamp: now.toISOString(), data: { subscriptionId: subscription.id } },
    attempts: 0,
    createdAt: now.toISOString(),
    nextAttemptAt: now.toISOString(),
  };
}
