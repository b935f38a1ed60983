import {
  DomainError,
  InvalidChangeError,
  NotAuthenticatedError,
  NotFoundError,
  NotPermittedError,
  VersionConflictError,
} from '@partnership-hub/domain';
import { plainMessages } from '@partnership-hub/events';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
// Hono's tiny preset (its PatternRouter) rather than the default SmartRouter, which carries both the
// RegExpRouter and the TrieRouter: about 6 KB off every API bundle, whose budget is 300 KB
// (infra/test/aws-bundles.synth.ts); its routes, their order and their 404s and 405s are the same.
import { Hono } from 'hono/tiny';
import { trimTrailingSlash } from 'hono/trailing-slash';
import * as z from 'zod/mini';
import { type AuthEnv, resolveCaller } from './auth.ts';
import { conditionalReads, readCacheControl } from './caching.ts';
import type { ApiDeps } from './deps.ts';
import { fieldErrors, PROBLEM_TYPES, ProblemError, type ProblemName, problemResponse } from './problem.ts';
import { askedForAPage, type HubApp, MAX_BODY_BYTES, type PageAnswers, type RouteGroup, RouteRegistry, type RouteSpec } from './routing.ts';

export type { HubApp } from './routing.ts';

/** Bulk imports carry whole files and set their own, larger limit (routes/imports.ts). */
const IMPORT_PATH = /^\/v1\/areas\/[^/]+\/organisations\/[^/]+\/(priorities|work-programme)\/import$/;
/** The upload page's forms carry the same files (pages/routes/upload.tsx sets their limits). */
const UPLOAD_PAGE_PATH = /^\/areas\/[^/]+\/bodies\/[^/]+\/import(\/confirm)?$/;

/**
 * The hub's HTTP API: one Hono app, served by @hono/node-server in the local run and by
 * hono/aws-lambda in Lambda. Everything that differs between the two is in `deps`, and which
 * route groups it serves: the local run serves them all from one app; in AWS each Lambda entry
 * serves some (groups/*.ts), so that each bundle carries only its own libraries.
 */
export function createApp(deps: ApiDeps, groups: readonly RouteGroup[]): HubApp & { specs: RouteSpec[] } {
  // Validation problems in plain words ("title must be 200 characters or fewer"), for callers and
  // the pages alike. zod keeps one configuration per process; every app sets the same.
  z.config({ customError: plainMessages });
  const app = new Hono<AuthEnv>();
  const registry = new RouteRegistry(app);

  app.use('*', noSniffing());
  // One address per page and resource: a GET ending in a slash is sent to the address without it
  // (some pages answered both ways, others 404), so links, bookmarks and caches agree on one.
  app.use('*', trimTrailingSlash({ alwaysRedirect: true }));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError('payload-too-large', `The request body is over ${MAX_BODY_BYTES / 1024} KB.`);
    },
  });
  // Not hono/combine's except(): it composes its middleware anew on every request, which a profile
  // of the joint view's read put at about 1% of the process's time; this is the same rule, called directly.
  // GET and HEAD skip it: they carry no body (a Request cannot have one), and the limit's first step,
  // reading `c.req.raw.body`, makes @hono/node-server build a whole fetch Request (headers, abort
  // signal) that a read otherwise never needs: about a tenth of the joint view's read in the local run.
  app.use('*', (c, next) =>
    c.req.method === 'GET' ||
    c.req.method === 'HEAD' ||
    (c.req.method === 'POST' && (IMPORT_PATH.test(c.req.path) || UPLOAD_PAGE_PATH.test(c.req.path)))
      ? next()
      : limitBody(c, next),
  );
  app.use('/v1/*', resolveCaller(deps.apiKeys, deps.adminKeyHash));
  // ETag/304 and Cache-Control on every read (the etag middleware must wrap the Cache-Control one).
  for (const path of ['/v1/*', '/openapi.json', '/docs']) app.use(path, conditionalReads(), readCacheControl());

  const pages: PageAnswers = {};
  for (const group of groups) group({ app, routes: registry, deps, pages });

  // The front door for API clients: where to go next (browsers get the start page, groups/pages.ts).
  app.get('/', (c) =>
    c.json({
      name: 'Partnership Hub',
      description: 'Where the bodies of a police force area share their priorities, work programmes and protocols.',
      links: {
        themes: '/v1/themes',
        area: '/v1/areas/{areaId}',
        jointPriorities: '/v1/areas/{areaId}/joint-priorities',
        plans: '/v1/areas/{areaId}/organisations/{organisationId}/plans',
        priorities: '/v1/areas/{areaId}/organisations/{organisationId}/priorities',
        workProgramme: '/v1/areas/{areaId}/organisations/{organisationId}/work-programme',
        protocols: '/v1/areas/{areaId}/protocols',
      },
    }),
  );

  app.get('/problems/:name', (c) => {
    const name = c.req.param('name') as ProblemName;
    // Its own entries only: "toString" or "constructor" would otherwise be found on the object's prototype.
    if (!Object.hasOwn(PROBLEM_TYPES, name)) return problemResponse(c, 'not-found', `There is no problem type called ${name}.`);
    const type = PROBLEM_TYPES[name];
    return c.json({ type: `/problems/${name}`, title: type.title, status: type.status, help: type.help });
  });

  const allowedAt = methodsByPath(registry.routes);
  app.notFound((c) => {
    // An address the API serves, asked with another method: 405 with the methods it does serve (RFC 9110, section 15.5.6).
    const allowed = allowedAt(c.req.path);
    if (allowed) {
      c.header('Allow', allowed.join(', '));
      return problemResponse(c, 'method-not-allowed', `${c.req.path} is served with ${allowed.join(', ')}, not ${c.req.method}.`);
    }
    return problemResponse(
      c,
      'not-found',
      `Nothing is served at ${c.req.method} ${c.req.path}. The API is under /v1; see the README for its routes.`,
    );
  });
  app.onError((error, c) =>
    // A form a browser sent over the limit (the limit answers before any page family's own errors could).
    pages.formTooLarge && error instanceof ProblemError && error.problem === 'payload-too-large' && askedForAPage(c)
      ? pages.formTooLarge(c, MAX_BODY_BYTES)
      : answerError(error, c, deps),
  );
  // `specs`, not `routes`: Hono keeps its own `routes` list on the app.
  return Object.assign(app, { specs: registry.routes });
}

/**
 * Every answer, JSON, feed, page or problem, says its Content-Type is final (`nosniff`), so that no
 * browser reads a JSON or text answer as HTML or script. Only that header: the pages set their own
 * Content-Security-Policy and Referrer-Policy, and a route that set a header keeps it. Written
 * here rather than as hono/secure-headers with every other header switched off: that module's
 * defaults for the others were 3 KB of each Lambda bundle, room the rate limits needed.
 */
function noSniffing() {
  return createMiddleware(async (c, next) => {
    await next();
    if (!c.res.headers.has('X-Content-Type-Options')) c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });
}

/**
 * The methods the declared routes serve at a path (GET's HEAD too), or undefined where none is
 * declared. Worked out when asked, from the same declarations the routes and the OpenAPI document
 * come from, so it cannot drift from them; only a request no route answered asks.
 */
function methodsByPath(routes: readonly RouteSpec[]): (path: string) => string[] | undefined {
  let patterns: { pattern: RegExp; method: string }[] | undefined;
  return (path) => {
    patterns ??= routes.map((route) => ({
      pattern: new RegExp(`^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
      method: route.method.toUpperCase(),
    }));
    const methods = new Set(patterns.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method));
    if (methods.size === 0) return undefined;
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

function answerError(error: Error, c: Parameters<Parameters<HubApp['onError']>[0]>[1], deps: ApiDeps): Response {
  if (error instanceof ProblemError) return problemResponse(c, error.problem, error.detail, error.extensions);
  if (error instanceof VersionConflictError)
    return problemResponse(
      c,
      'precondition-failed',
      error.message,
      error.currentVersion === undefined ? {} : { currentVersion: error.currentVersion },
    );
  if (error instanceof NotFoundError) return problemResponse(c, 'not-found', error.message);
  if (error instanceof NotAuthenticatedError) return problemResponse(c, 'unauthenticated', error.message);
  if (error instanceof NotPermittedError) return problemResponse(c, 'forbidden', error.message);
  if (error instanceof InvalidChangeError) return problemResponse(c, 'conflict', error.message);
  if (error instanceof DomainError) return problemResponse(c, 'conflict', error.message);
  if (error instanceof HTTPException && error.status < 500) {
    if (error.status === 400) return problemResponse(c, 'malformed-request', `${error.message}. Send the body as a JSON object.`);
    if (error.status === 415) return problemResponse(c, 'unsupported-media-type', 'Bodies must be JSON (Content-Type: application/json).');
    if (error.status === 413) return problemResponse(c, 'payload-too-large', `The request body is over ${MAX_BODY_BYTES / 1024} KB.`);
    return problemResponse(c, 'malformed-request', error.message);
  }
  if (error.name === 'ZodError') {
    // Only reachable if a route forgot its schema: still the caller's input, so still a 400.
    return problemResponse(c, 'validation-error', 'The request has invalid fields.', { errors: fieldErrors(error as never, 'body') });
  }
  if (c.req.raw.signal.aborted) {
    // The client went away while its request was being read: nobody will see the answer, and
    // nothing is wrong with the hub, so it is not logged as an error.
    deps.logger.info('the client closed the connection before the request was read', { path: c.req.path, method: c.req.method });
    return problemResponse(c, 'malformed-request', 'The request ended before its body was complete.');
  }
  deps.logger.error('unhandled error', { error: error.stack ?? String(error), path: c.req.path, method: c.req.method });
  return problemResponse(c, 'internal-error', 'The hub could not complete this request.');
}
