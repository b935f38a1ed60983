import { authorisePartnersReading, NotFoundError } from '@partnership-hub/domain';
import { once, SlugId } from '@partnership-hub/events';
import {
  checkWebhookUrl,
  createSubscription,
  endpointAfterUpdate,
  hashToken,
  InvalidSubscriptionChangeError,
  isManagedBy,
  ownerEmailNeedsLink,
  publicView,
  ResendTooSoonError,
  requestVerificationAgain,
  rotateSigningSecret,
  SUBSCRIPTION_ID,
  type Subscription,
  SubscriptionChangedError,
  SubscriptionFilter,
  type SubscriptionServices,
  SubscriptionStateError,
  UnsafeEndpointError,
  updateSubscription,
} from '@partnership-hub/subscriptions';
import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { ApiDeps } from '../deps.ts';
import { ProblemError } from '../problem.ts';
import type { RouteRegistry } from '../routing.ts';
import { queueDelivery, requireWithinAddressLimit, requireWithinCallerLimit } from '../subscription-writes.ts';
import { requireArea } from './directory.ts';

/**
 * What is wrong with a webhook's address as written, before anything resolves it: the address is
 * stored and called as sent, so spaces or control characters (which a URL parser would quietly
 * drop or encode) are refused rather than kept, and so is port 0, which nothing can listen on.
 * Whether it may be called at all (https, a public address) is checkWebhookUrl's to say.
 */
function webhookUrlProblem(url: string): string | undefined {
  for (const character of url) {
    const code = character.codePointAt(0)!;
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f) || /\s/u.test(character))
      return `must not contain spaces or control characters (it contains U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  if (URL.canParse(url) && new URL(url).port === '0') return 'must not use port 0: give the port the webhook listens on, or none';
  return undefined;
}

const WebhookEndpoint = /* @__PURE__ */ once(() =>
  z.strictObject({
    kind: z.literal('webhook'),
    url: z.string().check(z.minLength(1), z.maxLength(2048), (context) => {
      const problem = webhookUrlProblem(context.value);
      if (problem) context.issues.push({ code: 'custom', message: problem, input: context.value });
    }),
  }),
);
const EmailEndpoint = /* @__PURE__ */ once(() =>
  z.strictObject({
    kind: z.literal('email'),
    address: z.email().check(z.maxLength(254)),
    mode: z._default(z.enum(['immediate', 'daily-digest']), 'immediate'),
  }),
);

const CreateBody = /* @__PURE__ */ once(() =>
  z.strictObject({
    areaId: SlugId,
    filter: z._default(SubscriptionFilter(), {}),
    endpoint: z.discriminatedUnion('kind', [WebhookEndpoint(), EmailEndpoint()]),
    /** `partners` needs an API key of an organisation of the area (Authorization: Bearer). */
    audience: z._default(z.enum(['public', 'partners']), 'public'),
    /** Told if the hub ever disables the subscription, once it has followed the link emailed to it. */
    ownerEmail: z.optional(z.email().check(z.maxLength(254))),
  }),
);

const UpdateBody = /* @__PURE__ */ once(() =>
  z.strictObject({
    filter: SubscriptionFilter(),
    mode: z.optional(z.enum(['immediate', 'daily-digest'])),
    ownerEmail: z.optional(z.nullable(z.email().check(z.maxLength(254)))),
    /** A new URL or address (of the same kind): it must be verified or confirmed again before anything else is sent. */
    endpoint: z.optional(
      z.discriminatedUnion('kind', [
        WebhookEndpoint(),
        z.strictObject({ kind: z.literal('email'), address: z.email().check(z.maxLength(254)) }),
      ]),
    ),
  }),
);

const TokenHeader = /* @__PURE__ */ once(() =>
  z.object({ 'x-subscription-token': z.optional(z.string().check(z.minLength(1), z.maxLength(200))) }),
);
const IdParams = /* @__PURE__ */ once(() => z.object({ id: z.string().check(z.regex(SUBSCRIPTION_ID, 'is not a subscription id')) }));

const SubscriptionView = /* @__PURE__ */ once(() =>
  z.looseObject({
    id: z.string(),
    status: z.string(),
    areaId: z.string(),
    audience: z.string(),
    /** With an ownerEmail: whether it has followed the link emailed to it (it is told nothing until then). */
    ownerEmailConfirmed: z.optional(z.boolean()),
  }),
);

/**
 * Subscriptions to change notifications. Anyone may subscribe to an area's public changes; a
 * `partners` subscription needs an organisation key of that area. Each subscription is managed
 * with the management token it was created with, sent as `X-Subscription-Token` (not as the
 * bearer: the Authorization header is the hub's API keys). A token that does not manage a
 * subscription gets the same 404 as a subscription that does not exist.
 *
 * What a subscription may become is decided by the rules in @partnership-hub/subscriptions; each
 * route here validates, loads, asks the rules, stores what they answer and says so.
 */
export function registerSubscriptionRoutes(routes: RouteRegistry, deps: ApiDeps, services: SubscriptionServices): void {
  const context = () => ({ now: deps.clock(), generate: services.generate, resendIntervalMs: services.resendIntervalMs });

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
      rateLimited: true,
    },
    async (c, input) => {
      await requireWithinCallerLimit(c, deps, c.get('caller'));
      const body = input.body;
      await requireArea(deps, body.areaId);
      const partner = body.audience === 'partners' ? authorisePartnersReading(c.get('caller'), body.areaId) : undefined;
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

      if (body.endpoint.kind === 'email') await requireWithinAddressLimit(c, deps, body.endpoint.address);
      if (body.ownerEmail) await requireWithinAddressLimit(c, deps, body.ownerEmail, 'the address in ownerEmail');
      const { subscription, managementToken, send, confirmOwner } = createSubscription(
        {
          ...body,
          createdBy: partner?.organisationId ?? null,
          createdWithKey: partner?.kind === 'organisation-key' ? partner.keyId : undefined,
          managementToken: presented,
        },
        context(),
      );
      await services.subscriptions.create(subscription);
      await queueDelivery(services, send, confirmOwner);

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
      responses: { 200: { description: 'Your subscriptions', schema: () => z.object({ subscriptions: z.array(SubscriptionView()) }) } },
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
      rateLimited: true,
    },
    async (c, input) => {
      const current = await owned(services, input.params.id, input.headers['x-subscription-token']);
      const update = input.body;
      if (!('pattern' in update.filter) && update.filter.organisations)
        await requireOrganisations(deps, current.areaId, update.filter.organisations);
      const { endpoint, moved } = decide(c, () => endpointAfterUpdate(current, update));
      const newOwner = ownerEmailNeedsLink(current, update.ownerEmail);
      // Only a move or a new owner email sends anything (a verification request, a confirmation
      // email, the owner email's link): other changes are not limited.
      if (moved || newOwner) await requireWithinCallerLimit(c, deps, c.get('caller'));
      if (moved && endpoint.kind === 'webhook') await requireSafeUrl(services, endpoint.url);

      const first = decide(c, () => updateSubscription(current, update, context()));
      if (first.send && endpoint.kind === 'email') await requireWithinAddressLimit(c, deps, endpoint.address);
      if (first.confirmOwner?.to) await requireWithinAddressLimit(c, deps, first.confirmOwner.to, 'the address in ownerEmail');
      const { subscription, send, confirmOwner } = await replaceWithRetry(services, current, first, (fresh) =>
        decide(c, () => updateSubscription(fresh, update, context())),
      );
      await queueDelivery(services, send, confirmOwner);
      return c.json(publicView(subscription), 200);
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
      rateLimited: true,
    },
    async (c, input) => {
      await requireWithinCallerLimit(c, deps, c.get('caller'));
      const current = await owned(services, input.params.id, input.headers['x-subscription-token']);
      noStore(c);
      const first = decide(c, () => requestVerificationAgain(current, context()));
      if (current.endpoint.kind === 'webhook') await requireSafeUrl(services, current.endpoint.url);
      else await requireWithinAddressLimit(c, deps, current.endpoint.address);
      const { subscription, send } = await replaceWithRetry(services, current, first, (fresh) =>
        decide(c, () => requestVerificationAgain(fresh, context())),
      );
      await queueDelivery(services, send);
      return c.json(publicView(subscription), 202);
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
      const rotate = (fresh: Subscription) => ({ subscription: decide(c, () => rotateSigningSecret(fresh, context())) });
      const { subscription: next } = await replaceWithRetry(services, current, rotate(current), rotate);
      return c.json({ ...publicView(next), signingSecret: next.signingSecret }, 200);
    },
  );
}

/** Asks the subscription rules, answering a rule's refusal as the problem it is. */
function decide<T>(c: Context, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof ResendTooSoonError) {
      c.header('Retry-After', String(error.retryAfterSeconds));
      throw new ProblemError('too-many-requests', error.message, { retryAfterSeconds: error.retryAfterSeconds });
    }
    if (error instanceof InvalidSubscriptionChangeError) throw validation(error.field, error.reason);
    if (error instanceof SubscriptionStateError) throw new ProblemError('conflict', error.message);
    throw error;
  }
}

/** How many times an owner's change is worked out again on a subscription the hub changed meanwhile. */
const OWNER_CHANGE_ATTEMPTS = 3;

/**
 * Writes an owner's change, decided on the subscription as read. The hub changes subscriptions too
 * (a verification answered, a delivery's outcome, a failing endpoint disabled), so a change that
 * loses the race to one of those is decided again on what was written instead of answering 409;
 * only a subscription that keeps changing gets the conflict.
 */
async function replaceWithRetry<T extends { subscription: Subscription }>(
  services: SubscriptionServices,
  read: Subscription,
  decided: T,
  decideAgain: (fresh: Subscription) => T,
): Promise<T> {
  let current = read;
  let next = decided;
  for (let attempt = 1; ; attempt++) {
    try {
      await services.subscriptions.replace(current, next.subscription);
      return next;
    } catch (error) {
      if (!(error instanceof SubscriptionChangedError)) throw error;
      if (attempt >= OWNER_CHANGE_ATTEMPTS)
        throw new ProblemError('conflict', 'The subscription kept changing while you were changing it; read it again and retry.');
    }
    const fresh = await services.subscriptions.get(read.id);
    if (!fresh) throw new NotFoundError(`Subscription ${read.id} was deleted while you were changing it.`);
    current = fresh;
    next = decideAgain(fresh);
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
  if (!isManagedBy(subscription, presented)) throw new NotFoundError(`There is no subscription ${id} managed by this token.`);
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
