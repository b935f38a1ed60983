import { describe, expect, it } from 'vitest';
import { singleFlight } from '../src/single-flight.ts';

/** A run that waits until the test lets it finish, counting how often it started. */
function heldRuns() {
  const releases: (() => void)[] = [];
  let started = 0;
  const run = async () => {
    const number = ++started;
    await new Promise<void>((resolve) => releases.push(resolve));
    return number;
  };
  const releaseAll = () => {
    for (const release of releases.splice(0)) release();
  };
  return { run, releaseAll, started: () => started };
}

describe('singleFlight', () => {
  it('starts a run at once when none is running', async () => {
    const runs = heldRuns();
    const relay = singleFlight(runs.run);

    relay.wake();

    expect(runs.started()).toBe(1);
    runs.releaseAll();
    await relay.idle();
    expect(runs.started()).toBe(1);
  });

  it('runs exactly once more, not once per wake-up, when woken many times during a run', async () => {
    const runs = heldRuns();
    const relay = singleFlight(runs.run);

    relay.wake();
    for (let wakeUp = 0; wakeUp < 20; wakeUp++) relay.wake();
    expect(runs.started()).toBe(1);

    runs.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.started()).toBe(2);
    for (let wakeUp = 0; wakeUp < 5; wakeUp++) relay.wake();
    runs.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    runs.releaseAll();
    await relay.idle();

    // The five wake-ups during the second run asked for one third run, no more.
    expect(runs.started()).toBe(3);
  });

  it('answers next() with a run that started after the call, never the one already under way', async () => {
    const runs = heldRuns();
    const relay = singleFlight(runs.run);
    relay.wake();

    const next = relay.next();
    const sameNext = relay.next();
    runs.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    runs.releaseAll();

    expect(await next).toBe(2);
    expect(await sameNext).toBe(2);
  });

  it('waits, in idle(), for the queued run as well as the running one', async () => {
    const runs = heldRuns();
    const relay = singleFlight(runs.run);
    relay.wake();
    relay.wake();
    let idle = false;
    const waiting = relay.idle().then(() => {
      idle = true;
    });

    runs.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    runs.releaseAll();
    await waiting;

    expect(idle).toBe(true);
    expect(runs.started()).toBe(2);
  });

  it('lets a failed run fail only its own next() callers: wake-ups never reject, and the next run runs', async () => {
    let attempt = 0;
    const relay = singleFlight(async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('the bus is down');
      return attempt;
    });

    await expect(relay.next()).rejects.toThrow('the bus is down');
    relay.wake();
    await relay.idle();

    expect(attempt).toBe(2);
    expect(await relay.next()).toBe(3);
  });
});
