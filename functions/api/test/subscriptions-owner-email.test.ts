import { describe, expect, it } from 'vitest';
import { AREA, limitedApp } from './subscription-app.ts';

/**
 * A subscription's ownerEmail is an address someone else gives: it is told nothing until it has
 * followed the link emailed to it, and that email counts against the address's limit like a
 * subscription's confirmation email.
 */
const WEBHOOK = { kind: 'webhook', url: 'https://hooks.example.org/in' };

/** The app with subscriptions served (subscription-app.ts), and a webhook or email subscription made in AREA. */
async function hub() {
  const app = await limitedApp();
  const subscribe = (body: Record<string, unknown>) => app.send('POST', '/v1/subscriptions', { areaId: AREA, ...body });
  return { ...app, subscribe };
}

type Created = { id: string; managementToken: string; status: string; ownerEmailConfirmed?: boolean };

describe("a subscription's owner email", () => {
  it('is sent a link to confirm it, and says whether it is confirmed; following the link leaves the webhook waiting for its own verification', async () => {
    const h = await hub();
    const answer = await h.subscribe({ endpoint: WEBHOOK, ownerEmail: 'owner@example.org' });
    expect(answer.status).toBe(201);
    const created = (await answer.json()) as Created;
    expect(created).toMatchObject({ status: 'pending-verification', ownerEmail: 'owner@example.org', ownerEmailConfirmed: false });
    expect(JSON.stringify(created)).not.toContain('ownerEmailToken');
    expect(h.deliveries.all().map((delivery) => [delivery.purpose, delivery.to])).toEqual([
      ['verification', undefined],
      ['owner-confirmation', 'owner@example.org'],
    ]);

    const token = (await h.subscriptions.get(created.id))!.ownerEmailToken!;
    const page = await h.send('GET', `/v1/subscriptions/${created.id}/confirm?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1 class="govuk-panel__title">Email address confirmed</h1>');

    const read = (await (
      await h.send('GET', `/v1/subscriptions/${created.id}`, undefined, { 'x-subscription-token': created.managementToken })
    ).json()) as Created;
    expect(read).toMatchObject({ status: 'pending-verification', ownerEmailConfirmed: true });
  });

  it('counts against the per-address limit on confirmation emails, whoever gives it: the sixth within the hour is refused and nothing stored', async () => {
    const h = await hub();
    for (let given = 1; given <= 5; given++)
      expect((await h.subscribe({ endpoint: WEBHOOK, ownerEmail: 'victim@example.org' })).status, `subscription ${given}`).toBe(201);

    const sixth = await h.subscribe({ endpoint: WEBHOOK, ownerEmail: 'Victim@Example.org' });

    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe(String(60 * 60));
    expect(h.deliveries.all().filter((delivery) => delivery.purpose === 'owner-confirmation')).toHaveLength(5);
    expect(h.deliveries.all().filter((delivery) => delivery.purpose === 'verification')).toHaveLength(5);
  });

  it("shares that limit with the address's own subscriptions, and a change of owner email is counted too", async () => {
    const h = await hub();
    const mine = (await (await h.subscribe({ endpoint: WEBHOOK })).json()) as Created;
    for (let sent = 1; sent <= 5; sent++) await h.subscribe({ endpoint: { kind: 'email', address: 'victim@example.org' } });

    const changed = await h.send(
      'PUT',
      `/v1/subscriptions/${mine.id}`,
      { filter: {}, ownerEmail: 'victim@example.org' },
      { 'x-subscription-token': mine.managementToken },
    );

    expect(changed.status).toBe(429);
    expect((await h.subscriptions.get(mine.id))?.ownerEmail).toBeUndefined();
    expect(h.deliveries.all().filter((delivery) => delivery.purpose === 'owner-confirmation')).toEqual([]);

    const other = await h.send(
      'PUT',
      `/v1/subscriptions/${mine.id}`,
      { filter: {}, ownerEmail: 'me@example.org' },
      { 'x-subscription-token': mine.managementToken },
    );
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ ownerEmail: 'me@example.org', ownerEmailConfirmed: false });
    expect(
      h.deliveries
        .all()
        .filter((delivery) => delivery.purpose === 'owner-confirmation')
        .map((delivery) => delivery.to),
    ).toEqual(['me@example.org']);
  });
});
