/**
 * When a failed delivery is tried again. The production schedule is the one the Standard
 * Webhooks guidance suggests (after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h),
 * which spans a little over 27 hours: an endpoint down for a whole day still gets everything.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export class RetryScheduleError extends Error {
  override name = 'RetryScheduleError';
}

/**
 * Reads a retry schedule such as `1s,2s,4s` or `500ms,1m,2h` (the `HUB_WEBHOOK_RETRY_DELAYS`
 * setting): the waits before the 2nd, 3rd... attempts. Unset or blank gives the production default.
 */
export function parseRetryDelays(text: string | undefined): number[] {
  if (text === undefined || text.trim() === '') return [...DEFAULT_RETRY_DELAYS_MS];
  return text.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(part);
    if (!match)
      throw new RetryScheduleError(`"${part.trim()}" is not a delay: write a number and a unit (ms, s, m, h or d), e.g. 1s,2s,4s`);
    return Math.round(Number(match[1]) * UNITS[match[2]!]!);
  });
}

/** The total time from the first attempt to the last one, jitter aside. */
export const retryWindowMs = (delays: readonly number[]) => delays.reduce((sum, delay) => sum + delay, 0);

/**
 * The wait before attempt `attempt + 1`, after `attempt` attempts failed, or undefined when the
 * schedule is used up. The scheduled delay gets ±20% jitter (`random` in [0, 1)) so endpoints that
 * failed together are not retried in lockstep; a Retry-After from the endpoint is honoured when
 * it asks for longer (capped at a day, so an endpoint cannot park a delivery for ever).
 */
export function nextRetryDelayMs(attempt: number, delays: readonly number[], random: number, retryAfterMs?: number): number | undefined {
  const scheduled = delays[attempt - 1];
  if (scheduled === undefined) return undefined;
  const jittered = Math.round(scheduled * (0.8 + 0.4 * random));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, 86_400_000));
}

/** Reads Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Anything else is ignored. */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/** What a webhook attempt's outcome means for the delivery. */
export type AttemptVerdict = 'delivered' | 'retry' | 'gone' | 'rejected';

/**
 * 2xx delivered; 410 Gone disables the subscription; 5xx, 429 and 408, timeouts and connection
 * errors (status undefined) are retried; any other answer is the endpoint refusing this message,
 * which retrying would not change.
 */
export function verdictFor(status: number | undefined): AttemptVerdict {
  if (status === undefined) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status >= 500 || status === 429 || status === 408) return 'retry';
  return 'rejected';
}
