import type { Precondition } from './context.ts';
import { VersionConflictError } from './errors.ts';

/** Checks an If-Match precondition against the version the subject is at (undefined: it does not exist). */
export function checkPrecondition(precondition: Precondition, currentVersion: number | undefined, subject: string): void {
  if (precondition.kind === 'none') return;
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

/** Reads an If-Match header: a bare version (`3`), an ETag (`"3"` or `W/"3"`), or `*`. */
export function parseIfMatch(header: string | undefined): Precondition | { kind: 'invalid' } {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const value = header.trim();
  if (value === '*') return { kind: 'any' };
  const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(value);
  if (!match?.[1]) return { kind: 'invalid' };
  return { kind: 'version', version: Number(match[1]) };
}
