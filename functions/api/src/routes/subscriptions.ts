import { NotFoundError } from '@partnership-hub/domain';
import { SlugId } from '@partnership-hub/events';
import {
  checkWebhookUrl,
  compileFilter,
  type Delivery,
  type EmailMode,
  type Endpoint,
  hashToken,
  indexKeysFor,
  newDeliveryId,
  newManagementToken,
  newOpaqueToken,
  newSigningSecret,
  newSubscriptionId,
  publicView,
  SUBSCRIPTION_ID,
  type Subscription,
  SubscriptionChangedError,
  SubscriptionFilter,
  type SubscriptionServices,
  sameToken,
  UnsafeEndpointError,
  verificationPayload,
} from '@partnership-hub/subscriptions';
import type { Context } from 'hono';
import * as z from 'zod';
import { requireMemberOf } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { requireArea } from './directory.ts';

const WebhookEndpoint = z.strictObject({ kind: z.literal('webhook'), url: z.string().min(1).max(2048) });
const EmailEndpoint = z.strictObject({
  kind: z.literal('email'),
  address: z.email().max(254),
  mode: z.enum(['immediate', 'daily-digest']).default('immediate'),
});

const CreateBody = z.strictObject({
  areaId: SlugId,
  filter: SubscriptionFilter.default({}),
  endpoint: z.discriminatedUnion('kind', [WebhookEndpoint, EmailEndpoint]),
  /** `partners` needs an API key of an organisation of the area (Authorization: Bearer). */
  audience: z.enum(['public', 'partners']).default('public'),
  /** Told if the hub ever disables the subscription. */
  ownerEmail: z.email().max(254).optional(),
});

const UpdateBody = z.strictObject({
  filter: SubscriptionFilter,
  mode: z.enum(['immediate', 'daily-digest']).optional(),
  ownerEmail: z.email().max(254).nullable().optional(),
  /** A new URL or address (of the same kind): it must be verified or confirmed again before anything else is sent. */
  endpoint: z
    .discriminatedUnion('kind', [WebhookEndpoint, z.strictObject({ kind: z.literal('email'), address: z.email().max(254) })])
    .optional(),
});

const TokenHeader = z.object({ 'x-subscription-token': z.string().min(1).max(200).optional() });
const IdParams = z.object({ id: z.string().regex(SUBSCRIPTION_ID, 'is not a subscription id') });
const LinkQuery = z.object({ token: z.string().min(1).max(200) });

const SubscriptionView = z.object({ id: z.string(), status: z.string(), areaId: z.string(), audience: z.string() }).loose();

/**
 * Subscriptions to change notifications. Anyone may subscribe to an area's public changes; a
 * `partners` subscription needs an organisation key of that area. Each subscription is managed
 * with the management token it was created with, sent as `X-Subscription-Token` (not as the
 * bearer: the Authorization header is the hub's API keys). A token that does not manage a
 * subscription gets the same 404 as a subscription that does not exist.
 */
export function registerSubscriptionRoutes(routes: RouteRegistry, deps: ApiDeps, services: SubscriptionServices): void {
  routes.add(
    {
      method: 'post',
      path: '/v1/subscriptions',
      summary: 'Subscribe a webhook or an email address to changes in an area',
      description:
        'Answers the management token (shown once) and, for a webhook, the signing secret. Nothing is sent until the webhook answers the verification request with its challenge, or the email address follows the confirmation link. Send an existing X-Subscription-Token to manage the new subscription with the same token.',
      auth: 'optional',
      headers: TokenHeader,
      body: CreateBody,
      responses: { 201: { description: 'Subscribed; waiting for verification or confirmation', schema: SubscriptionView } },
    },
    async (c, input) => {
      const body = input.body;
      await requireArea(deps, body.areaId);
      const caller = c.get('caller');
      const createdBy = body.audience === 'partners' ? requireMemberOf(caller, body.areaId).organisationId : null;
      if (!('pattern' in body.filter) && body.filter.organisations)
        await requireOrganisations(deps, body.areaId, body.filter.organisations);
      if (body.endpoint.kind === 'webhook') await requireSafeUrl(services, body.endpoint.url);

      const presented = input.headers['x-subscription-token'];
      if (presented && !(await services.subscriptions.ownerExists(hashToken(presented)))) {
        throw new ProblemError(
          'unauthenticated',
          'X-Subscription-Token does not manage any subscription; leave it out to get a new token.',
        );
      }
      const managementToken = presented ?? newManagementToken();
      const now = deps.clock();
      const endpoint: Endpoint =
        body.endpoint.kind === 'webhook'
          ? { kind: 'webhook', url: body.endpoint.url }
          : { kind: 'email', address: body.endpoint.address, mode: body.endpoint.mode };
      const subscription: Subscription = {
        id: newSubscriptionId(),
        areaId: body.areaId,
        audience: body.audience,
        createdBy,
        filter: body.filter,
        pattern: compileFilter(body.areaId, body.filter),
        indexKeys: indexKeysFor(body.areaId, body.filter),
        endpoint,
        status: endpoint.kind === 'webhook' ? 'pending-verification' : 'pending-confirmation',
        managementTokenHash: hashToken(managementToken),
        ...(endpoint.kind === 'webhook'
          ? { signingSecret: newSigningSecret(), challenge: newOpaqueToken() }
          : { confirmToken: newOpaqueToken(), unsubscribeToken: newOpaqueToken() }),
        ...(body.ownerEmail ? { ownerEmail: body.ownerEmail } : {}),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await services.subscriptions.create(subscription);
      await queueVerification(services, subscription, now);

      c.header('Location', `/v1/subscriptions/${subscription.id}`);
      return c.json(
        {
          ...publicView(subscription),
          ...(presented ? {} : { managementToken }),
          ...(subscription.signingSecret ? { signingSecret: subscription.signingSecret } : {}),
        },
        201,
      );
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/subscriptions',
      summary: 'The subscriptions your management token manages',
      headers: TokenHeader,
      responses: { 200: { description: 'Your subscriptions', schema: z.object({ subscriptions: z.array(SubscriptionView) }) } },
    },
    async (c, input) => {
      const token = requireToken(input.headers['x-subscription-token']);
      const subscriptions = await services.subscriptions.listByOwner(hashToken(token));
      noStore(c);
      return c.json({ subscriptions: subscriptions.map(publicView) }, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/subscriptions/{id}',
      summary: 'One of your subscriptions: its filter, status, and the last delivery failure if any',
      params: IdParams,
      headers: TokenHeader,
      responses: { 200: { description: 'The subscription', schema: SubscriptionView } },
    },
    async (c, input) => {
      const subscription = await owned(services, input.params.id, input.headers['x-subscription-token']);
      noStore(c);
      return c.json(publicView(subscription), 200);
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/v1/subscriptions/{id}',
      summary:
        "Change a subscription's filter, email mode, owner email or endpoint (a new URL or address is verified or confirmed again first)",
      params: IdParams,
      headers: TokenHeader,
      body: UpdateBody,
      responses: { 200: { description: 'Changed', schema: SubscriptionView } },
    },
    async (c, input) => {
      const current = await owned(services, input.params.id, input.headers['x-subscription-token']);
      const { filter, mode, ownerEmail, endpoint } = input.body;
      if (!('pattern' in filter) && filter.organisations) await requireOrganisations(deps, current.areaId, filter.organisations);
      if (mode && current.endpoint.kind !== 'email') throw validation('mode', 'applies to email subscriptions only');
      if (endpoint && endpoint.kind !== current.endpoint.kind)
        throw validation('endpoint.kind', `cannot change from ${current.endpoint.kind}: subscribe anew for a different kind of endpoint`);
      const now = deps.clock();
      const nextEndpoint = changedEndpoint(current.endpoint, endpoint, mode);
      const moved =
        nextEndpoint.kind === 'webhook'
          ? nextEndpoint.url !== (current.endpoint as { url: string }).url
          : nextEndpoint.address !== (current.endpoint as { address: string }).address;
      if (moved) {
        if (nextEndpoint.kind === 'webhook') await requireSafeUrl(services, nextEndpoint.url);
        requireResendAllowed(c, services, current, now);
      }
      const { ownerEmail: _previousOwner, disabled, ...rest } = current;
      const next: Subscription = {
        ...rest,
        filter,
        pattern: compileFilter(current.areaId, filter),
        indexKeys: indexKeysFor(current.areaId, filter),
        endpoint: nextEndpoint,
        // A new URL or address has to show it is its owner's before it gets anything else (and so
        // a disabled subscription moved to a working endpoint comes back once verified).
        ...(moved ? awaitingVerification(current.endpoint.kind, now) : disabled ? { disabled } : {}),
        ...(ownerEmail === undefined
          ? current.ownerEmail
            ? { ownerEmail: current.ownerEmail }
            : {}
          : ownerEmail === null
            ? {}
            : { ownerEmail }),
        updatedAt: now.toISOString(),
      };
      await replaceOrConflict(services, current, next);
      if (moved) await queueVerification(services, next, now);
      return c.json(publicView(next), 200);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/v1/subscriptions/{id}',
      summary: 'Delete a subscription: nothing more is sent to it',
      params: IdParams,
      headers: TokenHeader,
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, input) => {
      const subscription = await owned(services, input.params.id, input.headers['x-subscription-token']);
      await services.subscriptions.delete(subscription);
      return c.body(null, 204);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/verification',
      summary: 'Send the verification request (webhook) or confirmation email again; also how a disabled subscription is switched back on',
      description: `Answers 202: a new challenge or confirmation link is sent and the earlier ones no longer count. A disabled subscription goes back to waiting for verification or confirmation, so an endpoint is only used again once it has shown it is ready. At most once a minute.`,
      params: IdParams,
      headers: TokenHeader,
      responses: { 202: { description: 'Sent again; waiting for verification or confirmation', schema: SubscriptionView } },
    },
    async (c, input) => {
      const current = await owned(services, input.params.id, input.headers['x-subscription-token']);
      noStore(c);
      if (current.status === 'active')
        throw new ProblemError('conflict', `Subscription ${current.id} is active: there is nothing to verify or confirm.`);
      const now = deps.clock();
      requireResendAllowed(c, services, current, now);
      if (current.endpoint.kind === 'webhook') await requireSafeUrl(services, current.endpoint.url);
      const { disabled: _disabled, ...rest } = current;
      const next: Subscription = { ...rest, ...awaitingVerification(current.endpoint.kind, now), updatedAt: now.toISOString() };
      await replaceOrConflict(services, current, next);
      await queueVerification(services, next, now);
      return c.json(publicView(next), 202);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/signing-secret',
      summary: "Rotate a webhook's signing secret: the new one is shown once; the old one keeps signing too for 24 hours",
      description:
        'Deliveries carry two signatures (Standard Webhooks allows several) until previousSigningSecretValidUntil, so the receiver can switch to the new secret at its own pace. Rotating again within the 24 hours drops the oldest secret.',
      params: IdParams,
      headers: TokenHeader,
      responses: { 200: { description: 'Rotated', schema: SubscriptionView } },
    },
    async (c, input) => {
      const current = await owned(services, input.params.id, input.headers['x-subscription-token']);
      noStore(c);
      if (current.endpoint.kind !== 'webhook' || !current.signingSecret)
        throw new ProblemError('conflict', `Subscription ${current.id} sends email, which is not signed: there is no secret to rotate.`);
      const now = deps.clock();
      const next: Subscription = {
        ...current,
        signingSecret: newSigningSecret(),
        previousSigningSecret: { secret: current.signingSecret, until: new Date(now.getTime() + SECRET_GRACE_MS).toISOString() },
        updatedAt: now.toISOString(),
      };
      await replaceOrConflict(services, current, next);
      return c.json({ ...publicView(next), signingSecret: next.signingSecret }, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/subscriptions/{id}/confirm',
      summary: 'Confirm an email subscription (the link in the confirmation email)',
      params: IdParams,
      query: LinkQuery,
      responses: { 200: { description: 'An HTML page saying it is confirmed', contentType: 'text/html' } },
    },
    async (c, input) => {
      noStore(c);
      const subscription = await services.subscriptions.get(input.params.id);
      if (subscription?.status === 'active' && subscription.endpoint.kind === 'email')
        return c.html(page('Already confirmed', 'These alerts are already on.'), 200);
      if (subscription?.status !== 'pending-confirmation' || !sameToken(input.query.token, subscription.confirmToken)) {
        throw new NotFoundError('This confirmation link is not valid (it may have been used, or the subscription deleted).');
      }
      const { confirmToken: _used, ...rest } = subscription;
      await services.subscriptions.replace(subscription, { ...rest, status: 'active', updatedAt: deps.clock().toISOString() });
      return c.html(
        page(
          'Subscription confirmed',
          `You will get email alerts about changes in ${escapeHtml(subscription.areaId)}. Every email has a link to unsubscribe.`,
        ),
        200,
      );
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/subscriptions/{id}/unsubscribe',
      summary: 'The unsubscribe page (the link in every email): a button that unsubscribes',
      params: IdParams,
      query: LinkQuery,
      responses: { 200: { description: 'An HTML page with the unsubscribe button', contentType: 'text/html' } },
    },
    async (c, input) => {
      // A GET changes nothing (mail scanners follow links): the page's button POSTs.
      noStore(c);
      const action = `/v1/subscriptions/${encodeURIComponent(input.params.id)}/unsubscribe?token=${encodeURIComponent(input.query.token)}`;
      return c.html(
        page(
          'Unsubscribe',
          `<form method="post" action="${escapeHtml(action)}"><button type="submit" name="List-Unsubscribe" value="One-Click">Stop these emails</button></form>`,
          true,
        ),
        200,
      );
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/unsubscribe',
      summary: 'Unsubscribe with one click (RFC 8058: mail clients POST List-Unsubscribe=One-Click here)',
      params: IdParams,
      query: LinkQuery,
      responses: { 200: { description: 'Unsubscribed', contentType: 'text/html' } },
    },
    async (c, input) => {
      const subscription = await services.subscriptions.get(input.params.id);
      if (subscription && sameToken(input.query.token, subscription.unsubscribeToken)) await services.subscriptions.delete(subscription);
      // The same answer whether or not there was anything to delete: the link works once and stays harmless.
      return c.html(page('Unsubscribed', 'You will get no more emails from this subscription.'), 200);
    },
  );
}

/** The endpoint after an update: a new URL or address, or a new email mode; the kind never changes. */
function changedEndpoint(
  current: Endpoint,
  requested: { kind: 'webhook'; url: string } | { kind: 'email'; address: string } | undefined,
  mode: EmailMode | undefined,
): Endpoint {
  if (current.kind === 'webhook') return requested?.kind === 'webhook' ? { kind: 'webhook', url: requested.url } : current;
  return { ...current, ...(requested?.kind === 'email' ? { address: requested.address } : {}), ...(mode ? { mode } : {}) };
}

/** Back to waiting for the endpoint to show it is its owner's: a new challenge or confirmation link. */
function awaitingVerification(
  kind: Endpoint['kind'],
  now: Date,
): Pick<Subscription, 'status' | 'challenge' | 'confirmToken' | 'verificationRequestedAt'> {
  return kind === 'webhook'
    ? { status: 'pending-verification', challenge: newOpaqueToken(), verificationRequestedAt: now.toISOString() }
    : { status: 'pending-confirmation', confirmToken: newOpaqueToken(), verificationRequestedAt: now.toISOString() };
}

/** A verification or confirmation goes out at most once per interval: an address must not become a target for mail bombing. */
function requireResendAllowed(c: Context, services: SubscriptionServices, current: Subscription, now: Date): void {
  const last = Date.parse(current.verificationRequestedAt ?? current.createdAt);
  const wait = Math.ceil((last + services.resendIntervalMs - now.getTime()) / 1000);
  if (wait <= 0) return;
  c.header('Retry-After', String(wait));
  throw new ProblemError(
    'too-many-requests',
    `A verification or confirmation was sent less than ${Math.round(services.resendIntervalMs / 1000)} seconds ago; ask again in ${wait} seconds.`,
    { retryAfterSeconds: wait },
  );
}

/** How long a rotated-out signing secret keeps signing. */
const SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** The verification request (webhook) or the confirmation email (email), for the worker to send. */
async function queueVerification(services: SubscriptionServices, subscription: Subscription, now: Date): Promise<void> {
  const delivery: Delivery = {
    id: newDeliveryId(),
    subscriptionId: subscription.id,
    purpose: subscription.endpoint.kind === 'webhook' ? 'verification' : 'confirmation',
    status: 'pending',
    payload:
      subscription.endpoint.kind === 'webhook'
        ? verificationPayload(subscription.id, subscription.challenge!, now)
        : { type: 'subscription.confirmation', timestamp: now.toISOString(), data: { subscriptionId: subscription.id } },
    attempts: 0,
    createdAt: now.toISOString(),
    nextAttemptAt: now.toISOString(),
  };
  await services.deliveries.create(delivery);
  await services.queue.enqueue(delivery.id, now);
}

async function replaceOrConflict(services: SubscriptionServices, current: Subscription, next: Subscription): Promise<void> {
  try {
    await services.subscriptions.replace(current, next);
  } catch (error) {
    if (error instanceof SubscriptionChangedError)
      throw new ProblemError('conflict', 'The subscription changed while you were changing it; read it again and retry.');
    throw error;
  }
}

/**
 * What the management API answers is for the token holder only: the app's read middleware would
 * mark an answer without an Authorization header as public and cacheable, and a shared cache does
 * not vary on X-Subscription-Token, so say no-store here.
 */
function noStore(c: Context): void {
  c.header('Cache-Control', 'private, no-store');
}

async function owned(services: SubscriptionServices, id: string, token: string | undefined): Promise<Subscription> {
  const presented = requireToken(token);
  const subscription = await services.subscriptions.get(id);
  if (!subscription || !sameToken(hashToken(presented), subscription.managementTokenHash)) {
    throw new NotFoundError(`There is no subscription ${id} managed by this token.`);
  }
  return subscription;
}

function requireToken(token: string | undefined): string {
  if (!token)
    throw new ProblemError(
      'unauthenticated',
      'Send the management token you were given when subscribing, as the X-Subscription-Token header.',
    );
  return token;
}

async function requireSafeUrl(services: SubscriptionServices, url: string): Promise<void> {
  try {
    await checkWebhookUrl(url, services.endpointPolicy);
  } catch (error) {
    if (error instanceof UnsafeEndpointError) throw validation('endpoint.url', error.message);
    throw error;
  }
}

async function requireOrganisations(deps: ApiDeps, areaId: string, organisations: readonly string[]): Promise<void> {
  const heads = await Promise.all(
    organisations.map((id) => deps.eventLog.head({ areaId, subjectType: 'organisation', organisationId: id, id })),
  );
  const unknown = organisations.filter((_, index) => !heads[index]);
  if (unknown.length > 0) throw validation('filter.organisations', `names organisations that are not in ${areaId}: ${unknown.join(', ')}`);
}

function validation(field: string, detail: string): ProblemError {
  return new ProblemError('validation-error', `${field} ${detail}`, {
    errors: [{ in: 'body', pointer: `#/${field.replaceAll('.', '/')}`, field, detail }],
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, bodyHtml: string, trusted = false): string {
  const body = trusted ? bodyHtml : `<p>${bodyHtml}</p>`;
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(title)} – Partnership Hub</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
