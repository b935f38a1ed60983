import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyStore } from '@partnership-hub/store';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';

/**
 * Who is signed in with a key, as the session cookie holds it. Never the key: which organisation's
 * key was shown, the session's random id, and until when it lasts. The cookie is signed
 * (HMAC-SHA256) with the hub's session secret, so it cannot be forged or edited; the session itself
 * is kept by the key store (`ApiKeyStore.startSession`), so that signing out ends it on the server
 * and a copy of the cookie kept from before signs nobody in.
 */
export interface Session {
  sessionId: string;
  areaId: string;
  organisationId: string;
  keyId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const SESSION_COOKIE = 'hub_session';
const CSRF_COOKIE = 'hub_csrf';
export const CSRF_FIELD = 'csrfToken';
/** A working day: long enough for a committee meeting, short enough that a forgotten session on a shared computer ends. */
const SESSION_SECONDS = 8 * 60 * 60;

type CookieOptions = NonNullable<Parameters<typeof setSignedCookie>[4]>;

function cookieOptions(c: Context, maxAge: number): CookieOptions {
  return { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c), maxAge };
}

/** https directly, or behind API Gateway / a proxy that says so. */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export async function readSession(c: Context, secret: string | undefined, now: Date): Promise<Session | undefined> {
  if (!secret) return undefined;
  const session = await signedKeySession(c, secret);
  return session && session.expiresAt * 1000 > now.getTime() ? session : undefined;
}

/** The key session this browser's cookie names, if its signature holds and it is of this form, whether or not it has ended. */
async function signedKeySession(c: Context, secret: string): Promise<Session | undefined> {
  const value = await getSignedCookie(c, secret, SESSION_COOKIE);
  if (!value) return undefined;
  try {
    const session = JSON.parse(value) as Partial<Session>;
    const { sessionId, areaId, organisationId, keyId, expiresAt } = session;
    // A cookie without a session id was signed before sessions were kept on the server: it no longer signs anyone in.
    if (
      typeof sessionId !== 'string' ||
      typeof areaId !== 'string' ||
      typeof organisationId !== 'string' ||
      typeof keyId !== 'string' ||
      typeof expiresAt !== 'number'
    )
      return undefined;
    return { sessionId, areaId, organisationId, keyId, expiresAt };
  } catch {
    return undefined;
  }
}

/** Signs a browser in with a key: a new session, kept by the key store, and its cookie; the browser's previous key session ends. */
export async function startSession(
  c: Context,
  secret: string,
  apiKeys: Pick<ApiKeyStore, 'startSession' | 'endSession'>,
  key: Pick<ApiKeyRecord, 'areaId' | 'organisationId' | 'keyId' | 'label' | 'scope'>,
  now: Date,
): Promise<Session> {
  const previous = await readSession(c, secret, now);
  if (previous) await apiKeys.endSession(hashOf(previous.sessionId));
  const started: Session = {
    sessionId: newSessionId(),
    areaId: key.areaId,
    organisationId: key.organisationId,
    keyId: key.keyId,
    expiresAt: Math.floor(now.getTime() / 1000) + SESSION_SECONDS,
  };
  await apiKeys.startSession({
    sessionHash: hashOf(started.sessionId),
    areaId: key.areaId,
    organisationId: key.organisationId,
    keyId: key.keyId,
    ...(key.label ? { label: key.label } : {}),
    ...(key.scope ? { scope: key.scope } : {}),
    endsAt: new Date(started.expiresAt * 1000).toISOString(),
  });
  await setSignedCookie(c, SESSION_COOKIE, JSON.stringify(started), secret, cookieOptions(c, SESSION_SECONDS));
  await renewCsrfToken(c, secret, sessionTagOf(started.sessionId));
  return started;
}

/** Signs this browser's key session out: ended on the server, and its cookie removed. */
export async function endSession(
  c: Context,
  secret: string | undefined,
  apiKeys: Pick<ApiKeyStore, 'endSession'>,
  now: Date,
): Promise<void> {
  const session = await readSession(c, secret, now);
  if (session) await apiKeys.endSession(hashOf(session.sessionId));
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
  if (secret) await renewCsrfToken(c, secret, sessionTagOf(undefined));
}

/** Tokens issued during a request (renewCsrfToken), which its own pages must use: the request's cookie still holds the old one. */
const issuedDuring = new WeakMap<Context, string>();

/**
 * The CSRF token for this browser and its session (a signed double-submit token bound to the
 * session): a random value and a digest of the session's id, kept in a signed HttpOnly cookie and
 * repeated in a hidden field of every form. A page on another site can make the browser send the
 * cookie, but cannot read it to fill in the field; and a token with its cookie got in another
 * browser (the forger's own), even if planted in this one, names another session (or none) and is
 * refused here. A new one is issued when someone signs in or out (renewCsrfToken).
 */
export async function csrfToken(c: Context, secret: string): Promise<string> {
  const issued = issuedDuring.get(c);
  if (issued) return issued;
  const existing = await getSignedCookie(c, secret, CSRF_COOKIE);
  const tag = await sessionTag(c, secret);
  if (typeof existing === 'string' && existing.endsWith(`.${tag}`)) return existing;
  return renewCsrfToken(c, secret, tag);
}

/**
 * Issues this browser a new CSRF token for the session it now has: `tag` is sessionTagOf the id of
 * the session just started ('' when signing out), since this request's cookies still name the old one.
 */
async function renewCsrfToken(c: Context, secret: string, tag: string): Promise<string> {
  const token = `${randomBytes(24).toString('base64url')}.${tag}`;
  await setSignedCookie(c, CSRF_COOKIE, token, secret, cookieOptions(c, SESSION_SECONDS));
  issuedDuring.set(c, token);
  return token;
}

export async function csrfTokenMatches(c: Context, secret: string, submitted: unknown): Promise<boolean> {
  const expected = await getSignedCookie(c, secret, CSRF_COOKIE);
  if (!expected || typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b) && expected.endsWith(`.${await sessionTag(c, secret)}`);
}

/** A short digest of a session id, for its CSRF tokens; '' when signed out. */
const sessionTagOf = (sessionId: string | undefined) => (sessionId ? hashOf(`csrf:${sessionId}`).slice(0, 22) : '');

/**
 * The tag of the session this request's cookies name, if their signatures hold: a key's session,
 * or else a person's (signing in as one ends the other), whether or not it is still live (the
 * check of that is the page's).
 */
async function sessionTag(c: Context, secret: string): Promise<string> {
  const keySession = await signedKeySession(c, secret);
  if (keySession) return sessionTagOf(keySession.sessionId);
  return sessionTagOf((await getSignedCookie(c, secret, PERSON_SESSION_COOKIE)) || undefined);
}

/**
 * Only a path on this site, so that `?return=` cannot send someone elsewhere after signing in: one
 * leading "/" (not "//" or "/\", which browsers read as another host), no backslash, no whitespace
 * or control character anywhere (browsers drop tabs and newlines, so "/\t/evil.example" is
 * "//evil.example" to them), and, to be sure, the WHATWG URL parser must agree it stays on this origin.
 */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])/.test(value) || /[\s\p{Cc}\\]/u.test(value)) return fallback;
  const origin = 'https://hub.invalid';
  return URL.canParse(value, origin) && new URL(value, origin).origin === origin ? value : fallback;
}

/**
 * A person's session: the cookie holds only a random id (signed, so a guess is refused before the
 * store is asked); the store keeps its SHA-256 with who they are and the body they act for. A new
 * id at every sign-in, so an id planted before signing in is worth nothing after.
 */
const PERSON_SESSION_COOKIE = 'hub_person_session';
/** Half an hour without a page: long enough to read a committee paper, short for a computer left unlocked. */
const SESSION_IDLE_SECONDS = 30 * 60;
/** Eight hours after signing in, whatever they do: a working day. */
export const SESSION_ABSOLUTE_SECONDS = SESSION_SECONDS;

export const newSessionId = () => randomBytes(32).toString('base64url');
export const hashOf = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

export async function setPersonSessionCookie(c: Context, secret: string, sessionId: string): Promise<void> {
  await setSignedCookie(c, PERSON_SESSION_COOKIE, sessionId, secret, cookieOptions(c, SESSION_ABSOLUTE_SECONDS));
  await renewCsrfToken(c, secret, sessionTagOf(sessionId));
}

/** The session id this browser presents, if its signature holds. */
export async function personSessionId(c: Context, secret: string | undefined): Promise<string | undefined> {
  if (!secret) return undefined;
  return (await getSignedCookie(c, secret, PERSON_SESSION_COOKIE)) || undefined;
}

export function clearPersonSessionCookie(c: Context): void {
  deleteCookie(c, PERSON_SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

/** Whether a session still holds at `now`: within its absolute end, and used within the idle timeout. */
export function sessionIsLive(session: { lastSeenAt: string; endsAt: string }, now: Date): boolean {
  const at = now.getTime();
  return at < Date.parse(session.endsAt) && at - Date.parse(session.lastSeenAt) < SESSION_IDLE_SECONDS * 1000;
}
