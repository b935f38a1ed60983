/**
 * Requests first, background work after: the local run's one process serves people's requests and
 * also does what AWS does in functions of their own (the log relay, the bus's deliveries to the
 * projector, the change feed and the notifier). Each piece of that background work but the
 * projector's deliveries (deliveryTurn, below) waits for its turn here: at once when no request is
 * being served, and otherwise until the requests in progress are answered and no other has come for
 * `settleMs` (and a few turns of the event loop after). So a burst of requests is answered at the
 * speed of the request path alone, and the views catch up as soon as it ends, instead of each
 * request sharing the event loop and the embedded DynamoDB with the twenty-odd table calls its event
 * makes downstream. The settling time tells a client sending
 * request after request from one that pauses, as a person does, or a reader polling every few
 * milliseconds: a pause of a few milliseconds is enough to let the work through.
 *
 * Background work never stops for good: while requests keep coming with no pause between them (a
 * long bulk import, a script sending request after request), once the oldest piece waiting has
 * waited `maxWaitMs`, everything waiting goes anyway, marked `overdue` so that a relay run let
 * through that way sends only a little: the views then move in steps behind such a client, instead
 * of only once it stops. Nothing is dropped either way: what waits is an outbox run or a delivery
 * the bus has journaled, and a stop still runs or journals it.
 *
 * Written here rather than taken from a library: it is a counter, a queue and two timers, and its
 * rule (requests being served, not CPU or event-loop delay) is specific to this wiring.
 */

/** How a piece of background work got its turn: requests had paused, or it had waited `maxWaitMs` while they kept coming. */
export type Turn = 'quiet' | 'overdue';

/** Turns of the event loop that must pass with no request started, after the settling time, before background work goes. */
const SETTLING_TURNS = 3;

export class RequestsFirst {
  private inProgress = 0;
  /** No request in progress, and none for `settleMs`: background work goes at once. */
  private quiet = true;
  private readonly waiting: ((turn: Turn) => void)[] = [];
  private settling: ReturnType<typeof setTimeout> | undefined;
  private settlingTurn: ReturnType<typeof setImmediate> | undefined;
  private overdue: ReturnType<typeof setTimeout> | undefined;
  private readonly maxWaitMs: number;
  private readonly settleMs: number;

  constructor(options: { maxWaitMs: number; settleMs: number }) {
    if (!(options.maxWaitMs > 0)) throw new Error('maxWaitMs must be positive');
    if (!(options.settleMs >= 0)) throw new Error('settleMs must not be negative');
    this.maxWaitMs = options.maxWaitMs;
    this.settleMs = options.settleMs;
  }

  /**
   * Counts a request as in progress until the returned function is called (more than once is the
   * same as once). The wiring calls it as the server reads a request's headers and ends it when the
   * response is closed, sent or cut off, so a request that never finishes is not counted for ever.
   */
  started(): () => void {
    this.inProgress += 1;
    this.quiet = false;
    clearTimeout(this.settling);
    clearImmediate(this.settlingTurn);
    this.settling = undefined;
    this.settlingTurn = undefined;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inProgress -= 1;
      if (this.inProgress === 0) this.settling = setTimeout(() => this.settleAfterTurns(SETTLING_TURNS), this.settleMs);
    };
  }

  /**
   * Resolves when it is a piece of background work's turn: at once when requests are quiet. It
   * answers how: a piece let through while requests keep coming (`overdue`) should be small.
   */
  turn(): Promise<Turn> {
    if (this.quiet) return Promise.resolve('quiet');
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.overdue ??= setTimeout(() => this.letThroughOverdue(), this.maxWaitMs);
    });
  }

  /** Requests in progress and background work waiting now. */
  stats(): { requestsInProgress: number; backgroundWaiting: number } {
    return { requestsInProgress: this.inProgress, backgroundWaiting: this.waiting.length };
  }

  /**
   * The settling time is over, but on a busy event loop a timer can fire before the loop has read
   * the requests that arrived meanwhile (timers run before I/O in each turn of the loop). So quiet
   * is declared only after a few more turns, each of which reads what has arrived, start no request.
   */
  private settleAfterTurns(turns: number): void {
    this.settling = undefined;
    this.settlingTurn = setImmediate(() => {
      this.settlingTurn = undefined;
      if (turns > 1) this.settleAfterTurns(turns - 1);
      else this.settle();
    });
  }

  private settle(): void {
    this.quiet = true;
    clearTimeout(this.overdue);
    this.overdue = undefined;
    for (const resolve of this.waiting.splice(0)) resolve('quiet');
  }

  /**
   * The oldest piece waiting has waited `maxWaitMs` while requests kept coming: everything waiting
   * goes now, as `overdue` (so a relay run sends only a little).
   */
  private letThroughOverdue(): void {
    this.overdue = undefined;
    for (const resolve of this.waiting.splice(0)) resolve('overdue');
  }
}

/** The bus rule whose deliveries go at once (see deliveryTurn). */
export const PROJECTOR_RULE = 'projector';

/**
 * The turn of each delivery the bus makes, by rule: the projector's go at once, since they are what
 * makes a change show in the views; the change feed's and the notifier's, which no one watches by the
 * millisecond, wait behind requests. Held like the others, a change at 20 writes/s with a reader
 * polling the joint view waited for a pause in the reads at each step, and reached the joint view
 * p99 92-219 ms after its PUT (four bench runs); not held, 69-90 ms (three runs), with the PUT during
 * a burst at 0.54-0.70x its baseline instead of 0.64-0.70x. The relay, upstream of all three, still waits.
 */
export function deliveryTurn(requestsFirst: RequestsFirst): (rule: string) => Promise<Turn> {
  return (rule) => (rule === PROJECTOR_RULE ? Promise.resolve('quiet') : requestsFirst.turn());
}
