import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { DomainError, InvalidChangeError, NotFoundError, NotPermittedError, VersionConflictError } from '@partnership-hub/domain';
import { resolveCaller, type AuthEnv } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { fieldErrors, PROBLEM_TYPES, ProblemError, problemResponse, type ProblemName } from './problem.ts';
import { RouteRegistry, type HubApp, type RouteSpec } from './routing.ts';
import { registerContentRoutes } from './routes/content.ts';
import { registerDirectoryRoutes } from './routes/directory.ts';
import { registerProtocolRoutes } from './routes/protocols.ts';
import { registerReadRoutes } from './routes/reads.ts';

export type { HubApp } from './routing.ts';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The hub's HTTP API: one Hono app, served by @hono/node-server in the local run and by
 * hono/aws-lambda in Lambda. Everything that differs between the two is in `deps`.
 */
export function createApp(deps: ApiDeps): HubApp & { routes: RouteSpec[] } {
  const app = new Hono<AuthEnv>();
  const registry = new RouteRegistry(app);

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ProblemError('payload-too-large', `The request body is over ${MAX_BODY_BYTES / 1024} KB.`);
      },
    }),
  );
  app.use('/v1/*', resolveCaller(deps.apiKeys, deps.adminKeyHash));

  registerReadRoutes(registry, deps);
  registerDirectoryRoutes(registry, deps);
  registerContentRoutes(registry, deps);
  registerProtocolRoutes(registry, deps);

  // The front door: where to go next. The browser pages will live here too.
  app.get('/', (c) =>
    c.json({
      name: 'Partnership Hub',
      description: 'Where the bodies of a police force area share their priorities, work programmes and protocols.',
      links: {
        themes: '/v1/themes',
        area: '/v1/areas/{areaId}',
        jointPriorities: '/v1/areas/{areaId}/joint-priorities',
        priorities: '/v1/areas/{areaId}/organisations/{organisationId}/priorities',
        workProgramme: '/v1/areas/{areaId}/organisations/{organisationId}/work-programme',
        protocols: '/v1/areas/{areaId}/protocols',
      },
    }),
  );

  app.get('/problems/:name', (c) => {
    const name = c.req.param('name') as ProblemName;
    const type = PROBLEM_TYPES[name];
    if (!type) return problemResponse(c, 'not-found', `There is no problem type called ${name}.`);
    return c.json({ type: `/problems/${name}`, title: type.title, status: type.status, help: type.help });
  });

  app.notFound((c) => problemResponse(c, 'not-found', `Nothing is served at ${c.req.method} ${c.req.path}. The API is under /v1; see the README for its routes.`));
  app.onError((error, c) => answerError(error, c, deps));
  return Object.assign(app, { routes: registry.routes });
}


function answerError(error: Error, c: Parameters<Parameters<HubApp['onError']>[0]>[1], deps: ApiDeps): Response {
  if (error instanceof ProblemError) return problemResponse(c, error.problem, error.detail, error.extensions);
  if (error instanceof VersionConflictError) return problemResponse(c, 'precondition-failed', error.message, error.currentVersion === undefined ? {} : { currentVersion: error.currentVersion });
  if (error instanceof NotFoundError) return problemResponse(c, 'not-found', error.message);
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
  deps.logger.error('unhandled error', { error: error.stack ?? String(error), path: c.req.path, method: c.req.method });
  return problemResponse(c, 'internal-error', 'The hub could not complete this request.');
}
