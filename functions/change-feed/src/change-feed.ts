import { canonicalJson, linkedSubjects, linkKey, withoutHiddenLinks } from '@partnership-hub/domain';
import { type HubEvent, isWithdrawal, parseEventBridgeEvent } from '@partnership-hub/events';
import { type ChangeFeed, type EventLog, type PublicView, subjectRef } from '@partnership-hub/store';

export interface ChangeFeedDeps {
  feed: ChangeFeed;
  eventLog: EventLog;
}

/**
 * Consumes a hub event delivered by EventBridge and appends it to its area's change feed, once,
 * in a gap-free order (see ChangeFeed). Idempotent: a redelivery finds the event's claim and
 * adds nothing.
 */
export function createChangeFeedAppender(deps: ChangeFeedDeps) {
  // Appends to one area take its slots one at a time. Within a process they queue here rather than
  // race for the same slot (a burst of N racing appends costs O(N²) conditional writes); across
  // processes (several Lambda instances) the conditional writes still keep the order gap-free.
  const queues = new Map<string, Promise<unknown>>();
  const inTurn = <T>(areaId: string, work: () => Promise<T>): Promise<T> => {
    const turn = (queues.get(areaId) ?? Promise.resolve()).then(work, work);
    const settled = turn.catch(() => undefined);
    queues.set(areaId, settled);
    void settled.then(() => {
      if (queues.get(areaId) === settled) queues.delete(areaId);
    });
    return turn;
  };

  return async function append(delivery: unknown): Promise<{ sequence: number; appended: boolean }> {
    // A delivery that does not parse throws: it is retried, then dead-lettered.
    const event = parseEventBridgeEvent(delivery);
    return inTurn(event.detail.areaId, () => appendToChangeFeed(deps, event));
  };
}

/**
 * Appends one event to its area's feed, once, with how the public feed shows it. The appender's
 * own step, which a rebuild from the log (`npm run rebuild`) runs too.
 */
export async function appendToChangeFeed(deps: ChangeFeedDeps, event: HubEvent): Promise<{ sequence: number; appended: boolean }> {
  const previous =
    event.detail.subject.version > 1 && (event.detail.visibility === 'partners' || mayHideItsChange(event))
      ? await deps.eventLog.get(subjectRef(event.detail), event.detail.subject.version - 1)
      : undefined;
  const { publicView, linksChanged } = publicShowingOf(event, previous);
  return deps.feed.append(event, publicView, linksChanged);
}

/** How the public feed shows an event: its view, and for a `links` view the links that decide it (see FeedEntry). */
export interface PublicShowing {
  publicView: PublicView;
  linksChanged?: string[];
}

/**
 * How the public feed shows an event. A partners change to a subject the public could see until
 * then (its previous version was public and live) narrows its visibility: public mirrors must drop
 * what they hold, so the public feed says the subject left their view, without any content. A public
 * revision of a subject that was public and live is compared with the version before, both as the
 * public is shown them: one that changed only what the public may not see (a restricted agenda
 * item) is `hidden`, as the notifier tells a public subscriber nothing of it; one whose only change
 * the public may see lies in links is `links`, decided when read. The previous version is read
 * from the log, not remembered, so delivery order does not matter.
 */
export function publicShowingOf(event: HubEvent, previous: HubEvent | undefined): PublicShowing {
  const wasPublic = previous !== undefined && previous.detail.visibility === 'public' && !isWithdrawal(previous.detailType);
  if (event.detail.visibility === 'partners') return { publicView: wasPublic ? 'restricted' : 'hidden' };
  // New to the public (made public, or published again after a withdrawal): a revision's changed
  // fields were measured against a version the public never saw, so they are not shown to it.
  if (!wasPublic) return listsChanges(event) ? { publicView: 'first' } : FULL;
  const owner = event.detail.organisationId;
  if (owner === null || !mayHideItsChange(event)) return FULL;
  const shown = (version: HubEvent, visible: ReadonlySet<string>) => {
    const { changedFields: _listed, ...data } = withoutHiddenLinks(version.detail.data as Record<string, unknown>, visible, owner);
    return canonicalJson(data);
  };
  const differsWith = (visible: ReadonlySet<string>) => shown(event, visible) !== shown(previous, visible);
  // Changed where no link is: the public sees it whatever it may see of other subjects.
  if (differsWith(new Set())) return FULL;
  const links = [...linksOf(event, owner), ...linksOf(previous, owner)].filter((link, index, all) => all.indexOf(link) === index);
  // Alike even with every link shown: what changed is only what the public never sees.
  if (!differsWith(new Set(links))) return { publicView: 'hidden' };
  // The links each of which shows a change on its own. When the others alone also show one (links
  // that only moved places), the public may see a change whichever it sees: shown, to be safe.
  const linksChanged = links.filter((link) => differsWith(new Set([link])));
  const others = new Set(links.filter((link) => !linksChanged.includes(link)));
  return linksChanged.length === 0 || differsWith(others) ? FULL : { publicView: 'links', linksChanged };
}

const FULL: PublicShowing = { publicView: 'full' };

/**
 * Whether a public event may change nothing the public sees: a revision (it lists changed fields)
 * of a body's content, which may have an agenda with restricted items or links to subjects the
 * public may not see. Any other event is shown whole, without reading the version before.
 */
function mayHideItsChange(event: HubEvent): boolean {
  return event.detail.organisationId !== null && listsChanges(event) && !isWithdrawal(event.detailType);
}

/** Whether an event lists the fields it changed (a revision). */
function listsChanges(event: HubEvent): boolean {
  const listed = (event.detail.data as { changedFields?: unknown }).changedFields;
  return Array.isArray(listed) && listed.length > 0;
}

/** The subjects an event's data links to, named as withoutHiddenLinks looks them up. */
const linksOf = (event: HubEvent, owner: string): string[] => linkedSubjects(event.detail.data, owner).map(linkKey);
