import type { Principal } from '@partnership-hub/domain';
import {
  createSubscription,
  type Delivery,
  type EmailMode,
  type Subscription,
  type SubscriptionFilter,
  type SubscriptionServices,
} from '@partnership-hub/subscriptions';
import type { Context } from 'hono';
import type { ApiDeps } from './deps.ts';
import { addressKey, callerKey, LIMIT_NAMES, requireWithinLimit } from './rate-limits.ts';

/**
 * The steps of subscribing that every edge shares: the JSON API (routes/subscriptions.ts) and
 * the "Get email alerts" form (pages/routes/alerts.tsx). What a subscription may become is the
 * rules' (@partnership-hub/subscriptions); these count the requests against the limits, store
 * what the rules answer and queue what they say to send.
 */

/**
 * Every request that may send something (subscribe, move an endpoint, send the verification
 * again) counts against its caller, whether or not it then succeeds: no one caller has the hub
 * mail addresses or call endpoints without end. Counted before anything is looked up or sent.
 */
export async function requireWithinCallerLimit(c: Context, deps: ApiDeps, caller: Principal): Promise<void> {
  const limits = deps.requestLimits;
  if (!limits) return;
  await requireWithinLimit(
    c,
    deps.logger,
    limits.subscriptionRequests,
    callerKey(c, caller, deps.clientAddress),
    LIMIT_NAMES.subscriptionRequests,
    'You have made too many subscription requests',
  );
}

/**
 * Each confirmation email counts against its address, whoever asks for it, and only once
 * everything else about the request has been checked: the hub is no way to flood an inbox. That
 * includes the link sent to an owner email (`what` names it in the refusal), since that address is
 * given by someone else too.
 */
export async function requireWithinAddressLimit(c: Context, deps: ApiDeps, address: string, what = 'this address'): Promise<void> {
  const limits = deps.requestLimits;
  if (!limits) return;
  await requireWithinLimit(
    c,
    deps.logger,
    limits.confirmationEmails,
    addressKey(address),
    LIMIT_NAMES.confirmationEmails,
    `Too many confirmation emails have been sent to ${what}`,
  );
}

/** Stores the deliveries the rules asked for and queues them for the worker. */
export async function queueDelivery(services: SubscriptionServices, ...deliveries: (Delivery | undefined)[]): Promise<void> {
  for (const delivery of deliveries) {
    if (!delivery) continue;
    await services.deliveries.create(delivery);
    await services.queue.enqueue(delivery.id, new Date(delivery.nextAttemptAt));
  }
}

/**
 * A public email subscription to an area's changes (all of them, one body's, or one theme's), as
 * a person asks for it in the browser: double opt-in, so only the confirmation email is sent
 * until its link is followed. The caller has checked the area, body or theme exists.
 */
export async function subscribeByEmail(
  c: Context,
  deps: ApiDeps,
  services: SubscriptionServices,
  caller: Principal,
  request: { areaId: string; filter: SubscriptionFilter; address: string; mode: EmailMode },
): Promise<Subscription> {
  await requireWithinCallerLimit(c, deps, caller);
  await requireWithinAddressLimit(c, deps, request.address);
  const { subscription, send } = createSubscription(
    {
      areaId: request.areaId,
      audience: 'public',
      createdBy: null,
      filter: request.filter,
      endpoint: { kind: 'email', address: request.address, mode: request.mode },
    },
    { now: deps.clock(), generate: services.generate },
  );
  await services.subscriptions.create(subscription);
  await queueDelivery(services, send);
  return subscription;
}
