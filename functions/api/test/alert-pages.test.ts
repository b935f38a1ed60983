import {
  type DeliveryQueue,
  InMemoryDeliveryStore,
  InMemorySubscriptionStore,
  randomGenerators,
  type SubscriptionServices,
} from '@partnership-hub/subscriptions';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../src/deps.ts';
import { formBrowser } from './form-browser.ts';
import { inMemoryApp } from './in-memory-app.ts';

/**
 * "Get email alerts" in the browser, through the app's request path over in-memory stores: the
 * form on the area, body and theme pages subscribes through the API's lifecycle (double opt-in),
 * the confirmation link says the alerts are on, and the link in every email changes or stops them.
 */
const ADMIN_KEY = 'test-admin-key';
const SECRET = 'a-session-secret-of-at-least-thirty-two-characters';
const AREA = 'test-area';
const SUBSCRIPTION = 'sub_0123456789abcdef';

type App = ReturnType<typeof inMemoryApp>['app'];

describe('getting email alerts in the browser', () => {
  let app: App;
  let deps: ApiDeps;
  let services: SubscriptionServices;
  let queued: string[];

  const api = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeEach(async () => {
    queued = [];
    const queue: DeliveryQueue = { enqueue: async (deliveryId) => void queued.push(deliveryId) };
    services = {
      subscriptions: new InMemorySubscriptionStore(),
      deliveries: new InMemoryDeliveryStore(),
      queue,
      endpointPolicy: { allowLoopback: false },
      resendIntervalMs: 60_000,
      // One known id, so the test can read the subscription the form made (its tokens stay random).
      generate: { ...randomGenerators, subscriptionId: () => SUBSCRIPTION },
    };
    ({ app, deps } = inMemoryApp(ADMIN_KEY, { project: true, sessionSecret: SECRET, subscriptions: services }));
    await api('PUT', `/v1/areas/${AREA}`, { name: 'Test Area' });
    await api('PUT', `/v1/areas/${AREA}/organisations/csp-a`, { name: 'Safer Alpha Partnership', kind: 'csp' });
  });

  const onlySubscription = async () => {
    const subscription = await services.subscriptions.get(SUBSCRIPTION);
    expect(subscription).toBeDefined();
    return subscription!;
  };

  /** The alerts form as a browser gets it, read as it is (to see the headers): its cookies, as a Cookie header, and its CSRF token. */
  const openForm = async (headers: Record<string, string>) => {
    const form = await app.request(`/areas/${AREA}/alerts?body=csp-a`, { headers });
    const cookie = form.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .join('; ');
    return { cookie, csrfToken: /name="csrfToken" value="([^"]+)"/.exec(await form.text())![1]! };
  };

  it('links to the form from the area, body and theme pages, each fixing what the alerts are about', async () => {
    const visitor = formBrowser(app);
    expect((await visitor.get(`/areas/${AREA}`)).html).toContain(`href="/areas/${AREA}/alerts"`);
    expect((await visitor.get(`/areas/${AREA}/bodies/csp-a`)).html).toContain(`href="/areas/${AREA}/alerts?body=csp-a"`);
    expect((await visitor.get(`/areas/${AREA}/themes/serious-violence`)).html).toContain(
      `href="/areas/${AREA}/alerts?theme=serious-violence"`,
    );
    const form = await visitor.get(`/areas/${AREA}/alerts?theme=serious-violence`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('changes about serious violence in Test Area');
    for (const label of ['>Email address<', '>As they happen<', '>Daily digest<']) expect(form.html).toContain(label);
    expect((await visitor.get(`/areas/${AREA}/alerts?body=no-such-body`)).status).toBe(404);
  });

  it('subscribes with double opt-in: "Check your email", then the link turns the alerts on', async () => {
    const visitor = formBrowser(app);
    await visitor.get(`/areas/${AREA}/alerts?body=csp-a`);
    const invalid = await visitor.send(`/areas/${AREA}/alerts`, { email: 'nope' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('href="#field-email">Enter an email address in the correct format, like name@example.com');
    expect(invalid.html).toContain('href="#field-mode">Select how often you want alerts');
    expect(await services.subscriptions.get(SUBSCRIPTION)).toBeUndefined();

    // Post-redirect-get: "Check your email" is a page of its own, so that Refresh or Back and
    // Forward on it show it again rather than send the form (and another email) again.
    const posted = await visitor.send(`/areas/${AREA}/alerts`, { email: 'sam@example.org', mode: 'daily-digest' });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/areas/${AREA}/alerts?sent`);
    for (const _refresh of [1, 2]) {
      const sent = await visitor.get(posted.location!);
      expect(sent.status).toBe(200);
      expect(sent.html).toContain('<title>Check your email');
      expect(sent.html).toContain('We have sent an email to <strong>sam@example.org</strong>');
      expect(sent.html).toContain('changes by Safer Alpha Partnership in Test Area');
      expect(sent.html).toContain(`href="/areas/${AREA}/bodies/csp-a">Back to Safer Alpha Partnership`);
    }
    // Another browser (or this one much later) is sent to the form: the address is this browser's alone.
    const stranger = await formBrowser(app).get(posted.location!);
    expect(stranger.status).toBe(303);
    expect(stranger.location).toBe(`/areas/${AREA}/alerts`);
    const subscription = await onlySubscription();
    expect(subscription).toMatchObject({
      areaId: AREA,
      audience: 'public',
      status: 'pending-confirmation',
      filter: { organisations: ['csp-a'] },
      endpoint: { kind: 'email', address: 'sam@example.org', mode: 'daily-digest' },
    });
    expect(queued).toHaveLength(1);
    expect((await services.deliveries.get(queued[0]!))?.purpose).toBe('confirmation');

    const confirmed = await visitor.get(`/v1/subscriptions/${subscription.id}/confirm?token=${subscription.confirmToken}`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Your email alerts are on');
    expect(confirmed.html).toContain('one email a day (a daily digest) about changes by Safer Alpha Partnership in Test Area');
    expect((await onlySubscription()).status).toBe('active');
  });

  it('shows the form again with 503, Retry-After and what was typed when the limits cannot be counted, and sends nothing', async () => {
    const broken = {
      consume: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      refund: async () => {},
    };
    deps.requestLimits = { confirmationEmails: broken, subscriptionRequests: broken, signInAttempts: broken };
    // Sent as a browser sends it, read as it is, to see the header too.
    const { cookie, csrfToken } = await openForm({ accept: 'text/html' });
    const sent = await app.request(`/areas/${AREA}/alerts`, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrfToken, body: 'csp-a', email: 'sam@example.org', mode: 'daily-digest' }).toString(),
    });
    expect(sent.status).toBe(503);
    expect(sent.headers.get('retry-after')).toBe('30');
    const html = await sent.text();
    expect(html).toContain('<title>Error: Get email alerts');
    expect(html).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
    expect(html).toContain('<a href="#field-email">Email alerts cannot be set up just now. Try again in a minute</a>');
    expect(html).toContain('value="sam@example.org"');
    expect(html).toMatch(/value="daily-digest"[^>]*checked/);
    // Sent again, it still says what it is about.
    expect(html).toContain('<input type="hidden" name="body" value="csp-a"');
    expect(await services.subscriptions.get(SUBSCRIPTION)).toBeUndefined();
    expect(queued).toEqual([]);
  });

  it('keeps the address it carries to "Check your email" in a cookie sent over HTTPS only, when the hub is served over HTTPS', async () => {
    const https = { accept: 'text/html', 'x-forwarded-proto': 'https' };
    const { cookie, csrfToken } = await openForm(https);
    const sent = await app.request(`/areas/${AREA}/alerts`, {
      method: 'POST',
      headers: { ...https, 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrfToken, body: 'csp-a', email: 'sam@example.org', mode: 'immediate' }).toString(),
    });
    expect(sent.status).toBe(303);
    const carried = sent.headers.getSetCookie().find((header) => header.startsWith('hub_alerts_sent='));
    expect(carried).toMatch(/; Secure/);
    expect(carried).toMatch(/; HttpOnly/);
  });

  it('refuses a forged form', async () => {
    const visitor = formBrowser(app);
    await visitor.get(`/areas/${AREA}/alerts`);
    expect(
      (await visitor.send(`/areas/${AREA}/alerts`, { email: 'sam@example.org', mode: 'immediate' }, { csrfToken: 'forged' })).status,
    ).toBe(403);
    expect(await services.subscriptions.get(SUBSCRIPTION)).toBeUndefined();
  });

  it('changes how often, or stops the alerts, from the link in an email, without signing in', async () => {
    const visitor = formBrowser(app);
    await visitor.get(`/areas/${AREA}/alerts`);
    await visitor.send(`/areas/${AREA}/alerts`, { email: 'sam@example.org', mode: 'immediate' });
    const { id, unsubscribeToken } = await onlySubscription();
    const manage = `/v1/subscriptions/${id}/manage?token=${unsubscribeToken}`;

    const page = await formBrowser(app).get(manage);
    expect(page.status).toBe(200);
    expect(page.html).toContain('sam@example.org');
    expect(page.html).toContain('Changes in Test Area');
    // A link that is wrong, cut short or spent is a page saying so, for the person who followed it.
    for (const [link, status] of [
      [`/v1/subscriptions/${id}/manage?token=wrong`, 404],
      [`/v1/subscriptions/${id}/manage`, 400],
      [`/v1/subscriptions/sub_x/confirm?token=wrong`, 400],
    ] as const) {
      const wrong = await formBrowser(app).get(link);
      expect(wrong.status, link).toBe(status);
      expect(wrong.html, link).toContain('<h1 class="govuk-heading-xl">This link does not work</h1>');
    }
    expect((await app.request(`/v1/subscriptions/${id}/manage?token=wrong`)).headers.get('content-type')).toContain(
      'application/problem+json',
    );

    const other = formBrowser(app);
    expect((await other.send(manage, {})).status).toBe(400);
    // A body that is not the form its type says is no choice either, not a fault of the hub's.
    const unreadable = await app.request(manage, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'multipart/form-data' },
      body: 'mode=daily-digest',
    });
    expect(unreadable.status).toBe(400);
    expect(await unreadable.text()).toContain('Select how often you want alerts');
    const changed = await other.send(manage, { mode: 'daily-digest' });
    expect(changed.status).toBe(200);
    expect(changed.html).toContain('Your alerts have been changed');
    expect((await onlySubscription()).endpoint).toEqual({ kind: 'email', address: 'sam@example.org', mode: 'daily-digest' });
    expect((await other.send(`/v1/subscriptions/${id}/manage?token=wrong`, { mode: 'immediate' })).status).toBe(404);

    expect((await other.send(`/v1/subscriptions/${id}/unsubscribe?token=${unsubscribeToken}`, {})).status).toBe(200);
    expect(await services.subscriptions.get(SUBSCRIPTION)).toBeUndefined();
  });
});
