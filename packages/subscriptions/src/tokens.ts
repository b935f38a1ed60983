import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const newSubscriptionId = () => `sub_${randomBytes(12).toString('base64url')}`;
export const SUBSCRIPTION_ID = /^sub_[A-Za-z0-9_-]{16}$/;

/** Shown once at creation; only its SHA-256 is stored (256 random bits need no slow hash). */
export const newManagementToken = () => `phs_${randomBytes(32).toString('base64url')}`;
export const newOpaqueToken = () => randomBytes(24).toString('base64url');

/** The Standard Webhooks secret format: `whsec_` and 24 random bytes in base64. */
export const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a presented token with a stored one (or a hash with a hash) in constant time. */
export function sameToken(presented: string, stored: string | undefined): boolean {
  if (stored === undefined) return false;
  const left = Buffer.from(presented);
  const right = Buffer.from(stored);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A delivery id that is the same however often the bus delivers the same event: a duplicate is detected, not sent twice. */
export function changeDeliveryId(eventId: string, subscriptionId: string): string {
  return `msg_${createHash('sha256').update(`${eventId}|${subscriptionId}`).digest('base64url').slice(0, 26)}`;
}

export const newDeliveryId = () => `msg_${randomBytes(16).toString('base64url')}`;

/** How ids, tokens and secrets are made: random in the hub (`randomGenerators`), fixed in tests. */
export interface Generators {
  subscriptionId(): string;
  managementToken(): string;
  /** A webhook challenge, or the token of a confirmation or unsubscribe link. */
  opaqueToken(): string;
  signingSecret(): string;
  deliveryId(): string;
}

/** The hub's makers of ids, tokens and secrets: random, from the operating system's CSPRNG. */
export const randomGenerators: Generators = {
  subscriptionId: newSubscriptionId,
  managementToken: newManagementToken,
  opaqueToken: newOpaqueToken,
  signingSecret: newSigningSecret,
  deliveryId: newDeliveryId,
};
