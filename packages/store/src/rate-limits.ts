/// <reference path="./rate-limiter-flexible.d.ts" />
// The reference makes the declarations travel with this file to every package that type-checks
// it through `@partnership-hub/store` (whose exports point at src/).

import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js';

/** At most `points` requests under one key in each window of `durationSeconds`, counted from the first. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

/** What a limiter answers for one more request: go ahead, or wait this many seconds. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts requests per key in fixed windows, in a store every process shares (the hub table in
 * Lambda, so the count holds across instances). A store that cannot count rejects with its error:
 * what to do then is the caller's decision, never silently "allowed".
 */
export interface RateLimiter {
  /** Counts one request under `key` and says whether it is within the limit. */
  consume(key: string): Promise<RateLimitDecision>;
  /** Gives back one request counted in the current window (a sign-in that succeeded); nothing once the window has ended. */
  refund(key: string): Promise<void>;
}

/** One key's counter: the requests counted in its window, and when the window ends (epoch seconds, the table's TTL). */
export interface RateLimitCounter {
  points: number;
  expiresAt: number;
  /** The clock's time when the counter was read or written, in ms: what `msBeforeNext` is measured from. */
  readAt: number;
}

export interface CounterStoreOptions {
  /** Which limit this is; counters of different limits never meet, even under the same key. */
  name: string;
  limit: RateLimit;
  clock: () => Date;
}

/**
 * rate-limiter-flexible's store interface (`_upsert`, `_get`, `_delete`, `_getRateLimiterRes`)
 * over the hub's own stores: the library keeps the limiting rules (points, refusal, reward), an
 * adapter keeps the counters. Its own DynamoDB store needs the aggregated DynamoDB client and a
 * table of its own; the hub's adapters use the document client and the hub table, and take the
 * time from the wiring's clock so a test can move it.
 */
export abstract class CounterStore extends RateLimiterStoreAbstract {
  protected readonly clock: () => Date;

  constructor(options: CounterStoreOptions) {
    if (!Number.isInteger(options.limit.points) || options.limit.points < 1)
      throw new Error(`Rate limit ${options.name}: points must be a whole number of at least 1`);
    if (!Number.isInteger(options.limit.durationSeconds) || options.limit.durationSeconds < 1)
      throw new Error(`Rate limit ${options.name}: the window must be a whole number of seconds, at least 1`);
    // The library's own stores keep their client in `storeClient`; each adapter here keeps its own.
    super({ keyPrefix: options.name, points: options.limit.points, duration: options.limit.durationSeconds, storeClient: undefined });
    this.clock = options.clock;
  }

  /**
   * Adds `points` (negative: gives back) to the key's counter. A positive change starts a new
   * window when there is none or it has ended; a negative one changes only an open window, and
   * never below zero.
   */
  protected abstract change(rlKey: string, points: number, msDuration: number): Promise<RateLimitCounter>;
  /** Sets the counter and starts its window anew (the library's `set` and `block`). */
  protected abstract replace(rlKey: string, points: number, msDuration: number): Promise<RateLimitCounter>;
  /** The counter while its window is open, else null. */
  protected abstract read(rlKey: string): Promise<RateLimitCounter | null>;
  /** Removes the counter: true if there was one. */
  protected abstract remove(rlKey: string): Promise<boolean>;

  _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<RateLimitCounter> {
    // A duration of 0 is the library's "never expires": the hub's limits always have a window.
    const window = msDuration > 0 ? msDuration : this.duration * 1000;
    return forceExpire ? this.replace(rlKey, points, window) : this.change(rlKey, points, window);
  }

  _get(rlKey: string): Promise<RateLimitCounter | null> {
    return this.read(rlKey);
  }

  _delete(rlKey: string): Promise<boolean> {
    return this.remove(rlKey);
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, counter: RateLimitCounter): RateLimiterRes {
    return new RateLimiterRes(
      Math.max(this.points - counter.points, 0),
      Math.max(counter.expiresAt * 1000 - counter.readAt, 0),
      counter.points,
      counter.points === changedPoints,
    );
  }

  /**
   * When a window that starts now ends: whole seconds, as the table's TTL attribute takes it,
   * rounded down so that no one is asked to wait longer than the window (windows are whole seconds,
   * so it still ends after now).
   */
  protected windowEnd(now: number, msDuration: number): number {
    return Math.floor((now + msDuration) / 1000);
  }
}

/** The library's limiter as the hub's port: a refusal is an answer, any other failure stays a failure. */
export function asRateLimiter(limiter: CounterStore): RateLimiter {
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
      }
    },
    async refund(key) {
      await limiter.reward(key);
    },
  };
}
