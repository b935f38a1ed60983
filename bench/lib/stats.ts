/** Latency statistics for the benchmark: nearest-rank percentiles over recorded samples (ms). */

export interface LatencySummary {
  count: number;
  minMs: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Rounds to 2 decimals: figures are ms, and sub-10 µs digits are noise. */
export const round = (value: number, places = 2): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

/**
 * The p-th percentile (0 < p <= 100) by the nearest-rank method: the smallest sample such
 * that at least p% of samples are at or below it. Always an observed value, never interpolated.
 * `sorted` must be sorted ascending. Undefined for no samples.
 */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], not ${p}`);
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => {
    const value = percentile(sorted, p);
    return value === undefined ? null : round(value);
  };
  const mean = sorted.length === 0 ? null : round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length);
  return {
    count: sorted.length,
    minMs: sorted.length === 0 ? null : round(sorted[0]!),
    meanMs: mean,
    p50Ms: at(50),
    p90Ms: at(90),
    p99Ms: at(99),
    maxMs: sorted.length === 0 ? null : round(sorted[sorted.length - 1]!),
  };
}

/** Counts of a key (e.g. error kinds), for the report. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }

  addAll(other: Tally): void {
    for (const [key, count] of Object.entries(other.toJSON())) this.add(key, count);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
