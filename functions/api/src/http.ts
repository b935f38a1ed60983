import { type Precondition, parseIfMatch, VersionConflictError } from '@partnership-hub/domain';
import type { Context } from 'hono';
import { ProblemError } from './problem.ts';

/**
 * Reads If-Match: a bare version, an ETag (`"3"`), or `*`. A weak ETag is a precondition that
 * cannot hold (412); an empty or unreadable header is a clear 400 naming it. Where a write can
 * create (`creates`), If-None-Match: * asks it to only create; any other value of it, or both
 * headers at once (which no write could satisfy), is a 400.
 */
export function preconditionOf(c: Context, creates = false): Precondition {
  const ifNoneMatch = creates ? c.req.header('if-none-match') : undefined;
  if (ifNoneMatch !== undefined) {
    const detail =
      ifNoneMatch.trim() !== '*'
        ? 'must be *, to publish only if nothing has this id yet'
        : c.req.header('if-match') === undefined
          ? undefined
          : 'cannot be sent with If-Match: send If-Match to change an item, If-None-Match: * to publish a new one';
    if (detail === undefined) return { kind: 'absent' };
    throw new ProblemError('validation-error', `If-None-Match ${detail}`, {
      errors: [{ in: 'header', pointer: '#/If-None-Match', field: 'If-None-Match', detail }],
    });
  }
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
