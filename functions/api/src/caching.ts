import type { Context, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import type { AuthEnv } from './auth.ts';

/** How long a shared cache may keep an anonymous read before asking again. */
const PUBLIC_MAX_AGE_SECONDS = 60;

/**
 * Conditional GETs for every read: Hono's etag middleware answers If-None-Match with 304. It hashes
 * the body unless the route set its own ETag (item reads set `"{version}"`, the same value If-Match
 * takes), which it keeps. Applied to GET and HEAD only.
 */
export function conditionalReads(): MiddlewareHandler<AuthEnv> {
  const tagged = etag();
  return async (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? tagged(c, next) : next());
}

/**
 * Cache-Control on every successful read: anonymous reads are the same for everyone (public, a
 * minute); a caller with a key may see partners content, so a shared cache must not keep it and
 * the browser must revalidate. Vary: Authorization either way. A route that chose its own
 * Cache-Control (the change feed's full pages are immutable) keeps it.
 */
export function readCacheControl(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || (!c.res.ok && c.res.status !== 304)) return;
    c.res.headers.append('Vary', 'Authorization');
    if (c.res.headers.has('Cache-Control')) return;
    c.res.headers.set('Cache-Control', c.req.header('authorization') ? 'private, no-cache' : `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
  };
}

/** Whether the request's If-None-Match holds `tag`, or is `*`. */
export function notModified(c: Context, tag: string): boolean {
  const ifNoneMatch = c.req.header('if-none-match');
  return ifNoneMatch !== undefined && (ifNoneMatch.trim() === '*' || (ifNoneMatch.match(/"[^"]*"/g) ?? ([] as string[])).includes(tag));
}

/**
 * The answer to a conditional GET whose If-None-Match holds `tag`, decided without building the
 * body: the etag middleware (conditionalReads) keeps the route's ETag and turns this into the 304,
 * with the headers a 200 would have.
 */
export function unchanged(c: Context, tag: string, contentType: string): Response {
  c.header('ETag', tag);
  return c.body('', 200, { 'Content-Type': contentType });
}
