import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { anonymous, type Principal } from '@partnership-hub/domain';
import { type ApiKeyStore, scopeOf } from '@partnership-hub/store';
import { createMiddleware } from 'hono/factory';
import { ProblemError } from './problem.ts';

/**
 * Who is calling, from the Authorization header. What they may then do is the domain's to decide
 * (packages/domain authorisation.ts): handlers pass the caller to its rules, and the app's error
 * handler answers their refusals (401, 403).
 */
export type AuthEnv = { Variables: { caller: Principal } };

/** Keys are 256 random bits: a plain SHA-256 is enough to store them (no salt or slow hash needed, unlike passwords). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return `phk_${randomBytes(32).toString('base64url')}`;
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether a presented key is the administrator's (compared as hashes, in constant time). */
export function isAdministratorKey(key: string, adminKeyHash: string): boolean {
  return sameHash(hashKey(key), adminKeyHash);
}

/**
 * Resolves the caller once per request. No header: anonymous (public reads only). A header
 * with a key the hub does not know: 401 at once, on every route, so a mistyped key is never
 * silently treated as anonymous.
 */
export function resolveCaller(apiKeys: ApiKeyStore, adminKeyHash: string) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      c.set('caller', anonymous);
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new ProblemError('unauthenticated', 'The Authorization header must be "Bearer <key>".');
    // Hashed once: compared with the administrator's, then looked up.
    const keyHash = hashKey(match[1]);
    if (sameHash(keyHash, adminKeyHash)) {
      c.set('caller', { kind: 'admin' });
      return next();
    }
    const record = await apiKeys.find(keyHash);
    if (!record)
      throw new ProblemError(
        'unauthenticated',
        'This API key is not known to the hub. Check it was copied whole, or ask the hub administrator for a new one.',
      );
    c.set('caller', {
      kind: 'organisation-key',
      areaId: record.areaId,
      organisationId: record.organisationId,
      keyId: record.keyId,
      label: record.label,
      scope: scopeOf(record),
    });
    return next();
  });
}
