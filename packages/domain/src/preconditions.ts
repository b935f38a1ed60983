import type { Precondition } from './context.ts';
import { VersionConflictError } from './errors.ts';

/** Checks a precondition against the version the subject is at (undefined: it does not exist). */
export function checkPrecondition(precondition: Precondition, currentVersion: number | undefined, subject: string): void {
  if (precondition.kind === 'none') return;
  if (precondition.kind === 'absent') {
    if (currentVersion !== undefined)
      throw new VersionConflictError(
        `${subject} already exists (version ${currentVersion}), so If-None-Match: * cannot hold`,
        currentVersion,
      );
    return;
  }
  if (currentVersion === undefined) {
    throw new VersionConflictError(`${subject} does not exist yet, so If-Match cannot match`, undefined);
  }
  if (precondition.kind === 'version' && precondition.version !== currentVersion) {
    throw new VersionConflictError(
      `${subject} is at version ${currentVersion}, not ${precondition.version}: fetch it again and reapply your change`,
      currentVersion,
    );
  }
}

/**
 * What an If-Match header asks for: a precondition; a weak ETag, which never matches a write
 * (RFC 9110 13.1.1: If-Match compares strongly, so the write must fail with 412); or nothing
 * readable (an empty header, or a value that is not one of the forms below).
 */
export type IfMatch = Precondition | { kind: 'weak'; tag: string } | { kind: 'invalid'; reason: 'empty' | 'unreadable' };

/** Reads an If-Match header: a bare version (`3`, as the README shows), an ETag (`"3"`), a weak ETag (`W/"3"`), or `*`. */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return { kind: 'none' };
  const value = header.trim();
  if (value === '') return { kind: 'invalid', reason: 'empty' };
  if (value === '*') return { kind: 'any' };
  if (/^W\/"\d{1,10}"$/.test(value)) return { kind: 'weak', tag: value };
  const match = /^(?:"(\d{1,10})"|(\d{1,10}))$/.exec(value);
  const version = match?.[1] ?? match?.[2];
  if (version === undefined) return { kind: 'invalid', reason: 'unreadable' };
  return { kind: 'version', version: Number(version) };
}
