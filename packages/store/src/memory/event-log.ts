import { type RecordOf, type StreamHead, toViewRecord, VersionConflictError } from '@partnership-hub/domain';
import { type HubEvent, parseHubEvent, type SubjectType } from '@partnership-hub/events';
import { DEFAULT_AREA_EVENTS_PAGE, DEFAULT_OUTBOX_READ, type EventLog, type HeadGuess, outboxPosition } from '../event-log.ts';
import { logAreaPrefix, logPk, logPkParts, type SubjectRef, subjectRef } from '../keys.ts';

interface Entry {
  detailType: string;
  /** Kept as JSON, as the DynamoDB log keeps it: every read answers a fresh, re-parsed copy. */
  detail: string;
  /** Set while the event waits in the outbox. */
  outbox?: string;
}

/**
 * The event log in memory, for unit tests and anything else that runs in one process: the same
 * contract as the DynamoDB log (see packages/store/test/contract). Each operation runs without
 * awaiting in between, so on one event loop it is atomic: the version check and the write of an
 * append cannot be interleaved by another append.
 */
export class InMemoryEventLog implements EventLog {
  private readonly streams = new Map<string, Map<number, Entry>>();

  async head<TState>(ref: SubjectRef): Promise<StreamHead<TState> | undefined> {
    const event = this.latest(ref);
    return event && { version: event.detail.subject.version, detailType: event.detailType, state: toViewRecord(event).state as TState };
  }

  async current<T extends SubjectType>(ref: SubjectRef & { subjectType: T }): Promise<RecordOf<T> | undefined> {
    const event = this.latest(ref);
    return event && (toViewRecord(event) as RecordOf<T>);
  }

  private latest(ref: SubjectRef): HubEvent | undefined {
    const stream = this.streams.get(logPk(ref));
    if (!stream || stream.size === 0) return undefined;
    return toEvent(stream.get(Math.max(...stream.keys()))!);
  }

  /** Every head is at hand in memory: the guesses are not needed. */
  async heads<TState>(subjects: readonly HeadGuess[]): Promise<(StreamHead<TState> | undefined)[]> {
    return Promise.all(subjects.map(({ ref }) => this.head<TState>(ref)));
  }

  async isHead(subjects: readonly { ref: SubjectRef; version: number }[]): Promise<boolean[]> {
    return Promise.all(subjects.map(async ({ ref, version }) => ((await this.head(ref))?.version ?? 0) === version));
  }

  async stream(ref: SubjectRef): Promise<HubEvent[]> {
    const stream = this.streams.get(logPk(ref)) ?? new Map<number, Entry>();
    return [...stream.entries()].sort(([a], [b]) => a - b).map(([, entry]) => toEvent(entry));
  }

  async get(ref: SubjectRef, version: number): Promise<HubEvent | undefined> {
    const entry = this.streams.get(logPk(ref))?.get(version);
    return entry ? toEvent(entry) : undefined;
  }

  async append(event: HubEvent): Promise<void> {
    const checked = parseHubEvent(event.detailType, event.detail);
    const { detail } = checked;
    const key = logPk(subjectRef(detail));
    const stream = this.streams.get(key) ?? new Map<number, Entry>();
    if (stream.has(detail.subject.version)) {
      throw new VersionConflictError(
        `${detail.subject.type} ${detail.subject.id} was changed by someone else at the same time: fetch it again and reapply your change`,
        undefined,
      );
    }
    stream.set(detail.subject.version, { detailType: checked.detailType, detail: JSON.stringify(detail), outbox: outboxPosition(checked) });
    this.streams.set(key, stream);
  }

  async markPublished(event: HubEvent): Promise<void> {
    const entry = this.streams.get(logPk(subjectRef(event.detail)))?.get(event.detail.subject.version);
    if (entry) delete entry.outbox;
  }

  async unpublished(before: string, limit = DEFAULT_OUTBOX_READ): Promise<HubEvent[]> {
    const waiting: { outbox: string; entry: Entry }[] = [];
    for (const stream of this.streams.values()) {
      for (const entry of stream.values()) {
        if (entry.outbox !== undefined && entry.outbox < before) waiting.push({ outbox: entry.outbox, entry });
      }
    }
    // The same byte-wise order as the DynamoDB outbox index's sort key.
    waiting.sort((a, b) => (a.outbox < b.outbox ? -1 : a.outbox > b.outbox ? 1 : 0));
    return waiting.slice(0, limit).map(({ entry }) => toEvent(entry));
  }

  async *areaEvents(areaId: string, { pageSize = DEFAULT_AREA_EVENTS_PAGE }: { pageSize?: number } = {}): AsyncIterable<HubEvent[]> {
    // Taken all at once, before the first page is answered: appends made while a reader goes through the pages do not move it.
    const entries = [...this.streams.entries()]
      .filter(([key]) => key.startsWith(logAreaPrefix(areaId)))
      .flatMap(([, stream]) => [...stream.values()]);
    for (let start = 0; start < entries.length; start += pageSize) yield entries.slice(start, start + pageSize).map(toEvent);
  }

  async areas(): Promise<string[]> {
    const areas = [...this.streams.keys()].map(logPkParts).filter((parts) => parts?.subjectType === 'area');
    return [...new Set(areas.map((parts) => parts!.areaId))].sort();
  }
}

function toEvent(entry: Entry): HubEvent {
  return parseHubEvent(entry.detailType, JSON.parse(entry.detail));
}
