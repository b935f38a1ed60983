import { NotFoundError } from '@partnership-hub/domain';
import { once } from '@partnership-hub/events';
import {
  changeEmailMode,
  confirmSubscription,
  InvalidLinkError,
  managedByEmailLink,
  SUBSCRIPTION_ID,
  type Subscription,
  type SubscriptionStore,
  unsubscribe,
} from '@partnership-hub/subscriptions/links';
import * as z from 'zod/mini';
import type { ApiDeps } from '../deps.ts';
import { themeInSentence } from '../pages/format.ts';
import {
  type AlertsInWords,
  alertsChangedPage,
  alreadyConfirmedPage,
  confirmedPage,
  managePage,
  ownerEmailConfirmedPage,
  unsubscribedPage,
  unsubscribePage,
} from '../pages/subscription-pages.tsx';
import type { RouteRegistry } from '../routing.ts';

const IdParams = /* @__PURE__ */ once(() => z.object({ id: z.string().check(z.regex(SUBSCRIPTION_ID, 'is not a subscription id')) }));
const LinkQuery = /* @__PURE__ */ once(() => z.object({ token: z.string().check(z.minLength(1), z.maxLength(200)) }));

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
      summary: "Confirm an email subscription, or a subscription's owner email (the link in the confirmation email)",
      params: IdParams,
      query: LinkQuery,
      responses: { 200: { description: 'An HTML page saying it is confirmed', contentType: 'text/html' } },
    },
    async (c, input) => {
      const subscriptions = store();
      const current = await subscriptions.get(input.params.id);
      const confirmation = followLink(() => confirmSubscription(current, input.query.token, deps.clock()));
      if (confirmation.confirmed === 'owner-email') {
        if (confirmation.outcome === 'confirmed') await subscriptions.replace(current!, confirmation.subscription);
        return ownerEmailConfirmedPage(c);
      }
      if (confirmation.outcome === 'already-confirmed') return alreadyConfirmedPage(c);
      await subscriptions.replace(current!, confirmation.subscription);
      return confirmedPage(c, await inWords(deps, confirmation.subscription));
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

  const linkPaths = (id: string, token: string) => {
    const base = `/v1/subscriptions/${encodeURIComponent(id)}`;
    const query = `?token=${encodeURIComponent(token)}`;
    return { action: `${base}/manage${query}`, unsubscribe: `${base}/unsubscribe${query}` };
  };

  routes.add(
    {
      method: 'get',
      path: '/v1/subscriptions/{id}/manage',
      summary: 'The page to change how often email alerts come, or stop them (the link in every alert email)',
      params: IdParams,
      query: LinkQuery,
      responses: { 200: { description: 'An HTML page with the choices', contentType: 'text/html' } },
    },
    async (c, input) => {
      const subscription = managedLink(await store().get(input.params.id), input.query.token);
      return managePage(c, {
        alerts: await inWords(deps, subscription),
        address: subscription.endpoint.address,
        ...linkPaths(input.params.id, input.query.token),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/manage',
      summary: 'Change how often email alerts come (the form on the manage page: mode=immediate or mode=daily-digest)',
      params: IdParams,
      query: LinkQuery,
      responses: {
        200: { description: 'Changed', contentType: 'text/html' },
        400: { description: 'No frequency was chosen: the page again, with the error', contentType: 'text/html' },
      },
    },
    async (c, input) => {
      const subscriptions = store();
      const current = managedLink(await subscriptions.get(input.params.id), input.query.token);
      // A body that is not the form its Content-Type says chose nothing: the page again, not a 500.
      const mode = ModeForm().safeParse(await c.req.parseBody().catch(() => ({})));
      if (!mode.success)
        return managePage(c, {
          alerts: await inWords(deps, current),
          address: current.endpoint.address,
          ...linkPaths(input.params.id, input.query.token),
          error: 'Select how often you want alerts',
        });
      const changed = changeEmailMode(current, input.query.token, mode.data.mode, deps.clock());
      await subscriptions.replace(current, changed);
      return alertsChangedPage(c, await inWords(deps, changed));
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

const managedLink = (subscription: Subscription | undefined, token: string) => followLink(() => managedByEmailLink(subscription, token));

const ModeForm = /* @__PURE__ */ once(() => z.object({ mode: z.enum(['immediate', 'daily-digest']) }));

/**
 * What a subscription's alerts are about, in words and names (the area's, the bodies', the
 * themes'), and how often they come: for the pages its emails' links open.
 */
async function inWords(deps: ApiDeps, subscription: Subscription): Promise<AlertsInWords> {
  const { areaId, filter } = subscription;
  const mode = subscription.endpoint.kind === 'email' ? subscription.endpoint.mode : 'immediate';
  const area = (await deps.views.get(areaId, 'area', null, areaId))?.state.name ?? areaId;
  if ('pattern' in filter) return { topic: `the changes you chose in ${area}`, mode };
  const organisations = filter.organisations ?? [];
  const names = await Promise.all(
    organisations.map(async (id) => (await deps.views.get(areaId, 'organisation', null, id))?.state.name ?? id),
  );
  const themes = (filter.themes ?? []).map(themeInSentence);
  const parts = [names.length > 0 ? `by ${inList(names)}` : '', themes.length > 0 ? `about ${inList(themes)}` : ''].filter(Boolean);
  return { topic: `changes ${[...parts, `in ${area}`].join(' ')}`, mode };
}

const inList = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);
