import { canonicalJson, describeActor, eventWithoutHiddenLinks, linkableSubjects, linkedSubjects } from '@partnership-hub/domain';
import { matchesEventPattern } from '@partnership-hub/event-pattern';
import { type HubEvent, isWithdrawal, parseEventBridgeEvent } from '@partnership-hub/events';
import {
  type ChangeWordsInput,
  candidatePartitions,
  changeData,
  changeDeliveryId,
  changePayload,
  type Delivery,
  type IndexEntry,
  themesOf,
  withThemeFamilies,
} from '@partnership-hub/subscriptions';
import type { NotifierDeps } from './deps.ts';
import { madeWithRevokedKey } from './made-with-key.ts';

/**
 * Whether an index entry may hear about an event at all: the same area, and a partners-only
 * change only ever reaches a partners subscription. Checked BEFORE the pattern, so no pattern,
 * however written, can reach restricted content from a public subscription.
 */
export function mayReceive(entry: Pick<IndexEntry, 'areaId' | 'audience'>, event: HubEvent): boolean {
  if (entry.areaId !== event.detail.areaId) return false;
  return event.detail.visibility === 'public' || entry.audience === 'partners';
}

/**
 * Consumes a hub event from the bus and schedules one delivery per matching subscription.
 *
 * Reads only the index partitions the event could match (its area's catch-all and raw-pattern
 * partitions, its change type, its organisation and parties, its themes), then checks each
 * candidate exactly with its compiled pattern, then reads only the matched subscriptions. So
 * the work grows with the matches, not with the number of subscribers.
 *
 * Idempotent: the delivery id is derived from the event and the subscription, so a duplicate
 * bus delivery finds the delivery already stored and sends nothing twice.
 */
/** The fields a revision lists as changed (none for a first version or an event that lists none). */
const changedFieldsOf = (event: HubEvent): string[] => {
  const listed = (event.detail.data as { changedFields?: unknown }).changedFields;
  return Array.isArray(listed) ? (listed as string[]) : [];
};

export function createNotifier(deps: NotifierDeps) {
  return async function notify(raw: unknown): Promise<{ candidates: number; matched: number; scheduled: number }> {
    const event = parseEventBridgeEvent(raw);
    const { detail } = event;
    const state = detail.data as { themes?: string[]; parties?: string[]; from?: string; to?: string };
    // A meeting has no themes of its own: it is about those its unrestricted agenda items name,
    // and is matched (by partition and by pattern) as if it carried them.
    const themes = themesOf(detail.data as Record<string, unknown>);
    // What a public subscriber is sent and matched against: links only to priorities and plans the
    // public may see, a restricted agenda item only as its number, and of a revision only the fields
    // whose change the public sees (read once, if needed).
    let publicShowing: { shown: HubEvent; news: boolean } | undefined;
    const linksShown = (data: object, owner: string | null) => owner !== null && linkedSubjects(data, owner).length > 0;
    // Only an agenda, a link or the fields a revision lists can differ for the public: a change with
    // none of them is shown to it as it is, with nothing to read.
    const hidesNothing =
      !Array.isArray((detail.data as { agenda?: unknown }).agenda) &&
      !linksShown(detail.data as object, detail.organisationId) &&
      changedFieldsOf(event).length === 0;
    let visibleSubjects: ReadonlySet<string> | undefined;
    const publicSubjects = async () => {
      visibleSubjects ??= linkableSubjects(await deps.linkable(detail.areaId), 'public');
      return visibleSubjects;
    };
    /** The version as the public is shown it: its hidden links and restricted agenda items taken out, none read when it has neither. */
    const asPublic = async (version: HubEvent) =>
      Array.isArray((version.detail.data as { agenda?: unknown }).agenda) || linksShown(version.detail.data, version.detail.organisationId)
        ? eventWithoutHiddenLinks(version, await publicSubjects())
        : version;
    const listing = (shown: HubEvent, changedFields: string[]) =>
      ({ ...shown, detail: { ...shown.detail, data: { ...shown.detail.data, changedFields } } }) as HubEvent;
    /**
     * The change as the public is shown it, and whether it is news to them. A revision lists the
     * fields it changed: each is compared between this version and the one before, both as the
     * public is shown them, and one whose change lies only in what the public may not see (a
     * restricted agenda item's title, a link to a partners-only priority) is left out; a revision
     * none of whose changes the public sees is no news to it. When the public never saw the version
     * before (it was partners-only, or withdrawn), the subject is new to them: it is news, with no
     * fields listed, since what changed since a partners-only version is not theirs to know.
     */
    const showPublic = async (): Promise<{ shown: HubEvent; news: boolean }> => {
      const shown = await asPublic(event);
      const listed = changedFieldsOf(shown);
      if (listed.length === 0) return { shown, news: true };
      const before = await deps.previousVersion(event);
      if (before?.detail.visibility !== 'public' || isWithdrawal(before.detailType)) return { shown: listing(shown, []), news: true };
      const was = (await asPublic(before)).detail.data as Record<string, unknown>;
      const now = shown.detail.data as Record<string, unknown>;
      const changedFields = listed.filter((field) => canonicalJson(now[field]) !== canonicalJson(was[field]));
      return { shown: listing(shown, changedFields), news: changedFields.length > 0 };
    };
    const eventFor = async (audience: 'public' | 'partners'): Promise<HubEvent> => {
      if (audience === 'partners' || hidesNothing) return event;
      publicShowing ??= await showPublic();
      return publicShowing.shown;
    };
    const publicMatchable = async () => {
      publicShowing ??= await showPublic();
      return publicShowing.news ? matchableAs(publicShowing.shown) : undefined;
    };
    // A pattern sees the event as its subscriber would be sent it, so that no pattern of a public
    // subscription can test what the public may not read (a restricted item's title, a hidden link).
    const matchableAs = (shown: HubEvent) => ({
      ...(raw as Record<string, unknown>),
      detail: state.themes === undefined && themes.length > 0 ? { ...shown.detail, data: { ...shown.detail.data, themes } } : shown.detail,
    });
    const candidates = await deps.subscriptions.candidates(
      candidatePartitions({
        detailType: event.detailType,
        areaId: detail.areaId,
        organisationId: detail.organisationId,
        themes,
        // A request concerns both its raiser and the body it asks, as a protocol concerns its parties.
        parties: state.parties ?? [state.from, state.to].filter((id): id is string => id !== undefined),
      }),
    );
    const allowed = candidates.filter((entry) => mayReceive(entry, event));
    const asSent = state.themes === undefined && themes.length > 0 ? matchableAs(event) : raw;
    const matchable = {
      partners: asSent,
      public: hidesNothing ? asSent : allowed.some((entry) => entry.audience === 'public') ? await publicMatchable() : undefined,
    };
    const matches = allowed.filter(
      (entry) =>
        matchable[entry.audience] !== undefined && matchesEventPattern(withThemeFamilies(entry.pattern), matchable[entry.audience]),
    );
    let scheduled = 0;
    // Who did it and to which body, in words for each audience (read once, if anything matched): the
    // public reads "an editor of Safer Rotherham Partnership", never a person's name or address.
    let names: Awaited<ReturnType<NotifierDeps['names']>> | undefined;
    const wordsFor = async (audience: 'public' | 'partners'): Promise<ChangeWordsInput> => {
      names ??= await deps.names(detail.areaId);
      const nameOf = (organisationId: string) => names!.bodies.get(organisationId) ?? organisationId;
      return {
        by: describeActor(detail.actor, audience, nameOf),
        bodyName: detail.organisationId ? nameOf(detail.organisationId) : null,
        areaName: names.area,
      };
    };
    for (const entry of matches) {
      const subscription = await deps.subscriptions.get(entry.subscriptionId);
      // The index may briefly lag a change of status: the record decides.
      if (subscription?.status !== 'active' || !mayReceive(subscription, event)) continue;
      // A change from before the subscription was confirmed is not news to it, however late it arrives.
      if (subscription.activeSince && detail.occurredAt < subscription.activeSince) continue;
      if (await madeWithRevokedKey(deps.keyStatus, subscription)) {
        deps.logger.info('a partners subscription was sent nothing: the key that made it is revoked', {
          subscriptionId: subscription.id,
        });
        continue;
      }
      if (subscription.endpoint.kind === 'email' && subscription.endpoint.mode === 'daily-digest') {
        await deps.deliveries.addDigestEntry(subscription.id, {
          occurredAt: detail.occurredAt,
          eventId: detail.eventId,
          data: changeData(await eventFor(subscription.audience), deps.publicBaseUrl(), await wordsFor(subscription.audience)),
        });
        scheduled++;
        continue;
      }
      const now = deps.clock();
      const delivery: Delivery = {
        id: changeDeliveryId(detail.eventId, subscription.id),
        subscriptionId: subscription.id,
        purpose: 'change',
        status: 'pending',
        payload: changePayload(await eventFor(subscription.audience), deps.publicBaseUrl(), await wordsFor(subscription.audience)),
        attempts: 0,
        createdAt: now.toISOString(),
        nextAttemptAt: now.toISOString(),
      };
      if (await deps.deliveries.create(delivery)) {
        await deps.queue.enqueue(delivery.id, now);
        scheduled++;
      } else {
        // Seen before. If the earlier run stopped between storing and queueing, queue it now;
        // the worker sends a delivery only while it is pending, so queueing twice is harmless.
        const existing = await deps.deliveries.get(delivery.id);
        if (existing?.status === 'pending' && existing.attempts === 0) await deps.queue.enqueue(delivery.id, now);
      }
    }
    deps.logger.info('event matched', { eventId: detail.eventId, candidates: candidates.length, matched: matches.length, scheduled });
    return { candidates: candidates.length, matched: matches.length, scheduled };
  };
}
