import { type HubEvent, parseHubEvent } from '@partnership-hub/events';
import type { ChangeFeed, FeedEntry, PublicView } from '../change-feed.ts';

interface Slot {
  eventId: string;
  detailType: string;
  /** Kept as JSON, as the DynamoDB feed keeps it: every read answers a fresh, re-parsed copy. */
  detail: string;
  publicView: PublicView;
  linksChanged?: string[];
}

/**
 * Each area's change feed in memory: the same contract as the DynamoDB feed (see
 * packages/store/test/contract). The DynamoDB feed needs a claim per event and conditional slot
 * writes because its appenders run in many processes and may crash between two writes; here an
 * append reads the claims, takes the next slot and records its claim without awaiting in between,
 * so on one event loop it cannot be interleaved or left half done, and the order is gap-free and
 * each event is in it once by construction.
 */
export class InMemoryChangeFeed implements ChangeFeed {
  /** Each area's slots: the entry at index i has sequence i + 1. */
  private readonly slots = new Map<string, Slot[]>();
  /** Each area's claims: the sequence each event holds. */
  private readonly claimsByArea = new Map<string, Map<string, number>>();

  async append(
    event: HubEvent,
    publicView: PublicView,
    linksChanged?: readonly string[],
  ): Promise<{ sequence: number; appended: boolean }> {
    const { areaId, eventId } = event.detail;
    const claims = this.claimsOf(areaId);
    const claimed = claims.get(eventId);
    if (claimed !== undefined) return { sequence: claimed, appended: false };
    const slots = this.slots.get(areaId) ?? [];
    slots.push({
      eventId,
      detailType: event.detailType,
      detail: JSON.stringify(event.detail),
      publicView,
      ...(linksChanged ? { linksChanged: [...linksChanged] } : {}),
    });
    claims.set(eventId, slots.length);
    this.slots.set(areaId, slots);
    return { sequence: slots.length, appended: true };
  }

  async lastSequence(areaId: string): Promise<number> {
    return this.slots.get(areaId)?.length ?? 0;
  }

  async read(
    areaId: string,
    after: number,
    limit: number,
    accept: (entry: FeedEntry) => boolean = () => true,
  ): Promise<{ entries: FeedEntry[]; examined: number }> {
    const entries: FeedEntry[] = [];
    let examined = after;
    const slots = this.slots.get(areaId) ?? [];
    for (let sequence = Math.max(after, 0) + 1; sequence <= slots.length; sequence++) {
      const entry = toEntry(sequence, slots[sequence - 1]!);
      examined = sequence;
      if (accept(entry)) entries.push(entry);
      if (entries.length >= limit) break;
    }
    return { entries, examined };
  }

  async byEventId(areaId: string, eventId: string): Promise<FeedEntry | undefined> {
    const sequence = this.claimsOf(areaId).get(eventId);
    return sequence === undefined ? undefined : toEntry(sequence, this.slots.get(areaId)![sequence - 1]!);
  }

  async claims(areaId: string): Promise<Map<string, number>> {
    return new Map(this.claimsOf(areaId));
  }

  /** Here a claim and its slot are written together and cannot be lost apart, so there is never one to restore; the checks are the contract's. */
  async restoreClaim(areaId: string, eventId: string, sequence: number): Promise<boolean> {
    const claims = this.claimsOf(areaId);
    if (claims.has(eventId) || this.slots.get(areaId)?.[sequence - 1]?.eventId !== eventId) return false;
    claims.set(eventId, sequence);
    return true;
  }

  private claimsOf(areaId: string): Map<string, number> {
    const claims = this.claimsByArea.get(areaId) ?? new Map<string, number>();
    this.claimsByArea.set(areaId, claims);
    return claims;
  }
}

function toEntry(sequence: number, slot: Slot): FeedEntry {
  return {
    sequence,
    event: parseHubEvent(slot.detailType, JSON.parse(slot.detail)),
    publicView: slot.publicView,
    ...(slot.linksChanged ? { linksChanged: [...slot.linksChanged] } : {}),
  };
}
