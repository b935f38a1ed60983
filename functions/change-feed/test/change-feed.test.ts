import { type HubEvent, parseHubEvent } from '@partnership-hub/events';
import { InMemoryChangeFeed, InMemoryEventLog } from '@partnership-hub/store';
import { CSP, delivery, PANEL, priorityPublished, priorityRevised, priorityWithdrawn } from '@partnership-hub/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createChangeFeedAppender, publicShowingOf } from '../src/change-feed.ts';

/**
 * The appender: each delivery lands in its area's feed once, with how the public may see it. The
 * feed's own promises (a gap-free order however many appenders race, each event once) are the
 * store's contract: packages/store/test/contract/change-feed.contract.ts.
 */
const AREA = 'feed-area';
let feed: InMemoryChangeFeed;
let eventLog: InMemoryEventLog;

beforeEach(() => {
  feed = new InMemoryChangeFeed();
  eventLog = new InMemoryEventLog();
});

describe('the appender', () => {
  it('marks a public change full, a partners change hidden, and narrowing a public subject restricted (read from the log)', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const first = priorityPublished({ areaId: AREA, id: 'p1', eventId: 'event-1' });
    const narrowed = priorityRevised({ areaId: AREA, id: 'p1', eventId: 'event-2', state: { visibility: 'partners' } });
    await eventLog.append(first);
    await eventLog.append(narrowed);
    const hidden = priorityPublished({ areaId: AREA, id: 'p2', eventId: 'event-3', state: { visibility: 'partners' } });

    await append(delivery(narrowed)); // delivered out of order: the log still says what came before
    await append(delivery(first));
    await append(delivery(hidden));
    await append(delivery(first)); // a duplicate delivery

    const { entries } = await feed.read(AREA, 0, 10);
    expect(entries.map((entry) => [entry.event.detail.eventId, entry.publicView])).toEqual([
      ['event-2', 'restricted'],
      ['event-1', 'full'],
      ['event-3', 'hidden'],
    ]);
  });

  it('answers the place each delivery has, and whether it added it', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const first = priorityPublished({ areaId: AREA, id: 'p1' });
    const second = priorityPublished({ areaId: AREA, id: 'p2' });

    expect(await append(delivery(first))).toEqual({ sequence: 1, appended: true });
    expect(await append(delivery(second))).toEqual({ sequence: 2, appended: true });
    expect(await append(delivery(first))).toEqual({ sequence: 1, appended: false });
  });

  it('refuses a delivery that is not a hub event, so it is retried and dead-lettered', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    await expect(append({ source: 'someone-else', detail: {} })).rejects.toThrow();
    expect(await feed.lastSequence(AREA)).toBe(0);
  });
});

describe('publicShowingOf', () => {
  const withdrawn = () => priorityWithdrawn({ areaId: AREA, id: 'p1', eventId: 'w' });
  it('hides a partners change after a withdrawal: the public already saw the subject leave', () => {
    const again = priorityPublished({ areaId: AREA, id: 'p1', eventId: 'again', version: 3, state: { visibility: 'partners' } });
    expect(publicShowingOf(again, withdrawn())).toEqual({ publicView: 'hidden' });
    expect(publicShowingOf(withdrawn(), undefined)).toEqual({ publicView: 'full' });
  });

  it('shows a subject made public as new to the public: its fields changed since a version they never saw are not listed', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const secret = { visibility: 'partners', title: 'Secret title', lead: 'A named officer' } as const;
    const partnersOnly = priorityPublished({ areaId: AREA, id: 'p1', eventId: 'v1', state: secret });
    const madePublic = priorityRevised({
      areaId: AREA,
      id: 'p1',
      eventId: 'v2',
      before: secret,
      state: { visibility: 'public', lead: undefined },
    });
    const revised = priorityRevised({ areaId: AREA, id: 'p1', eventId: 'v3', version: 3, before: { visibility: 'public' } });
    for (const event of [partnersOnly, madePublic, revised]) await eventLog.append(event);

    for (const event of [partnersOnly, madePublic, revised]) await append(delivery(event));

    const { entries } = await feed.read(AREA, 0, 10);
    expect(entries.map((entry) => [entry.event.detail.eventId, entry.publicView])).toEqual([
      ['v1', 'hidden'],
      ['v2', 'first'],
      ['v3', 'full'],
    ]);
  });
});

type AgendaItem = { number: string; title: string; restricted?: boolean; links?: { title: string; url: string; restricted?: boolean }[] };

/** A public meeting of the panel at a version, with an agenda (a revision lists what it changed). */
function meetingAt(version: number, agenda: AgendaItem[], changedFields: string[] = [], extra: Record<string, unknown> = {}): HubEvent {
  return parseHubEvent(version === 1 ? 'MeetingScheduled' : 'MeetingRevised', {
    eventId: `meeting-v${version}`,
    schemaVersion: 1,
    occurredAt: `2026-01-0${version}T09:00:00.000Z`,
    areaId: AREA,
    organisationId: PANEL,
    subject: { type: 'meeting', id: 'm1', version },
    actor: { kind: 'key', organisationId: PANEL },
    visibility: 'public',
    data: {
      title: 'Police and Crime Panel',
      date: '2026-12-18',
      status: 'confirmed',
      agenda,
      visibility: 'public',
      ...extra,
      ...(version === 1 ? {} : { changedFields }),
    },
  });
}

describe('a public revision that changed nothing the public sees', () => {
  const report = { title: 'Report', url: 'https://example.org/report.pdf' };
  const apologies = { number: '1', title: 'Apologies', links: [report] };
  const complaint = (title: string): AgendaItem => ({ number: '7', title, restricted: true });

  it('is hidden from the public when only a restricted agenda item changed, and shown when anything else did (read from the log, in any order)', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const scheduled = meetingAt(1, [apologies, complaint('Complaint against the Commissioner')]);
    const restrictedOnly = meetingAt(2, [apologies, complaint('Complaint: the decision')], ['agenda']);
    const restrictedPaper = meetingAt(
      3,
      [
        { ...apologies, links: [report, { title: 'Exempt appendix', url: 'https://example.org/a.pdf', restricted: true }] },
        complaint('Complaint: the decision'),
      ],
      ['agenda'],
    );
    const both = meetingAt(4, [{ number: '1', title: 'Apologies for absence' }, complaint('Complaint: withdrawn')], ['agenda']);
    const events = [scheduled, restrictedOnly, restrictedPaper, both];
    for (const event of events) await eventLog.append(event);

    for (const event of [both, restrictedOnly, scheduled, restrictedPaper, restrictedOnly]) await append(delivery(event));

    const { entries } = await feed.read(AREA, 0, 10);
    expect(entries.map((entry) => [entry.event.detail.subject.version, entry.publicView])).toEqual([
      [4, 'full'],
      [2, 'hidden'],
      [1, 'full'],
      [3, 'hidden'],
    ]);
  });

  it('is left for the reader to decide when only links changed: the public sees it once it may see a subject whose link changed', async () => {
    const append = createChangeFeedAppender({ feed, eventLog });
    const secret = { organisationId: PANEL, priorityId: 'secret' };
    const open = { organisationId: PANEL, priorityId: 'open' };
    const first = priorityPublished({ areaId: AREA, id: 'p1', state: { supports: [open] } });
    const linked = priorityRevised({
      areaId: AREA,
      id: 'p1',
      version: 2,
      before: { supports: [open] },
      state: { supports: [open, secret] },
    });
    const retitled = priorityRevised({
      areaId: AREA,
      id: 'p1',
      version: 3,
      before: { supports: [open, secret] },
      state: { supports: [open], title: 'Retitled' },
    });
    for (const event of [first, linked, retitled]) await eventLog.append(event);
    for (const event of [retitled, linked, first]) await append(delivery(event));

    const { entries } = await feed.read(AREA, 0, 10);
    expect(entries.map((entry) => [entry.event.detail.subject.version, entry.publicView, entry.linksChanged])).toEqual([
      [3, 'full', undefined],
      [2, 'links', [`${PANEL}/secret`]],
      [1, 'full', undefined],
    ]);
  });

  it('shows a change of where links stand, whichever of them the public may see', () => {
    const one = { organisationId: CSP, priorityId: 'one' };
    const two = { organisationId: PANEL, priorityId: 'two' };
    const before = priorityPublished({ areaId: AREA, id: 'p1', state: { supports: [one, two] } });
    const reordered = priorityRevised({
      areaId: AREA,
      id: 'p1',
      version: 2,
      before: { supports: [one, two] },
      state: { supports: [two, one] },
    });
    expect(publicShowingOf(reordered, before)).toEqual({ publicView: 'full' });
  });
});
