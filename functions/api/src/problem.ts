import { requiredChoice } from '@partnership-hub/events';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod/mini';

/** One bad field: where it is (RFC 6901 pointer into the part of the request it came from) and what is wrong. */
export interface FieldError {
  in: 'body' | 'path' | 'query' | 'header';
  pointer: string;
  field: string;
  detail: string;
}

/** An RFC 9457 problem details document. */
interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The problem types the API answers with; each is described at GET /problems/{name}. */
export const PROBLEM_TYPES = {
  'validation-error': {
    status: 400,
    title: 'Your request has invalid fields',
    help: 'Correct each field listed in "errors" and send the request again.',
  },
  'malformed-request': {
    status: 400,
    title: 'Your request could not be read',
    help: 'Send the body as a JSON object (Content-Type: application/json).',
  },
  unauthenticated: {
    status: 401,
    title: 'An API key is needed',
    help: 'Send your organisation\'s API key as "Authorization: Bearer <key>". Keys are issued by the hub administrator.',
  },
  forbidden: {
    status: 403,
    title: 'Your key does not allow this',
    help: "An organisation's key changes only that organisation's content; administration needs the admin key.",
  },
  'not-found': { status: 404, title: 'Not found', help: 'Check the area, organisation and item ids in the URL.' },
  'method-not-allowed': {
    status: 405,
    title: 'This method is not served here',
    help: 'The Allow header lists the methods this address serves; the API reference (/docs) says what each does.',
  },
  conflict: { status: 409, title: 'The change contradicts the current state', help: 'Fetch the current state and try again.' },
  'precondition-failed': {
    status: 412,
    title: 'Someone else changed this first',
    help: 'Your If-Match version is not the current one. Fetch the current version, reapply your change and send it with the new version.',
  },
  'payload-too-large': { status: 413, title: 'The request body is too large', help: 'Request bodies are limited to 64 KB.' },
  'unsupported-media-type': {
    status: 415,
    title: 'The request body must be JSON',
    help: 'Send the body as JSON with Content-Type: application/json.',
  },
  'too-many-requests': {
    status: 429,
    title: 'Too many requests',
    help: 'Wait the number of seconds in the Retry-After header, then send the request again.',
  },
  'service-unavailable': {
    status: 503,
    title: 'The hub cannot take this request just now',
    help: 'Nothing was done. Wait the number of seconds in the Retry-After header, then send the request again.',
  },
  'upstream-failed': {
    status: 502,
    title: "The council's system did not answer as expected",
    help: 'The detail names the address asked and what was wrong. Try again later; if it keeps happening, check the address with the council.',
  },
  'internal-error': {
    status: 500,
    title: 'Something went wrong on our side',
    help: 'Nothing you sent was at fault. Try again; if it keeps happening, contact the hub administrator with the request id.',
  },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string; help: string }>;

export type ProblemName = keyof typeof PROBLEM_TYPES;

/** Thrown anywhere in a request; the app's error handler answers it as problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly problem: ProblemName,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; [extension: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

function problemBody(name: ProblemName, detail: string, instance: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEM_TYPES[name];
  return { type: `/problems/${name}`, title, status, detail, instance, ...extensions };
}

export function problemResponse(c: Context, name: ProblemName, detail: string, extensions: Record<string, unknown> = {}): Response {
  const body = problemBody(name, detail, c.req.path, extensions);
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, { 'Content-Type': 'application/problem+json' });
}

/** Turns zod issues into field errors: one per bad field, with a pointer a client can follow. */
export function fieldErrors(error: z.core.$ZodError, location: FieldError['in']): FieldError[] {
  const pathOf = (issue: z.core.$ZodIssue) => JSON.stringify(issue.path);
  // zod checks an integer against the safe-integer range as well as the schema's own bounds: a
  // number past both would be told "must be 9007199254740991 or less" beside "must be 1000 or less".
  // Likewise a value of the wrong kind is told only that: a list sent for a text field is not also
  // "must have at least 1 entry", a check that only made sense for text.
  const issues = error.issues.filter(
    (issue) =>
      !(isSafeIntegerBound(issue) && error.issues.some((other) => other !== issue && pathOf(other) === pathOf(issue))) &&
      !(issue.code !== 'invalid_type' && error.issues.some((other) => other.code === 'invalid_type' && pathOf(other) === pathOf(issue))),
  );
  return issues.map((issue) => {
    const path = issue.path.map(String);
    return {
      in: location,
      pointer: `#/${path.map((segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
      field:
        path.reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : name ? `${name}.${segment}` : segment), '') ||
        '(body)',
      detail: issueMessage(issue),
    };
  });
}

/** An issue that only says an integer is outside the range JavaScript holds exactly (zod's own bound on every int). */
function isSafeIntegerBound(issue: z.core.$ZodIssue): boolean {
  return (
    (issue.code === 'too_big' && issue.maximum === Number.MAX_SAFE_INTEGER) ||
    (issue.code === 'too_small' && issue.minimum === Number.MIN_SAFE_INTEGER)
  );
}

/**
 * The issue's message: zod's, in the words of plainMessages (events), which createApp sets for
 * every schema; but a field left out is "required", whatever its schema's own message for a wrong
 * value. That needs the issue's input (parsed with reportInput); it is not passed on.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : null;
  if (issue.code === 'invalid_type' && input === undefined) return 'is required';
  // A choice left out: what to choose from, not "(got undefined)".
  if (issue.code === 'invalid_value' && input === undefined) return requiredChoice(issue.values);
  // zod's words for a number that is not whole say only "a number": say which.
  if (issue.code === 'invalid_type' && issue.expected === 'int' && typeof input === 'number' && Number.isFinite(input))
    return `must be a whole number (got ${input})`;
  // A discriminated union (a subscription's endpoint kind) whose field names none of its options: its
  // issue's input is the object that holds the field, and zod's words are "Invalid discriminator value".
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    if (input === null || typeof input !== 'object') return `must be one of ${options.join(', ')}`;
    const given = (input as Record<string, unknown>)[issue.discriminator];
    return given === undefined ? requiredChoice(options) : `must be one of ${options.join(', ')} (got ${JSON.stringify(given)})`;
  }
  if (issue.code === 'unrecognized_keys') return `has fields this endpoint does not accept: ${issue.keys.join(', ')}`;
  return issue.message;
}

export function validationProblem(errors: FieldError[]): ProblemError {
  const summary = errors.map((error) => `${error.field} ${error.detail}`).join('; ');
  return new ProblemError('validation-error', summary, { errors });
}
