import { gunzipSync, gzipSync } from 'node:zlib';
import { type Audience, type RecordOf, readStoredRecord, type ViewRecord } from '@partnership-hub/domain';
import type { SubjectType } from '@partnership-hub/events';
import { viewSk } from '../keys.ts';
import {
  type AreaEntry,
  byAreaName,
  type JointInputs,
  type JointViewTag,
  jointViewContentTag,
  type StoredJointView,
  type StoredTrackerList,
  storedJointView,
  type ViewStore,
} from '../view-store.ts';

interface StoredRecord {
  version: number;
  json: string;
}

interface JointViewEntry {
  revision: number;
  gzip: Uint8Array;
  asOf: string;
  contentTag: string;
}

/**
 * The projections in memory: the same contract as the DynamoDB store (see
 * packages/store/test/contract). Records are kept as JSON, as DynamoDB keeps them without its
 * undefined attributes, so a reader never holds the object a writer still has, and lists come in
 * the same key order (viewSk).
 */
export class InMemoryViewStore implements ViewStore {
  private readonly records = new Map<string, Map<string, StoredRecord>>();
  private readonly revisions = new Map<string, number>();
  private readonly jointViews = new Map<string, JointViewEntry>();
  /** The folded records of each area, as JSON, numbered by the area's revision. */
  private readonly inputs = new Map<string, string>();
  private readonly trackerLists = new Map<string, StoredTrackerList>();

  async put(record: ViewRecord): Promise<boolean> {
    const area = this.records.get(record.areaId) ?? new Map<string, StoredRecord>();
    const key = viewSk(record);
    const stored = area.get(key);
    if (stored && stored.version >= record.version) return false;
    area.set(key, { version: record.version, json: JSON.stringify(record) });
    this.records.set(record.areaId, area);
    return true;
  }

  async areas(): Promise<AreaEntry[]> {
    return [...this.records.values()]
      .map((area) => area.get(viewSk({ subjectType: 'area', organisationId: null, id: '' })))
      .filter((stored): stored is StoredRecord => stored !== undefined)
      .map((stored) => JSON.parse(stored.json) as RecordOf<'area'>)
      .map((record) => ({ areaId: record.areaId, name: record.state.name }))
      .sort(byAreaName);
  }

  async get<T extends SubjectType>(
    areaId: string,
    subjectType: T,
    organisationId: string | null,
    id: string,
  ): Promise<RecordOf<T> | undefined> {
    const stored = this.records.get(areaId)?.get(viewSk({ subjectType, organisationId, id }));
    return stored ? readStoredRecord(JSON.parse(stored.json) as RecordOf<T>) : undefined;
  }

  async list<T extends SubjectType>(areaId: string, filter?: { subjectType: T; organisationId?: string }): Promise<RecordOf<T>[]> {
    const prefix = filter ? (filter.organisationId ? `${filter.subjectType}#${filter.organisationId}#` : `${filter.subjectType}#`) : '';
    return [...(this.records.get(areaId) ?? new Map<string, StoredRecord>()).entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, stored]) => readStoredRecord(JSON.parse(stored.json) as RecordOf<T>));
  }

  async latestJointRevision(areaId: string): Promise<number> {
    return this.revisions.get(areaId) ?? 0;
  }

  async jointInputs(areaId: string): Promise<JointInputs> {
    const json = this.inputs.get(areaId);
    return { revision: this.revisions.get(areaId) ?? 0, records: json === undefined ? undefined : (JSON.parse(json) as ViewRecord[]) };
  }

  async putJointInputs(
    areaId: string,
    expected: number,
    records: readonly ViewRecord[],
    encoded: string | Uint8Array = JSON.stringify(records),
  ): Promise<number | undefined> {
    if ((this.revisions.get(areaId) ?? 0) !== expected) return undefined;
    this.revisions.set(areaId, expected + 1);
    // Kept as the text, gzipped or not, so that what a caller compressed is read back as DynamoDB would read it.
    this.inputs.set(areaId, typeof encoded === 'string' ? encoded : gunzipSync(encoded).toString('utf8'));
    return expected + 1;
  }

  async putJointView(areaId: string, audience: Audience, revision: number, body: string | Uint8Array, asOf: string): Promise<boolean> {
    const key = `${areaId}#${audience}`;
    const stored = this.jointViews.get(key);
    if (stored && stored.revision >= revision) return false;
    const gzip = typeof body === 'string' ? gzipSync(body) : body;
    this.jointViews.set(key, { revision, gzip, asOf, contentTag: jointViewContentTag(gzip) });
    return true;
  }

  async jointView(areaId: string, audience: Audience): Promise<StoredJointView | undefined> {
    const stored = this.jointViews.get(`${areaId}#${audience}`);
    return stored ? storedJointView(stored.revision, stored.gzip, stored.asOf, stored.contentTag) : undefined;
  }

  async jointViewTag(areaId: string, audience: Audience): Promise<JointViewTag | undefined> {
    const stored = this.jointViews.get(`${areaId}#${audience}`);
    return stored ? { revision: stored.revision, asOf: stored.asOf, contentTag: stored.contentTag } : undefined;
  }

  async putTrackerList(areaId: string, audience: Audience, revision: number, body: string): Promise<boolean> {
    const key = `${areaId}#${audience}`;
    const stored = this.trackerLists.get(key);
    if (stored && stored.revision >= revision) return false;
    this.trackerLists.set(key, { revision, body });
    return true;
  }

  async trackerList(areaId: string, audience: Audience): Promise<StoredTrackerList | undefined> {
    const stored = this.trackerLists.get(`${areaId}#${audience}`);
    return stored ? { ...stored } : undefined;
  }
}
