/** What waited for delivery when the hub started, and how much of it has been delivered since. */
export interface CatchUp {
  /** Events in the outbox (appended, not yet on the bus) and deliveries the bus had accepted and not finished. */
  waiting: { events: number; deliveries: number };
  /** Of those: events the bus has accepted since, and deliveries whose consumer has run since. */
  delivered: () => { events: number; deliveries: number };
  /** Whether the bus's consumers are still at work (on what was relayed, or on anything else). */
  consumersBusy: () => boolean;
}

/**
 * Tells how a start-up's catch-up is going, every `everyMs` until it is level: "Catching up: 120 of
 * 480 changes delivered", then "Caught up". A change counts once: an event in the outbox when the
 * bus accepts it, an unfinished delivery when its consumer has run; level is every change counted
 * and the consumers idle, so that the views show them. A catch-up over within the first interval
 * (the usual case: nothing, or a handful, waits) says nothing. Answers a function that stops the
 * reports.
 */
export function reportCatchUp(catchUp: CatchUp, progress: (message: string) => void, everyMs = 2_000): () => void {
  const { waiting } = catchUp;
  const total = waiting.events + waiting.deliveries;
  if (total === 0) return () => {};
  let intervals = 0;
  let reported = false;
  const timer = setInterval(() => {
    intervals += 1;
    const now = catchUp.delivered();
    // Later changes are delivered too (the relay sends the oldest first): only the waiting ones count.
    const done = Math.min(now.events, waiting.events) + Math.min(now.deliveries, waiting.deliveries);
    const level = done >= total && !catchUp.consumersBusy();
    if (level) {
      clearInterval(timer);
      if (reported) progress(`Caught up: ${total} changes delivered`);
    } else if (intervals >= 2) {
      reported = true;
      progress(
        done < total
          ? `Catching up: ${done} of ${total} changes delivered`
          : `Catching up: ${total} of ${total} changes on the bus, their consumers still at work`,
      );
    }
  }, everyMs);
  // The reports never keep the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
