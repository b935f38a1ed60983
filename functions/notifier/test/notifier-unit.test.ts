import { EVENT_SOURCE } from '@partnership-hub/events';
import {
  type ChangeData,
  confirmSubscription,
  type IndexEntry,
  randomGenerators,
  type Subscription,
  type SubscriptionStore,
  updateSubscription,
} from '@partnership-hub/subscriptions';
import { describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../src/delivery-worker.ts';
import { createDigestRun } from '../src/digest.ts';
import { createNotifier } from '../src/notifier.ts';
import {
  AREA,
  changeData,
  FakeClock,
  inMemoryNotifications,
  meetingRevised,
  meetingScheduled,
  priorityPublished,
  SECOND,
  subscriptionOf,
  T0,
} from './support.ts';

async function withSubscriptions(...subscriptions: Subscription[]) {
  const wired = inMemoryNotifications();
  for (const subscription of subscriptions) await wired.subscriptions.create(subscription);
  return { ...wired, notify: createNotifier(wired.notifier) };
}

const deliveredTo = (wired: Awaited<ReturnType<typeof withSubscriptions>>) =>
  wired.deliveries
    .all()
    .filter((delivery) => delivery.purpose === 'change')
    .map((delivery) => delivery.subscriptionId)
    .sort();

describe('the notifier', () => {
  it('schedules one delivery, due now, for each active subscription whose filter matches', async () => {
    const everything = subscriptionOf();
    const burglary = subscriptionOf({ filter: { themes: ['burglary'] } });
    const roads = subscriptionOf({ filter: { themes: ['road-safety'] } });
    const pending = subscriptionOf({}, 'pending-verification');
    const disabled = subscriptionOf({}, 'disabled');
    const elsewhere = subscriptionOf({ areaId: 'staffordshire' });
    const wired = await withSubscriptions(everything, burglary, roads, pending, disabled, elsewhere);

    const outcome = await wired.notify(priorityPublished({ themes: ['burglary'] }));

    expect(outcome).toEqual({ candidates: 2, matched: 2, scheduled: 2 });
    expect(deliveredTo(wired)).toEqual([everything.id, burglary.id].sort());
    expect(wired.queue.waiting.map((entry) => entry.dueAt)).toEqual([T0, T0]);
    expect(wired.deliveries.all()[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
      payload: { type: 'priority.published', data: { change: 'PriorityPublished', areaId: AREA, themes: ['burglary'] } },
    });
  });

  it('sends nothing about a change that happened before the subscription became active, however late it arrives', async () => {
    const event = priorityPublished();
    const confirmedAfter = subscriptionOf({}, 'active', {
      activeSince: new Date(Date.parse(event.detail.occurredAt) + SECOND).toISOString(),
    });
    const confirmedBefore = subscriptionOf({}, 'active', { activeSince: event.detail.occurredAt });
    const wired = await withSubscriptions(confirmedAfter, confirmedBefore);

    await wired.notify(event);

    expect(deliveredTo(wired)).toEqual([confirmedBefore.id]);
  });

  it('tells a subscriber to a theme about a change on a theme within it, and not the other way round', async () => {
    const vawg = subscriptionOf({ filter: { themes: ['violence-against-women-and-girls'] } });
    const domesticAbuse = subscriptionOf({ filter: { themes: ['domestic-abuse'] } });
    const wired = await withSubscriptions(vawg, domesticAbuse);

    await wired.notify(priorityPublished({ themes: ['domestic-abuse'] }));
    expect(deliveredTo(wired)).toEqual([vawg.id, domesticAbuse.id].sort());

    const onlyWider = await withSubscriptions(vawg, domesticAbuse);
    await onlyWider.notify(priorityPublished({ themes: ['violence-against-women-and-girls'] }));
    expect(deliveredTo(onlyWider)).toEqual([vawg.id]);
  });

  it('widens a pattern stored before a theme joined the family, so the parent subscription hears of the new child theme', async () => {
    // Saved when violence against women and girls had no children: its stored pattern names only itself.
    const savedEarlier = subscriptionOf({ filter: { themes: ['violence-against-women-and-girls'] } }, 'active', {
      pattern: { source: ['partnership-hub'], detail: { areaId: [AREA], data: { themes: ['violence-against-women-and-girls'] } } },
    });
    const unrelated = subscriptionOf({ filter: { themes: ['burglary'] } });
    const wired = await withSubscriptions(savedEarlier, unrelated);

    await wired.notify(priorityPublished({ themes: ['stalking-and-harassment'] }));

    expect(deliveredTo(wired)).toEqual([savedEarlier.id]);
  });

  it('never lets a partners-only change reach a public subscription, whatever its pattern says', async () => {
    const partners = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham' });
    const publicAll = subscriptionOf();
    const publicPattern = subscriptionOf({ filter: { pattern: { detail: { visibility: ['partners'] } } } });
    const wired = await withSubscriptions(partners, publicAll, publicPattern);

    await wired.notify(priorityPublished({ visibility: 'partners' }));

    expect(deliveredTo(wired)).toEqual([partners.id]);
  });

  it("matches a public subscription's pattern against the change as the public is shown it, so no pattern can test a restricted agenda item", async () => {
    const complaint = { detail: { data: { agenda: { title: [{ prefix: 'Complaint against' }] } } } };
    const publicProbe = subscriptionOf({ filter: { pattern: complaint } });
    const partnersProbe = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham', filter: { pattern: complaint } });
    const publicOpen = subscriptionOf({ filter: { pattern: { detail: { data: { agenda: { title: ['Apologies'] } } } } } });
    const wired = await withSubscriptions(publicProbe, partnersProbe, publicOpen);

    await wired.notify(
      meetingScheduled([
        { number: '1', title: 'Apologies' },
        { number: '7', title: 'Complaint against the Commissioner', restricted: true },
      ]),
    );

    expect(deliveredTo(wired)).toEqual([partnersProbe.id, publicOpen.id].sort());
  });

  it('tells a public subscriber nothing of a revision that changed only a restricted agenda item, and only the fields the public sees change', async () => {
    const publicAll = subscriptionOf();
    const partnersAll = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham' });
    const wired = await withSubscriptions(publicAll, partnersAll);
    const apologies = { number: '1', title: 'Apologies' };
    const scheduled = meetingScheduled([apologies, { number: '7', title: 'Complaint against the Commissioner', restricted: true }]);
    const restrictedOnly = meetingRevised(
      scheduled,
      [apologies, { number: '7', title: 'Complaint: the decision', restricted: true }],
      ['agenda'],
    );
    const both = meetingRevised(
      restrictedOnly,
      [
        { number: '1', title: 'Apologies for absence' },
        { number: '7', title: 'Complaint: the decision', restricted: true },
      ],
      ['agenda', 'status'],
    );
    wired.log(scheduled, restrictedOnly);

    await wired.notify(restrictedOnly);
    expect(deliveredTo(wired)).toEqual([partnersAll.id]);

    await wired.notify(both);
    const sent = (subscriptionId: string) =>
      wired.deliveries
        .all()
        .filter((delivery) => delivery.subscriptionId === subscriptionId)
        .map((delivery) => (delivery.payload as unknown as { data: { version: number; changedFields: string[] } }).data)
        .map(({ version, changedFields }) => ({ version, changedFields }));
    // A field listed as changed but shown to the public the same before and after (here the status, left as it was) is left out.
    expect(sent(publicAll.id)).toEqual([{ version: 3, changedFields: ['agenda'] }]);
    expect(sent(partnersAll.id)).toEqual([
      { version: 2, changedFields: ['agenda'] },
      { version: 3, changedFields: ['agenda', 'status'] },
    ]);
  });

  it('tells a public subscriber of a subject made public without the fields it changed, which were measured against a partners-only version', async () => {
    const publicAll = subscriptionOf();
    const partnersAll = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham' });
    const wired = await withSubscriptions(publicAll, partnersAll);
    // Each made public at version 2 from a partners-only version 1: a priority (nothing to hide, so
    // no read of the area) and a meeting (an agenda to hide).
    type Delivered = ReturnType<typeof priorityPublished>;
    const detailOf = (delivered: Delivered) =>
      delivered.detail as unknown as { eventId: string; occurredAt: string; subject: { version: number }; data: Record<string, unknown> };
    const partnersOnly = (delivered: Delivered, data: Record<string, unknown>): Delivered => ({
      ...delivered,
      detail: { ...delivered.detail, visibility: 'partners', data: { ...data, visibility: 'partners' } } as Delivered['detail'],
    });
    const madePublic = (earlier: Delivered, detailType: string, data: Record<string, unknown>): Delivered => ({
      ...earlier,
      'detail-type': detailType,
      detail: {
        ...detailOf(earlier),
        eventId: `${detailOf(earlier).eventId}-public`,
        subject: { ...detailOf(earlier).subject, version: 2 },
        visibility: 'public',
        data: { ...data, visibility: 'public', changedFields: ['lead', 'title', 'visibility'] },
      } as Delivered['detail'],
    });
    const priority = priorityPublished();
    const secretPriority = partnersOnly(priority, { title: 'Secret title', lead: 'A named officer', themes: ['burglary'] });
    const publicPriority = madePublic(secretPriority, 'PriorityRevised', { title: 'Open title', themes: ['burglary'] });
    const meeting = meetingScheduled([{ number: '1', title: 'Apologies' }]);
    const secretMeeting = partnersOnly(meeting, { ...detailOf(meeting).data, title: 'Secret meeting' });
    const publicMeeting = madePublic(secretMeeting, 'MeetingRevised', { ...detailOf(meeting).data, title: 'Open meeting' });
    wired.log(secretPriority, secretMeeting);

    await wired.notify(publicPriority);
    await wired.notify(publicMeeting);

    const sent = (subscriptionId: string) =>
      wired.deliveries
        .all()
        .filter((delivery) => delivery.subscriptionId === subscriptionId)
        .map((delivery) => (delivery.payload as unknown as { data: { subject: { type: string }; changedFields: string[] } }).data)
        .map(({ subject, changedFields }) => ({ type: subject.type, changedFields }));
    expect(sent(publicAll.id)).toEqual([
      { type: 'priority', changedFields: [] },
      { type: 'meeting', changedFields: [] },
    ]);
    expect(sent(partnersAll.id)).toEqual([
      { type: 'priority', changedFields: ['lead', 'title', 'visibility'] },
      { type: 'meeting', changedFields: ['lead', 'title', 'visibility'] },
    ]);
  });

  it('tells a public subscriber nothing of a revision that only took away a link they could not see', async () => {
    const publicAll = subscriptionOf();
    const partnersAll = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham' });
    const wired = await withSubscriptions(publicAll, partnersAll);
    const linked = priorityPublished();
    const detail = linked.detail as unknown as { eventId: string; subject: { version: number }; data: Record<string, unknown> };
    // The area's partners-only priority: the public may see no priority here (linkable answers none).
    const withLink = {
      ...linked,
      detail: { ...detail, data: { ...detail.data, supports: [{ organisationId: 'safer-rotherham', priorityId: 'secret' }] } },
    };
    const unlinked = {
      ...linked,
      'detail-type': 'PriorityRevised',
      detail: {
        ...detail,
        eventId: `${detail.eventId}-v2`,
        subject: { ...detail.subject, version: 2 },
        data: { ...detail.data, supports: [], changedFields: ['supports'] },
      },
    };
    wired.log(withLink);

    await wired.notify(unlinked);

    expect(deliveredTo(wired)).toEqual([partnersAll.id]);
  });

  it("reads the area's priorities and plans for a public subscriber only when the change has an agenda or links to hide", async () => {
    const publicOne = subscriptionOf();
    const wired = inMemoryNotifications();
    await wired.subscriptions.create(publicOne);
    let reads = 0;
    const linkable = async () => {
      reads++;
      return [];
    };
    const notify = createNotifier({ ...wired.notifier, linkable });

    await notify(priorityPublished());
    expect(reads).toBe(0);
    await notify(meetingScheduled([{ number: '1', title: 'Apologies' }]));
    expect(reads).toBe(1);
    expect(wired.deliveries.all()).toHaveLength(2);
  });

  it('sends nothing to a partners subscription while the key that made it is revoked; one made before keys were kept goes on', async () => {
    const withKey = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham', createdWithKey: 'key-1' });
    const otherKey = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham', createdWithKey: 'key-2' });
    const older = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham' });
    const wired = await withSubscriptions(withKey, otherKey, older);
    wired.revokedKeys.add('key-1');

    await wired.notify(priorityPublished({ visibility: 'partners' }));

    expect(deliveredTo(wired)).toEqual([otherKey.id, older.id].sort());
  });

  it('goes by the subscription record, not a stale index entry that claims a partners audience', async () => {
    const publicOne = subscriptionOf();
    const wired = inMemoryNotifications();
    await wired.subscriptions.create(publicOne);
    const staleIndex: SubscriptionStore = Object.assign(Object.create(wired.subscriptions) as SubscriptionStore, {
      candidates: async (): Promise<IndexEntry[]> => [
        { subscriptionId: publicOne.id, areaId: AREA, audience: 'partners', pattern: publicOne.pattern },
      ],
    });
    const notify = createNotifier({ ...wired.notifier, subscriptions: staleIndex });

    const outcome = await notify(priorityPublished({ visibility: 'partners' }));

    expect(outcome).toEqual({ candidates: 1, matched: 1, scheduled: 0 });
    expect(wired.deliveries.all()).toEqual([]);
  });

  it('lets public changes reach both audiences', async () => {
    const partners = subscriptionOf({ audience: 'partners', createdBy: 'safer-rotherham' });
    const publicOne = subscriptionOf();
    const wired = await withSubscriptions(partners, publicOne);
    await wired.notify(priorityPublished({ visibility: 'public' }));
    expect(deliveredTo(wired)).toEqual([partners.id, publicOne.id].sort());
  });

  it('collects the change for a daily-digest subscription instead of sending it now', async () => {
    const digest = subscriptionOf({ endpoint: { kind: 'email', address: 'digest@example.org', mode: 'daily-digest' } });
    const wired = await withSubscriptions(digest);

    expect(await wired.notify(priorityPublished())).toMatchObject({ scheduled: 1 });

    expect(wired.deliveries.all()).toEqual([]);
    expect(wired.queue.waiting).toEqual([]);
    expect(await wired.deliveries.takeDigests()).toEqual([
      { subscriptionId: digest.id, entries: [expect.objectContaining({ data: expect.objectContaining({ change: 'PriorityPublished' }) })] },
    ]);
  });

  it('sends nothing twice when the bus delivers the same event twice', async () => {
    const wired = await withSubscriptions(subscriptionOf());
    const event = priorityPublished();

    await wired.notify(event);
    await wired.deliveries.save({ ...wired.deliveries.all()[0]!, attempts: 1, status: 'delivered' }, 0);
    const again = await wired.notify(event);

    expect(again.scheduled).toBe(0);
    expect(wired.deliveries.all()).toHaveLength(1);
    expect(wired.queue.waiting).toHaveLength(1);
  });

  it('queues a delivery that an earlier run stored but did not get to queue', async () => {
    const wired = await withSubscriptions(subscriptionOf());
    const event = priorityPublished();
    await wired.notify(event);
    wired.queue.waiting.splice(0);

    await wired.notify(event);

    expect(wired.queue.waiting.map((entry) => entry.deliveryId)).toEqual([wired.deliveries.all()[0]!.id]);
  });
});

describe('the daily digest', () => {
  const digestSubscription = (address = 'digest@example.org') =>
    subscriptionOf({ endpoint: { kind: 'email', address, mode: 'daily-digest' } });

  it("queues one email per subscription with that subscription's changes in the order they happened", async () => {
    const clock = new FakeClock();
    const wired = inMemoryNotifications({ clock });
    const [first, second] = [digestSubscription('one@example.org'), digestSubscription('two@example.org')];
    for (const subscription of [first, second]) await wired.subscriptions.create(subscription);
    const notify = createNotifier(wired.notifier);
    const events = [priorityPublished({ themes: ['burglary'] }), priorityPublished({ themes: ['hate-crime'] })];
    for (const event of [...events].reverse()) await notify(event);
    clock.advance(21 * 3600 * SECOND);

    const run = createDigestRun(wired.notifier);
    expect(await run()).toEqual({ digests: 2 });

    const digests = wired.deliveries.all().filter((delivery) => delivery.purpose === 'digest');
    expect(digests.map((delivery) => delivery.subscriptionId).sort()).toEqual([first.id, second.id].sort());
    for (const digest of digests) {
      expect(digest.payload.data.day).toBe('1 March 2026');
      expect((digest.payload.data.changes as { eventId: string }[]).map((entry) => entry.eventId)).toEqual(
        events.map((event) => event.detail.eventId),
      );
    }
    expect(wired.queue.waiting).toHaveLength(2);
    expect(await run()).toEqual({ digests: 0 });
  });

  it('is dated by the London day of its changes: a change at 23:30 UTC on 30 June is in the digest of 1 July', async () => {
    const clock = new FakeClock(new Date('2026-07-01T07:00:00.000Z'));
    const wired = inMemoryNotifications({ clock });
    const subscription = digestSubscription();
    await wired.subscriptions.create(subscription);
    const occurredAt = '2026-06-30T23:30:00.000Z';
    const data = { ...changeData('01JLATE'), occurredAt };
    await wired.deliveries.addDigestEntry(subscription.id, { occurredAt, eventId: '01JLATE', data });

    await createDigestRun(wired.notifier)();
    const [digest] = wired.deliveries.all();
    expect(digest?.payload.data.day).toBe('1 July 2026');
    await createDeliveryWorker(wired.worker).attempt(digest!.id);

    expect(wired.mail.sent.map((email) => email.message.subject)).toEqual([
      '1 change in South Yorkshire (Partnership Hub digest, 1 July 2026)',
    ]);
  });

  it('sends a subscription moved to a new address none of the changes collected for the old one, partners-only ones included', async () => {
    const clock = new FakeClock();
    const wired = inMemoryNotifications({ clock });
    const at = (seconds: number) => new Date(T0.getTime() + seconds * SECOND);
    const old = subscriptionOf(
      { audience: 'partners', createdBy: 'safer-rotherham', endpoint: { kind: 'email', address: 'old@example.org', mode: 'daily-digest' } },
      'active',
      { activeSince: at(-3600).toISOString() },
    );
    await wired.subscriptions.create(old);
    const notify = createNotifier(wired.notifier);
    const happening = (eventId: string, seconds: number) => {
      const event = priorityPublished({ visibility: 'partners', eventId });
      event.detail.occurredAt = at(seconds).toISOString();
      return event;
    };
    await notify(happening('01JFOROLD', 0));

    // The owner moves it to a new address, which confirms a minute later.
    const rules = { generate: randomGenerators, resendIntervalMs: 0 };
    const moved = updateSubscription(
      old,
      { filter: {}, endpoint: { kind: 'email', address: 'new@example.org' } },
      { ...rules, now: at(60) },
    ).subscription;
    await wired.subscriptions.replace(old, moved);
    const confirmed = confirmSubscription(moved, moved.confirmToken!, at(120)).subscription;
    await wired.subscriptions.replace(moved, confirmed);
    await notify(happening('01JFORNEW', 180));
    clock.advance(86_400 * SECOND);

    expect(await createDigestRun(wired.notifier)()).toEqual({ digests: 1 });
    const [digest] = wired.deliveries.all().filter((delivery) => delivery.purpose === 'digest');
    expect((digest!.payload.data.changes as ChangeData[]).map((entry) => entry.eventId)).toEqual(['01JFORNEW']);
  });

  it('skips a subscription that is no longer on', async () => {
    const wired = inMemoryNotifications();
    const gone = digestSubscription();
    await wired.deliveries.addDigestEntry(gone.id, { occurredAt: T0.toISOString(), eventId: '01JX', data: {} as never });
    await wired.subscriptions.create({ ...gone, status: 'disabled' });

    expect(await createDigestRun(wired.notifier)()).toEqual({ digests: 0 });
    expect(wired.deliveries.all()).toEqual([]);
  });

  it('leaves out a subscription whose key was revoked after its changes were collected', async () => {
    const wired = inMemoryNotifications();
    const withKey = subscriptionOf({
      audience: 'partners',
      createdBy: 'safer-rotherham',
      createdWithKey: 'key-1',
      endpoint: { kind: 'email', address: 'partner@example.org', mode: 'daily-digest' },
    });
    const other = digestSubscription();
    for (const subscription of [withKey, other]) {
      await wired.subscriptions.create(subscription);
      await wired.deliveries.addDigestEntry(subscription.id, { occurredAt: T0.toISOString(), eventId: '01JX', data: {} as never });
    }
    wired.revokedKeys.add('key-1');

    expect(await createDigestRun(wired.notifier)()).toEqual({ digests: 1 });
    expect(wired.deliveries.all().map((delivery) => delivery.subscriptionId)).toEqual([other.id]);
  });
});

describe('the notifier and tracked requests', () => {
  const requestEvent = (detailType: 'RequestRaised' | 'RequestOverdue', to: string) => ({
    version: '0',
    id: `bus-${detailType}`,
    'detail-type': detailType,
    source: EVENT_SOURCE,
    account: '123456789012',
    time: T0.toISOString(),
    region: 'eu-west-2',
    resources: [],
    detail: {
      eventId: `01JREQUEST${detailType.toUpperCase()}`,
      schemaVersion: 1,
      occurredAt: T0.toISOString(),
      areaId: AREA,
      organisationId: 'panel',
      subject: { type: 'request', id: 'asb-figures', version: detailType === 'RequestRaised' ? 1 : 2 },
      actor: detailType === 'RequestRaised' ? { kind: 'organisation', organisationId: 'panel' } : { kind: 'system', job: 'overdue check' },
      visibility: 'public',
      data: {
        kind: 'information-request',
        to,
        from: 'panel',
        title: 'Figures on repeat victims',
        raisedOn: '2026-01-05',
        dueDate: '2026-02-27',
        themes: [],
        visibility: 'public',
        responses: [],
        updates: [],
        ...(detailType === 'RequestOverdue' ? { overdueFor: '2026-02-27' } : {}),
      },
    },
  });

  it("tells a subscriber to only RequestOverdue for a body about that body's overdue requests, and nothing else", async () => {
    const cspOverdue = subscriptionOf({ filter: { organisations: ['csp-a'], changeTypes: ['RequestOverdue'] } });
    const otherBody = subscriptionOf({ filter: { organisations: ['csp-b'], changeTypes: ['RequestOverdue'] } });
    const wired = await withSubscriptions(cspOverdue, otherBody);

    await wired.notify(requestEvent('RequestRaised', 'csp-a'));
    expect(deliveredTo(wired)).toEqual([]);
    await wired.notify(requestEvent('RequestOverdue', 'csp-a'));
    expect(deliveredTo(wired)).toEqual([cspOverdue.id]);
    expect(wired.deliveries.all()[0]).toMatchObject({
      payload: { type: 'request.overdue', data: { change: 'RequestOverdue', link: expect.stringContaining('/requests/asb-figures') } },
    });
  });
});
