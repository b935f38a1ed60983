import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deliveryTurn, PROJECTOR_RULE, RequestsFirst, type Turn } from '../src/local/requests-first.ts';

/**
 * The local run's rule that requests go before background work (the relay, the bus's deliveries),
 * on fake timers: what starts when, with requests in progress and without.
 */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A request in progress until the test answers it. */
function request(priority: RequestsFirst) {
  return { answer: priority.started() };
}

/** Background work asking for its turn; `started` says whether it has it yet. */
function background(priority: RequestsFirst) {
  const work: { started: boolean; how?: Turn } = { started: false };
  void priority.turn().then((how) => {
    work.started = true;
    work.how = how;
  });
  return work;
}

describe('requests first', () => {
  it('lets background work start at once when no request is being answered', async () => {
    const priority = new RequestsFirst({ maxWaitMs: 250, settleMs: 2 });
    const work = background(priority);

    await vi.advanceTimersByTimeAsync(0);

    expect(work).toEqual({ started: true, how: 'quiet' });
  });

  it('holds background work while requests are answered, and lets all of it through once they have paused', async () => {
    const priority = new RequestsFirst({ maxWaitMs: 250, settleMs: 2 });
    const first = request(priority);
    const second = request(priority);
    const works = [background(priority), background(priority), background(priority)];
    await vi.advanceTimersByTimeAsync(100);
    expect(works.map((work) => work.started)).toEqual([false, false, false]);
    expect(priority.stats()).toEqual({ requestsInProgress: 2, backgroundWaiting: 3 });

    first.answer();
    // Ending a request twice (a response closed after it was sent) counts once.
    first.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(works.map((work) => work.started)).toEqual([false, false, false]);

    second.answer();
    await vi.advanceTimersByTimeAsync(1);
    expect(works.map((work) => work.started)).toEqual([false, false, false]);
    await vi.advanceTimersByTimeAsync(20);
    expect(works.map((work) => work.started)).toEqual([true, true, true]);
    expect(priority.stats()).toEqual({ requestsInProgress: 0, backgroundWaiting: 0 });
    // Quiet again: the next piece goes at once.
    const later = background(priority);
    await vi.advanceTimersByTimeAsync(0);
    expect(later.started).toBe(true);
  });

  it("keeps background work waiting while each request follows the last one's answer within the settling time", async () => {
    const priority = new RequestsFirst({ maxWaitMs: 250, settleMs: 2 });
    let current = request(priority);
    const work = background(priority);

    for (let n = 0; n < 50; n++) {
      await vi.advanceTimersByTimeAsync(3);
      current.answer();
      await vi.advanceTimersByTimeAsync(1);
      current = request(priority);
    }

    // 200 ms of requests back to back: still waiting (its maxWaitMs is 250).
    expect(work.started).toBe(false);
    current.answer();
    await vi.advanceTimersByTimeAsync(20);
    expect(work.started).toBe(true);
  });

  it('keeps background work waiting when a request arrives after the settling time, before the event loop has turned', async () => {
    const priority = new RequestsFirst({ maxWaitMs: 250, settleMs: 2 });
    const first = request(priority);
    const work = background(priority);
    first.answer();

    // The settling timer has fired; a request read in the same turn of the loop (timers run before I/O) comes in.
    await vi.advanceTimersByTimeAsync(2);
    const late = request(priority);
    await vi.advanceTimersByTimeAsync(20);

    expect(work.started).toBe(false);
    late.answer();
    await vi.advanceTimersByTimeAsync(20);
    expect(work.started).toBe(true);
  });

  it('lets what has waited maxWaitMs through while requests never stop, marked overdue', async () => {
    const priority = new RequestsFirst({ maxWaitMs: 250, settleMs: 2 });
    const endless = request(priority);
    const first = [background(priority), background(priority)];

    await vi.advanceTimersByTimeAsync(100);
    const second = background(priority);
    await vi.advanceTimersByTimeAsync(149);
    expect([...first, second].map((work) => work.started)).toEqual([false, false, false]);
    await vi.advanceTimersByTimeAsync(1);
    // All that was waiting when the first had waited 250 ms goes at once.
    expect([...first, second].map((work) => work.how)).toEqual(['overdue', 'overdue', 'overdue']);

    const third = background(priority);
    await vi.advanceTimersByTimeAsync(200);
    expect(third.started).toBe(false);
    endless.answer();
    await vi.advanceTimersByTimeAsync(20);
    // The requests paused before it was overdue.
    expect(third.how).toBe('quiet');
    // Nothing left waiting: no timer left behind either.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a wait that is not positive and a settling time below zero', () => {
    expect(() => new RequestsFirst({ maxWaitMs: 0, settleMs: 2 })).toThrow('maxWaitMs must be positive');
    expect(() => new RequestsFirst({ maxWaitMs: 250, settleMs: -1 })).toThrow('settleMs must not be negative');
  });
});

describe("the bus's deliveries", () => {
  it("lets the projector's go at once while requests are answered, and holds the change feed's and the notifier's", async () => {
    // Arrange
    const priority = new RequestsFirst({ maxWaitMs: 250, settleMs: 2 });
    const turnOf = deliveryTurn(priority);
    const inProgress = request(priority);
    const started: string[] = [];

    // Act
    for (const rule of [PROJECTOR_RULE, 'changeFeed', 'notifier']) void turnOf(rule).then(() => started.push(rule));
    await vi.advanceTimersByTimeAsync(0);

    // Assert: only the projector's, until the request is answered and the requests have paused.
    expect(started).toEqual([PROJECTOR_RULE]);
    inProgress.answer();
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toEqual([PROJECTOR_RULE, 'changeFeed', 'notifier']);
  });
});
