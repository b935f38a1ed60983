import { beforeEach, describe, expect, it } from 'vitest';
import type { CounterStoreOptions, RateLimiter } from '../../src/index.ts';

/** A clock the test moves: windows end when the test says, never by waiting. */
export function movableClock(start = '2026-03-01T09:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    advanceSeconds: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

/**
 * What every rate limiter's counters must do, whatever they keep them in. `makeLimiters` gives
 * limiters over one fresh store: two limiters made from the same call share it.
 */
export function describeRateLimiterContract(name: string, makeLimiters: () => Promise<(options: CounterStoreOptions) => RateLimiter>) {
  describe(`${name}: the rate limiter contract`, () => {
    let limiterOver: (options: CounterStoreOptions) => RateLimiter;
    let time: ReturnType<typeof movableClock>;
    beforeEach(async () => {
      limiterOver = await makeLimiters();
      time = movableClock();
    });
    const fivePerHour = () => limiterOver({ name: 'confirmation-emails', limit: { points: 5, durationSeconds: 3600 }, clock: time.clock });

    it('allows up to the limit under one key, then refuses with the seconds left in the window', async () => {
      const limiter = fivePerHour();
      for (let request = 1; request <= 5; request++)
        expect(await limiter.consume('someone@example.org'), `request ${request}`).toEqual({ allowed: true });

      time.advanceSeconds(600);
      expect(await limiter.consume('someone@example.org')).toEqual({ allowed: false, retryAfterSeconds: 3000 });
      expect(await limiter.consume('someone@example.org')).toEqual({ allowed: false, retryAfterSeconds: 3000 });
    });

    it('never asks anyone to wait longer than the window, whenever within a second it starts', async () => {
      const limiter = limiterOver({ name: 'sign-in-attempts', limit: { points: 1, durationSeconds: 900 }, clock: time.clock });
      time.advanceSeconds(0.999);
      await limiter.consume('client');

      const refused = await limiter.consume('client');

      expect(refused).toEqual({ allowed: false, retryAfterSeconds: 900 });
    });

    it('counts each key apart', async () => {
      const limiter = fivePerHour();
      for (let request = 1; request <= 6; request++) await limiter.consume('someone@example.org');

      expect(await limiter.consume('someone-else@example.org')).toEqual({ allowed: true });
    });

    it('counts each limit apart, even under the same key', async () => {
      const emails = fivePerHour();
      const signIns = limiterOver({ name: 'sign-in-attempts', limit: { points: 1, durationSeconds: 900 }, clock: time.clock });
      for (let request = 1; request <= 5; request++) await emails.consume('127.0.0.1');

      expect(await signIns.consume('127.0.0.1')).toEqual({ allowed: true });
      expect(await signIns.consume('127.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 900 });
      expect(await emails.consume('127.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 3600 });
    });

    it('starts a new window once the last one has ended, refused requests included', async () => {
      const limiter = fivePerHour();
      for (let request = 1; request <= 8; request++) await limiter.consume('someone@example.org');

      time.advanceSeconds(3599);
      expect(await limiter.consume('someone@example.org')).toEqual({ allowed: false, retryAfterSeconds: 1 });
      time.advanceSeconds(1);
      for (let request = 1; request <= 5; request++)
        expect(await limiter.consume('someone@example.org'), `request ${request}`).toEqual({ allowed: true });
      expect(await limiter.consume('someone@example.org')).toEqual({ allowed: false, retryAfterSeconds: 3600 });
    });

    it('counts requests made at the same moment one by one: no more than the limit get through', async () => {
      const limiter = fivePerHour();

      const decisions = await Promise.all(Array.from({ length: 12 }, () => limiter.consume('someone@example.org')));

      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    });

    it('gives a request back within its window, never below none, and never into the next window', async () => {
      const limiter = limiterOver({ name: 'sign-in-attempts', limit: { points: 2, durationSeconds: 900 }, clock: time.clock });
      await limiter.consume('client');
      await limiter.consume('client');
      await limiter.refund('client');
      await limiter.refund('client');
      await limiter.refund('client'); // nothing left to give back

      expect(await limiter.consume('client')).toEqual({ allowed: true });
      expect(await limiter.consume('client')).toEqual({ allowed: true });
      expect(await limiter.consume('client')).toEqual({ allowed: false, retryAfterSeconds: 900 });

      time.advanceSeconds(900);
      await limiter.refund('client'); // the window is over: no credit carried into the next one
      expect(await limiter.consume('client')).toEqual({ allowed: true });
      expect(await limiter.consume('client')).toEqual({ allowed: true });
      expect(await limiter.consume('client')).toMatchObject({ allowed: false });
    });
  });
}
