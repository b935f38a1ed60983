import { asRateLimiter, CounterStore, type CounterStoreOptions, type RateLimitCounter, type RateLimiter } from '../rate-limits.ts';

/**
 * The counters in memory: the same contract as the DynamoDB counters (see
 * packages/store/test/contract), on the clock it is given, for unit tests. The library's
 * RateLimiterMemory would do for counting, but it reads the machine's clock and sets a timer per
 * key; this one keeps to the hub's clock, so a test moves time instead of waiting for it.
 */
export class InMemoryRateLimitCounters extends CounterStore {
  private readonly counters = new Map<string, { points: number; expiresAt: number }>();

  protected async change(rlKey: string, points: number, msDuration: number): Promise<RateLimitCounter> {
    const now = this.clock().getTime();
    const open = this.open(rlKey, now);
    // A refund changes only an open window, and never takes it below zero.
    if (open && open.points + points >= 0) {
      open.points += points;
      return { ...open, readAt: now };
    }
    if (points < 0) return { points: 0, expiresAt: Math.floor(now / 1000), readAt: now };
    const started = { points, expiresAt: this.windowEnd(now, msDuration) };
    this.counters.set(rlKey, started);
    return { ...started, readAt: now };
  }

  protected async replace(rlKey: string, points: number, msDuration: number): Promise<RateLimitCounter> {
    const now = this.clock().getTime();
    const counter = { points, expiresAt: this.windowEnd(now, msDuration) };
    this.counters.set(rlKey, counter);
    return { ...counter, readAt: now };
  }

  protected async read(rlKey: string): Promise<RateLimitCounter | null> {
    const now = this.clock().getTime();
    const open = this.open(rlKey, now);
    return open ? { ...open, readAt: now } : null;
  }

  protected async remove(rlKey: string): Promise<boolean> {
    return this.counters.delete(rlKey);
  }

  private open(rlKey: string, now: number): { points: number; expiresAt: number } | undefined {
    const counter = this.counters.get(rlKey);
    return counter && counter.expiresAt * 1000 > now ? counter : undefined;
  }
}

/** A limit counted in this process's memory. */
export function inMemoryRateLimiter(options: CounterStoreOptions): RateLimiter {
  return asRateLimiter(new InMemoryRateLimitCounters(options));
}
