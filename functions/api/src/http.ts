import { type Precondition, parseIfMatch } from '@partnership-hub/domain';
import type { Context } from 'hono';
import { ProblemError } from './problem.ts';

/** Reads If-Match: a bare version, an ETag (`"3"`), or `*`. Anything else is a clear 400. */
export function preconditionOf(c: Context): Precondition {
  const parsed = parseIfMatch(c.req.header('if-match'));
  if (parsed.kind === 'invalid') {
    throw new ProblemError('validation-error', 'If-Match must be a version number, an ETag such as "3", or *', {
      errors: [{ in: 'header', pointer: '#/If-Match', field: 'If-Match', detail: 'must be a version number, an ETag such as "3", or *' }],
    });
  }
  return parsed;
}

export const etagOf = (version: number) => `"${version}"`;
