import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@partnership-hub/domain';
import { type CounterStoreOptions, dynamoDbRateLimiter, type RateLimit, type RateLimiter } from '@partnership-hub/store';
import type { Context } from 'hono';
import { ProblemError } from './problem.ts';

/** The hub's limits on requests that send email or try keys. */
export interface RateLimitPolicy {
  /** Confirmation emails to one address (subscribing, moving a subscription to it, sending again), whoever asks. */
  confirmationEmailsPerAddress: RateLimit;
  /** Requests to subscribe, move a subscription's endpoint or send its verification again, per caller. */
  subscriptionRequestsPerCaller: RateLimit;
  /** Sign-in attempts on the pages that did not sign in, per caller (one that signs in is given back). */
  signInAttemptsPerCaller: RateLimit;
}

/**
 * Far above what a person meets: they stop a script, never a subscriber. Nobody needs a sixth
 * confirmation email within the hour; a council office behind one address subscribing its staff
 * stays well under 100; and keys are 256 random bits, so 10 wrong keys per quarter of an hour
 * costs a person who mistypes nothing and makes guessing pointless.
 */
const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  confirmationEmailsPerAddress: { points: 5, durationSeconds: 60 * 60 },
  subscriptionRequestsPerCaller: { points: 100, durationSeconds: 60 * 60 },
  signInAttemptsPerCaller: { points: 10, durationSeconds: 15 * 60 },
};

/** Each limit's name: its counters' keys start `LIMIT#{name}#` in the hub table (the stack grants by it). */
export const LIMIT_NAMES = {
  confirmationEmails: 'confirmation-emails',
  subscriptionRequests: 'subscription-requests',
  signInAttempts: 'sign-in-attempts',
} as const;

/** The limiters the routes consult, one per limit. */
export interface RequestLimits {
  confirmationEmails: RateLimiter;
  subscriptionRequests: RateLimiter;
  signInAttempts: RateLimiter;
}

/** The limits over one kind of counter store, each limit the policy's or the default. */
export function requestLimits(
  limiter: (options: CounterStoreOptions) => RateLimiter,
  policy: Partial<RateLimitPolicy>,
  clock: () => Date,
): RequestLimits {
  const limits = { ...DEFAULT_RATE_LIMITS, ...policy };
  return {
    confirmationEmails: limiter({ name: LIMIT_NAMES.confirmationEmails, limit: limits.confirmationEmailsPerAddress, clock }),
    subscriptionRequests: limiter({ name: LIMIT_NAMES.subscriptionRequests, limit: limits.subscriptionRequestsPerCaller, clock }),
    signInAttempts: limiter({ name: LIMIT_NAMES.signInAttempts, limit: limits.signInAttemptsPerCaller, clock }),
  };
}

/**
 * The limits counted in the hub table, so that every Lambda instance (and the local run) counts
 * against the same numbers. Passed to wireApi by the entries that serve limited routes only, so
 * the feeds' bundle carries none of it.
 */
export function wireRequestLimits(
  documents: DynamoDBDocumentClient,
  tableName: string,
  policy: Partial<RateLimitPolicy>,
  clock: () => Date,
): RequestLimits {
  return requestLimits((options) => dynamoDbRateLimiter(documents, tableName, options), policy, clock);
}

/** What a limit is counted under for an email address: the address as mail servers treat it, whatever its case. */
export const addressKey = (address: string) => `email:${address.trim().toLowerCase()}`;

/**
 * Who is asking: their key, or the key their browser session was signed in with, where they have
 * one; else the address the request came from, as the server in front of the app sees it (the
 * wiring's `clientAddress`). Callers whose address cannot be told share one count.
 */
export function callerKey(c: Context, caller: Principal, clientAddress: ((c: Context) => string | undefined) | undefined): string {
  if (caller.kind === 'organisation-key') return `key:${caller.keyId}`;
  if (caller.kind === 'admin') return 'admin';
  if (caller.kind === 'person') return `person:${caller.personId}`;
  return `address:${clientAddress?.(c) ?? 'unknown'}`;
}

/** Where a refusal the limits could not count is logged (the API's logger). */
interface ErrorLog {
  error(message: string, extra: Record<string, unknown>): void;
}

/** A refusal says why: over the limit, or the limit could not be counted. */
export type LimitCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number; because: 'over-limit' | 'not-counted' };

/** How long a caller is asked to wait when the counters cannot be reached. */
const NOT_COUNTED_RETRY_SECONDS = 30;

/**
 * Counts one request against a limit. When the counters cannot be read or written the request is
 * refused (fail closed) and the failure logged: the limits protect other people (an inbox from a
 * flood of mail, the keys from guessing), which an open door would give up exactly when
 * something is wrong; and the counters live in the table every limited request writes to or
 * reads its key from, so a request the limit could not count would most likely fail next anyway.
 */
export async function countRequest(logger: ErrorLog, limiter: RateLimiter, key: string, limit: string): Promise<LimitCheck> {
  try {
    const decision = await limiter.consume(key);
    return decision.allowed ? decision : { ...decision, because: 'over-limit' };
  } catch (error) {
    logger.error('a rate limit could not be counted, so the request was refused', {
      limit,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return { allowed: false, retryAfterSeconds: NOT_COUNTED_RETRY_SECONDS, because: 'not-counted' };
  }
}

/** Counts a request to the API against a limit; past it, a 429 problem with Retry-After (or 503 if it could not be counted). */
export async function requireWithinLimit(
  c: Context,
  logger: ErrorLog,
  limiter: RateLimiter,
  key: string,
  limit: string,
  overLimit: string,
): Promise<void> {
  const check = await countRequest(logger, limiter, key, limit);
  if (check.allowed) return;
  c.header('Retry-After', String(check.retryAfterSeconds));
  if (check.because === 'not-counted')
    throw new ProblemError('service-unavailable', 'The hub cannot take this request just now; nothing was sent.', {
      retryAfterSeconds: check.retryAfterSeconds,
    });
  throw new ProblemError('too-many-requests', `${overLimit}; nothing was sent. Try again in ${check.retryAfterSeconds} seconds.`, {
    retryAfterSeconds: check.retryAfterSeconds,
  });
}
