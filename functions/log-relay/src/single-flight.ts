export interface SingleFlight<T> {
  /**
   * Asks for a run. If none is running, one starts now; if one is running, exactly one more starts
   * when it ends, however many wake-ups arrive meanwhile. Never rejects: the run reports its own
   * failures.
   */
  wake(): void;
  /** A run that starts after this call (the queued one, if one is queued), and its result. */
  next(): Promise<T>;
  /** Resolves once no run is running or queued. */
  idle(): Promise<void>;
}

const ignore = () => {};

/**
 * One run at a time, and one queued behind it. A wake-up that arrives during a run may be for
 * something the run has already read past, so it must cause one more run; every wake-up during
 * the same run shares that one, since it reads everything they were for. (A dozen lines, the
 * shape of the projector's per-area rebuilds: promise libraries de-duplicate identical calls,
 * which would lose the run after, or queue every call, which would run once per wake-up.)
 */
export function singleFlight<T>(run: () => Promise<T>): SingleFlight<T> {
  let running: Promise<T> | undefined;
  let queued: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const current = run().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };
  const next = (): Promise<T> => {
    if (queued) return queued;
    if (!running) return start();
    queued = running.then(ignore, ignore).then(() => {
      queued = undefined;
      return start();
    });
    return queued;
  };
  return {
    wake: () => void next().catch(ignore),
    next,
    idle: async () => {
      for (let current = queued ?? running; current; current = queued ?? running) await current.then(ignore, ignore);
    },
  };
}
