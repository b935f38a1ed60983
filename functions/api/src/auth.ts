import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Audience } from '@partnership-hub/domain';
import type { ApiKeyStore } from '@partnership-hub/store';
import { createMiddleware } from 'hono/factory';
import { ProblemError } from './problem.ts';

/** Who is calling, from the Authorization header. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'admin' }
  | { kind: 'organisation'; areaId: string; organisationId: string; keyId: string };

export type AuthEnv = { Variables: { caller: Caller } };

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

/**
 * Resolves the caller once per request. No header: anonymous (public reads only). A header
 * with a key the hub does not know: 401 at once, on every route, so a mistyped key is never
 * silently treated as anonymous.
 */
export function resolveCaller(apiKeys: ApiKeyStore, adminKeyHash: string) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      c.set('caller', { kind: 'anonymous' });
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new ProblemError('unauthenticated', 'The Authorization header must be "Bearer <key>".');
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
    c.set('caller', { kind: 'organisation', areaId: record.areaId, organisationId: record.organisationId, keyId: record.keyId });
    return next();
  });
}

export function requireAdmin(caller: Caller): void {
  if (caller.kind === 'anonymous') throw new ProblemError('unauthenticated', "This needs the hub administrator's key.");
  if (caller.kind !== 'admin')
    throw new ProblemError('forbidden', 'Only the hub administrator can register areas and organisations and issue keys.');
}

/** An organisation's own key, and only that organisation's key, may change its content. */
export function requireOrganisation(caller: Caller, areaId: string, organisationId: string): Extract<Caller, { kind: 'organisation' }> {
  if (caller.kind === 'anonymous')
    throw new ProblemError('unauthenticated', `Changing ${organisationId}'s content needs ${organisationId}'s API key.`);
  if (caller.kind !== 'organisation' || caller.areaId !== areaId || caller.organisationId !== organisationId) {
    throw new ProblemError(
      'forbidden',
      `This key belongs to ${describe(caller)}; only ${organisationId}'s own key can change its content.`,
    );
  }
  return caller;
}

/** Any organisation of the area (protocols are shared between the area's bodies). */
export function requireMemberOf(caller: Caller, areaId: string): Extract<Caller, { kind: 'organisation' }> {
  if (caller.kind === 'anonymous') throw new ProblemError('unauthenticated', `This needs the API key of an organisation in ${areaId}.`);
  if (caller.kind !== 'organisation' || caller.areaId !== areaId) {
    throw new ProblemError('forbidden', `This key belongs to ${describe(caller)}; it needs the key of an organisation in ${areaId}.`);
  }
  return caller;
}

/** Signed-in members of the area's bodies (and the administrator) see partners-only content; everyone else sees public content. */
export function audienceFor(caller: Caller, areaId: string): Audience {
  if (caller.kind === 'admin') return 'partners';
  if (caller.kind === 'organisation' && caller.areaId === areaId) return 'partners';
  return 'public';
}

function describe(caller: Caller): string {
  if (caller.kind === 'admin') return 'the hub administrator';
  if (caller.kind === 'organisation') return `${caller.organisationId} in ${caller.areaId}`;
  return 'nobody';
}
