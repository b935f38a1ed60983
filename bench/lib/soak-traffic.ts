/**
 * The soak's traffic: which request the n-th arrival is (eight reads and two writes in every ten),
 * what each kind asks for, the writes the hub acknowledged, and the check afterwards that every one
 * of them can be read back.
 */
import { performance } from 'node:perf_hooks';
import { errorKindOf, exchange, type RequestSpec, sleep } from './load.ts';

export const KINDS = [
  'read:joint-view',
  'read:priority',
  'read:change-feed',
  'read:atom',
  'read:page',
  'write:new-priority',
  'write:revised-priority',
] as const;
export type Kind = (typeof KINDS)[number];

/** Every ten arrivals: 8 reads (joint view and a priority twice, change feed, Atom, a page) and 2 writes (one new, one revision). */
const CYCLE: Kind[] = [
  'read:joint-view',
  'read:priority',
  'write:new-priority',
  'read:change-feed',
  'read:atom',
  'read:joint-view',
  'read:priority',
  'write:revised-priority',
  'read:page',
  'read:change-feed',
];
const kindOf = (n: number): Kind => CYCLE[n % CYCLE.length]!;

/** A body's key, and the body it writes for. */
export interface Writer {
  organisationId: string;
  key: string;
}

interface AcknowledgedWrite {
  organisationId: string;
  id: string;
  version: number;
  title: string;
}

export interface SoakTarget {
  url: string;
  areaId: string;
  writers: Writer[];
  /** Run id: every priority the soak writes has it in its id, so that a run never revises another's. */
  run: string;
}

/** Builds the n-th request of each kind, and records what the hub acknowledged. */
export class SoakTraffic {
  private readonly acknowledged: AcknowledgedWrite[] = [];
  /** The soak's own priorities, once created: revisions go round them (never the hub's own content). */
  private readonly created: { organisationId: string; id: string; writer: Writer }[] = [];
  private changeCursor: string | undefined;

  private constructor(
    private readonly target: SoakTarget,
    /** Public priorities of the area, to read. */
    private readonly readablePriorities: string[],
    private readonly themes: string[],
  ) {}

  /** Finds what there is to read in the area (its public priorities) and the themes to write with. */
  static async prepare(target: SoakTarget): Promise<SoakTraffic> {
    const area = await json<{ organisations: { id: string }[] }>(`${target.url}/v1/areas/${target.areaId}`);
    const readable: string[] = [];
    for (const organisation of area.organisations) {
      const path = `/v1/areas/${target.areaId}/organisations/${organisation.id}/priorities`;
      const { priorities } = await json<{ priorities: { id: string }[] }>(`${target.url}${path}`);
      readable.push(...priorities.map((priority) => `${path}/${priority.id}`));
    }
    if (readable.length === 0) throw new Error(`${target.areaId} has no public priority to read`);
    const { themes } = await json<{ themes: { slug: string }[] }>(`${target.url}/v1/themes`);
    return new SoakTraffic(
      target,
      readable,
      themes.slice(0, 3).map((theme) => theme.slug),
    );
  }

  /** Sends the n-th arrival's request and answers its kind, status and latency. */
  async send(n: number): Promise<{ kind: Kind; status: number; latencyMs: number; error?: string }> {
    // Until the soak has a priority of its own, a revision is a new one: it never revises the hub's content.
    const kind = kindOf(n) === 'write:revised-priority' && this.created.length === 0 ? 'write:new-priority' : kindOf(n);
    const { url, areaId } = this.target;
    let spec: RequestSpec;
    let onSuccess: ((text: string) => void) | undefined;
    switch (kind) {
      case 'read:joint-view':
        spec = { url: `${url}/v1/areas/${areaId}/joint-priorities` };
        break;
      case 'read:priority':
        spec = { url: `${url}${this.readablePriorities[n % this.readablePriorities.length]}` };
        break;
      case 'read:change-feed': {
        // A follower of the feed: from the cursor the last answer gave, as a mirror would poll.
        const after = this.changeCursor ? `&after=${encodeURIComponent(this.changeCursor)}` : '';
        spec = { url: `${url}/v1/areas/${areaId}/changes?limit=100${after}` };
        onSuccess = (text) => {
          this.changeCursor = (JSON.parse(text) as { cursor: string }).cursor;
        };
        break;
      }
      case 'read:atom':
        spec = { url: `${url}/v1/areas/${areaId}/feed.atom` };
        break;
      case 'read:page':
        spec = { url: `${url}/areas/${areaId}` };
        break;
      case 'write:new-priority':
      case 'write:revised-priority': {
        const revising = kind === 'write:revised-priority' ? this.created[n % this.created.length] : undefined;
        const writer = revising?.writer ?? this.target.writers[n % this.target.writers.length]!;
        const id = revising?.id ?? `soak-${this.target.run}-${n}`;
        const title = `Soak ${this.target.run}, write ${n}`;
        spec = {
          url: `${url}/v1/areas/${areaId}/organisations/${writer.organisationId}/priorities/${id}`,
          init: {
            method: 'PUT',
            headers: { authorization: `Bearer ${writer.key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title, themes: [this.themes[n % this.themes.length]], visibility: 'public' }),
          },
        };
        onSuccess = (text) => {
          const { version } = JSON.parse(text) as { version: number };
          this.acknowledged.push({ organisationId: writer.organisationId, id, version, title });
          if (!revising) this.created.push({ organisationId: writer.organisationId, id, writer });
        };
        break;
      }
    }
    const result = await exchange(spec, { readText: onSuccess !== undefined });
    const error = errorKindOf(result);
    if (error === undefined) onSuccess?.(result.text);
    return { kind, status: result.status, latencyMs: result.latencyMs, ...(error === undefined ? {} : { error }) };
  }

  get acknowledgedWrites(): number {
    return this.acknowledged.length;
  }

  /**
   * Counts the acknowledged writes that can be read back: each is in the change feed at its version
   * with its title, and its priority reads at that version or a later one. Reads are eventually
   * consistent, so it looks again until all are found or `withinMs` has passed.
   */
  async verify(withinMs: number): Promise<{ verified: number; notVerified: string[]; tookMs: number }> {
    const started = performance.now();
    let unverified = [...this.acknowledged];
    while (unverified.length > 0) {
      // A hub still catching up may answer slowly: a read that fails is tried again on the next round.
      const inFeed = await this.changesByVersion().catch(() => new Map<string, unknown>());
      const stillMissing: AcknowledgedWrite[] = [];
      for (const write of unverified) {
        const read = await exchange(
          { url: `${this.target.url}/v1/areas/${this.target.areaId}/organisations/${write.organisationId}/priorities/${write.id}` },
          { readText: true },
        );
        const readable = errorKindOf(read) === undefined && (JSON.parse(read.text) as { version: number }).version >= write.version;
        if (!readable || inFeed.get(`${write.organisationId}/${write.id}@${write.version}`) !== write.title) stillMissing.push(write);
      }
      unverified = stillMissing;
      if (unverified.length === 0 || performance.now() - started > withinMs) break;
      await sleep(500);
    }
    return {
      verified: this.acknowledged.length - unverified.length,
      notVerified: unverified.slice(0, 10).map((write) => `${write.organisationId}/${write.id}@${write.version}`),
      tookMs: Math.round(performance.now() - started),
    };
  }

  /** The whole public change feed: each priority change's title, by body, priority and version. */
  private async changesByVersion(): Promise<Map<string, unknown>> {
    const titles = new Map<string, unknown>();
    let after = '';
    for (;;) {
      const page = await json<{ changes: Change[]; cursor: string }>(
        `${this.target.url}/v1/areas/${this.target.areaId}/changes?limit=1000${after}`,
      );
      for (const change of page.changes) {
        if (change.subject.type === 'priority')
          titles.set(`${change.organisationId}/${change.subject.id}@${change.subject.version}`, change.data?.title);
      }
      if (page.changes.length === 0) return titles;
      after = `&after=${encodeURIComponent(page.cursor)}`;
    }
  }
}

interface Change {
  organisationId: string | null;
  subject: { type: string; id: string; version: number };
  data?: { title?: unknown };
}

async function json<T>(url: string): Promise<T> {
  const result = await exchange({ url }, { readText: true });
  const error = errorKindOf(result);
  if (error) throw new Error(`GET ${url} answered ${error}`);
  return JSON.parse(result.text) as T;
}
