import { duplicateKeyOf } from '@partnership-hub/feeds/strict-json';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import type * as z from 'zod/mini';
import type { AuthEnv } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { fieldErrors, ProblemError, validationProblem } from './problem.ts';

/**
 * A route, declared once: its method, path, what it reads (validated by zod at the edge) and
 * what it answers. The declarations are kept in a registry so the API's OpenAPI document is
 * generated from them.
 *
 * Written here rather than with @hono/zod-openapi: that package extends the whole zod
 * namespace at import, which puts all of zod (~450 KB, mostly locales) into the Lambda
 * bundle and breaks the 300 KB budget. This layer is the small part of it the hub needs.
 */
export interface RouteSpec {
  method: 'get' | 'put' | 'post' | 'delete';
  /** OpenAPI style: /v1/areas/{areaId} */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Who may call it, in words, for the reference. */
  auth?: 'none' | 'admin' | 'organisation' | 'member' | 'optional';
  params?: SchemaOf;
  query?: SchemaOf;
  headers?: SchemaOf;
  body?: SchemaOf;
  /** The body may be left out (clients written before it existed send none): it is then read as `{}`. */
  bodyOptional?: boolean;
  responses: Record<number, { description: string; schema?: SchemaOf; contentType?: string }>;
  /** Counts against the hub's rate limits (rate-limits.ts): may answer 429 with Retry-After, or 503 when they cannot be counted. */
  rateLimited?: boolean;
}

/**
 * A route's schema, or a function answering it (`once(() => z.object(...))`, see schemas.ts): such
 * a schema is built when its route is first called, or when the reference is generated, rather
 * than when the handler is loaded, which keeps zod's work out of the cold start.
 */
export type SchemaOf<T extends z.ZodMiniType = z.ZodMiniType> = T | (() => T);

/** The schema itself, built now if it is given as a function. */
export function schemaOf<T extends z.ZodMiniType>(schema: SchemaOf<T>): T;
export function schemaOf<T extends z.ZodMiniType>(schema: SchemaOf<T> | undefined): T | undefined;
export function schemaOf<T extends z.ZodMiniType>(schema: SchemaOf<T> | undefined): T | undefined {
  return typeof schema === 'function' ? schema() : schema;
}

type Out<T> = T extends z.ZodMiniType
  ? z.output<T>
  : T extends () => infer S
    ? S extends z.ZodMiniType
      ? z.output<S>
      : undefined
    : undefined;
interface InputOf<R extends RouteSpec> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  headers: Out<R['headers']>;
  body: Out<R['body']>;
}

export type HubApp = Hono<AuthEnv>;

/** The largest body a request may have (app.ts), bulk imports and the upload page aside. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Whether a request is a browser asking for a page rather than a client of the API: such a request
 * is answered with a page where the API would answer a problem (a page not found, a form too large).
 */
export function askedForAPage(c: Context): boolean {
  return !c.req.path.startsWith('/v1/') && (c.req.header('accept') ?? '').includes('text/html');
}

/**
 * What the pages answer in place of the app's own problems, set by the page groups an app serves
 * (groups/pages.ts): a person who sent a form is shown a page, never a JSON problem.
 */
export interface PageAnswers {
  /** A form over the app's body limit (app.ts): a page saying so, and what to do. */
  formTooLarge?: (c: Context, limitBytes: number) => Promise<Response>;
}

/** A set of routes (and any middleware of their own) that an app may serve: see groups/. */
export type RouteGroup = (context: { app: HubApp; routes: RouteRegistry; deps: ApiDeps; pages: PageAnswers }) => void;
export type Handler<R extends RouteSpec> = (c: Context<AuthEnv>, input: InputOf<R>) => Response | Promise<Response>;

export class RouteRegistry {
  /**
   * @param app where the routes are served: the whole app, or one resource's sub-app
   * @param routes every declaration, shared with the registries of the resources' sub-apps
   * @param base the path `app` is mounted at (OpenAPI style)
   */
  constructor(
    private readonly app: HubApp,
    readonly routes: RouteSpec[] = [],
    private readonly base = '',
  ) {}

  /**
   * One resource's routes on a Hono app of their own, mounted at `base` with `app.route()`. Routes
   * keep declaring their whole path, as clients call it and the reference shows it; each must be under `base`.
   */
  resource(base: string, declare: (routes: RouteRegistry) => void): void {
    const app = new Hono<AuthEnv>();
    declare(new RouteRegistry(app, this.routes, base));
    this.app.route(toHonoPath(this.relative(base)), app);
  }

  add<const R extends RouteSpec>(spec: R, handler: Handler<R>): void {
    this.routes.push(spec);
    // The path's last parameter names the item a body is about: its `id`, if the body sends one back.
    const itemParam = /\{(\w+)\}$/.exec(spec.path)?.[1];
    // Built on the route's first request, and kept: a route never called never builds its schemas.
    let schemas: { params?: z.ZodMiniType; query?: z.ZodMiniType; headers?: z.ZodMiniType; body?: z.ZodMiniType } | undefined;
    const schemasOf = () =>
      (schemas ??= {
        params: schemaOf(spec.params),
        query: schemaOf(spec.query),
        headers: schemaOf(spec.headers),
        body: schemaOf(spec.body),
      });
    this.app.on(spec.method.toUpperCase(), toHonoPath(this.relative(spec.path)) || '/', async (c) => {
      const path: Record<string, string | undefined> = c.req.param();
      const { params, query, headers, body } = schemasOf();
      const input = {
        params: parse(params, path, 'path'),
        query: parse(query, c.req.query(), 'query'),
        headers: parse(headers, c.req.header(), 'header'),
        body: body ? parse(body, await readJson(c, spec.bodyOptional === true), 'body') : undefined,
      } as InputOf<R>;
      if (spec.body) {
        const own = { areaId: path.areaId, organisationId: path.organisationId, id: itemParam ? path[itemParam] : undefined };
        const foreign = foreignEchoes(input.body, own);
        if (foreign.length > 0) throw validationProblem(foreign.map((error) => ({ in: 'body', pointer: `#/${error.field}`, ...error })));
      }
      return handler(c, input);
    });
  }

  private relative(path: string): string {
    if (path !== this.base && !path.startsWith(`${this.base}/`))
      throw new Error(`${path} is not under ${this.base}, where this resource is mounted`);
    return path.slice(this.base.length);
  }
}

const toHonoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * The identity a GET answers (`id`, `areaId`, `organisationId`) may be sent back unchanged (see
 * schemas.ts), and is then ignored; where it names another item, body or area than the address it
 * is sent to, the body is refused rather than read as if it named this one.
 */
export function foreignEchoes(
  body: unknown,
  own: { areaId?: string | undefined; organisationId?: string | undefined; id?: string | undefined },
): { field: string; detail: string }[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const sent = body as Record<string, unknown>;
  return (['areaId', 'organisationId', 'id'] as const)
    .filter((field) => sent[field] !== undefined && own[field] !== undefined && sent[field] !== own[field])
    .map((field) => ({
      field,
      detail: `is ${JSON.stringify(sent[field])}, but the address it was sent to is ${own[field]}'s: send back what its GET answered, or leave it out`,
    }));
}

function parse(schema: z.ZodMiniType | undefined, value: unknown, location: 'path' | 'query' | 'header' | 'body'): unknown {
  if (!schema) return undefined;
  // With each issue's input, so that a field left out is told apart from one given wrongly (fieldErrors).
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw validationProblem(fieldErrors(result.error, location));
  return result.data;
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;
/** A body sent with no type, or fetch's and curl's defaults, is read as JSON rather than refused with a puzzle. */
const READ_AS_JSON = new Set(['', 'text/plain', 'application/x-www-form-urlencoded']);

async function readJson(c: Context, optional: boolean): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPE.test(type) && !READ_AS_JSON.has(type)) {
    throw new ProblemError('unsupported-media-type', `Bodies must be JSON (Content-Type: application/json), not ${type}.`);
  }
  const text = await readUtf8(c);
  if (text.trim() === '' && optional) return {};
  if (text.trim() === '') throw new ProblemError('malformed-request', 'The request has no body; send a JSON object.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ProblemError(
      'malformed-request',
      `The body is not valid JSON (${(error as Error).message}). Send the body as a JSON object.`,
    );
  }
  const duplicate = duplicateKeyOf(text);
  if (duplicate !== undefined) {
    throw new ProblemError(
      'malformed-request',
      `The body has the field ${JSON.stringify(duplicate)} more than once in the same object; send each field once.`,
    );
  }
  return body;
}

// Fatal, unlike Request.text(): a body that is not UTF-8 would otherwise have each bad byte turned
// into U+FFFD without a word, and the client's text stored altered.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The request body as text; a 400 when it is not UTF-8. */
export async function readUtf8(c: Context): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new ProblemError('malformed-request', 'The body is not valid UTF-8; send it encoded as UTF-8.');
  }
}
