import type { Subscription } from '@partnership-hub/subscriptions';
import type { NotifierDeps } from './deps.ts';

/**
 * Whether a subscription was made with a body's key that has since been revoked. Such a
 * subscription may hear partners-only news, so it is sent nothing while the key stays revoked:
 * checked when a change is matched, again before every attempt to send it, and for the digest.
 */
export async function madeWithRevokedKey(keyStatus: NotifierDeps['keyStatus'], subscription: Subscription): Promise<boolean> {
  if (!subscription.createdWithKey || !subscription.createdBy) return false;
  return (await keyStatus(subscription.areaId, subscription.createdBy, subscription.createdWithKey)) === 'revoked';
}
