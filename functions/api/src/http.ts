import { type Precondition, parseIfMatch, VersionConflictError } from '@partnership-hub/domain';
import type { Context } from 'hono';
import { ProblemError } from './problem.ts';

/**
 * Reads If-Match: a bare version, an ETag (`"3"`), or `*`. A weak ETag is a precondition that
 * cannot hold (412); an empty or unreadable header is a clear 400 naming it.
 */
export function preconditionOf(c: Context): Precondition {
  const parsed = parseIfMatch(c.req.header('if-match'));
  if (parsed.kind === 'weak') {
    throw new VersionConflictError(
      `If-Match ${parsed.tag} is a weak ETag, and a weak ETag never matches a change: send the version itself, such as "${parsed.tag.slice(3, -1)}"`,
      undefined,
    );
  }
  if (parsed.kind === 'invalid') {
    const detail =
      parsed.reason === 'empty'
        ? 'is empty: send the version you last read, such as "3", or * (or leave the header out)'
        : 'must be a version number, an ETag such as "3", or *';
    throw new ProblemError('validation-error', `If-Match ${detail}`, {
      errors: [{ in: 'header', pointer: '#/If-Match', field: 'If-Match', detail }],
    });
  }
  return parsed;
}

export const etagOf = (version: number) => `"${version}"`;
