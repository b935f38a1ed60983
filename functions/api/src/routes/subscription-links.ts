import { NotFoundError } from '@partnership-hub/domain';
import {
  confirmSubscription,
  InvalidLinkError,
  SUBSCRIPTION_ID,
  type SubscriptionStore,
  unsubscribe,
} from '@partnership-hub/subscriptions/links';
import * as z from 'zod';
import type { ApiDeps } from '../deps.ts';
import { alreadyConfirmedPage, confirmedPage, unsubscribedPage, unsubscribePage } from '../pages/subscription-pages.tsx';
import type { RouteRegistry } from '../routing.ts';

const IdParams = z.object({ id: z.string().regex(SUBSCRIPTION_ID, 'is not a subscription id') });
const LinkQuery = z.object({ token: z.string().min(1).max(200) });

/**
 * The links in every email: confirming an email subscription, and unsubscribing. They answer
 * HTML pages, so on AWS the pages' function serves them (with only the subscription store),
 * which keeps the page layout out of the JSON API's bundle; the URLs stay under /v1/subscriptions.
 */
export function registerSubscriptionLinkRoutes(routes: RouteRegistry, deps: ApiDeps, store: () => SubscriptionStore): void {
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
      const subscriptions = store();
      const current = await subscriptions.get(input.params.id);
      const confirmation = followLink(() => confirmSubscription(current, input.query.token, deps.clock()));
      if (confirmation.outcome === 'already-confirmed') return alreadyConfirmedPage(c);
      await subscriptions.replace(current!, confirmation.subscription);
      return confirmedPage(c, confirmation.subscription.areaId);
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
    async (c, input) =>
      // A GET changes nothing (mail scanners follow links): the page's button POSTs.
      unsubscribePage(
        c,
        `/v1/subscriptions/${encodeURIComponent(input.params.id)}/unsubscribe?token=${encodeURIComponent(input.query.token)}`,
      ),
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
      const subscriptions = store();
      const unsubscribed = unsubscribe(await subscriptions.get(input.params.id), input.query.token);
      if (unsubscribed) await subscriptions.delete(unsubscribed);
      // The same answer whether or not there was anything to delete: the link works once and stays harmless.
      return unsubscribedPage(c);
    },
  );
}

/** A link that is wrong or spent reads as a page that is not there. */
function followLink<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof InvalidLinkError) throw new NotFoundError(error.message);
    throw error;
  }
}
