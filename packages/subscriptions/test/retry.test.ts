import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_DELAYS_MS,
  nextRetryDelayMs,
  parseRetryAfter,
  parseRetryDelays,
  RetryScheduleError,
  retryWindowMs,
  verdictFor,
} from '../src/index.ts';

describe('the retry schedule', () => {
  it('reads HUB_WEBHOOK_RETRY_DELAYS with units', () => {
    expect(parseRetryDelays('1s,2s,4s')).toEqual([1_000, 2_000, 4_000]);
    expect(parseRetryDelays(' 500ms, 1.5m ,2h,1d')).toEqual([500, 90_000, 7_200_000, 86_400_000]);
  });

  it('defaults to a production schedule that keeps trying for at least 24 hours', () => {
    expect(parseRetryDelays(undefined)).toEqual(DEFAULT_RETRY_DELAYS_MS);
    expect(parseRetryDelays('  ')).toEqual(DEFAULT_RETRY_DELAYS_MS);
    expect(retryWindowMs(DEFAULT_RETRY_DELAYS_MS)).toBeGreaterThanOrEqual(24 * 3_600_000);
    // Backing off: no wait is shorter than the one before it.
    expect([...DEFAULT_RETRY_DELAYS_MS].sort((a, b) => a - b)).toEqual(DEFAULT_RETRY_DELAYS_MS);
  });

  it('refuses a delay it cannot read, saying how to write one', () => {
    expect(() => parseRetryDelays('1s,soon')).toThrow(RetryScheduleError);
    expect(() => parseRetryDelays('10')).toThrow(/ms, s, m, h or d/);
  });

  it('adds at most ±20% jitter to the scheduled wait, and stops when the schedule is used up', () => {
    const delays = [1_000, 10_000];
    expect(nextRetryDelayMs(1, delays, 0)).toBe(800);
    expect(nextRetryDelayMs(1, delays, 0.999999)).toBe(1_200);
    expect(nextRetryDelayMs(2, delays, 0.5)).toBe(10_000);
    expect(nextRetryDelayMs(3, delays, 0.5)).toBeUndefined();
  });

  it('honours a Retry-After longer than the schedule, capped at a day, but never waits less than scheduled', () => {
    expect(nextRetryDelayMs(1, [1_000], 0.5, 60_000)).toBe(60_000);
    expect(nextRetryDelayMs(1, [1_000], 0.5, 10)).toBe(1_000);
    expect(nextRetryDelayMs(1, [1_000], 0.5, 7 * 86_400_000)).toBe(86_400_000);
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('reads delay-seconds and HTTP dates, and ignores anything else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('later', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('what an answer means', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [410, 'gone'],
    [500, 'retry'],
    [503, 'retry'],
    [429, 'retry'],
    [408, 'retry'],
    [undefined, 'retry'],
    [302, 'rejected'],
    [400, 'rejected'],
    [404, 'rejected'],
  ] as const)('%s → %s', (status, verdict) => {
    expect(verdictFor(status)).toBe(verdict);
  });
});
