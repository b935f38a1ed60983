import * as z from 'zod/mini';
import { PROBLEM_TYPES } from '../problem.ts';
import { type RouteRegistry, type RouteSpec, schemaOf } from '../routing.ts';

/**
 * The OpenAPI 3.1 document, generated from the route registry: every route with its parameters,
 * body and responses as JSON Schema (zod 4's own z.toJSONSchema: no extra library, which keeps the
 * Lambda bundle small), plus the RFC 9457 problem responses each route can answer. Built once, on
 * first request, after every route has been registered. `/docs` renders the same document as a
 * plain HTML page: no scripts, nothing loaded from the network.
 */
export function registerOpenApiRoutes(routes: RouteRegistry, source: (declared: RouteSpec[]) => OpenApiDocument): void {
  let document: OpenApiDocument | undefined;
  const documentOf = () => (document ??= source(routes.routes));

  routes.add(
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This API described in OpenAPI 3.1, generated from the route definitions',
      tags: ['reference'],
      auth: 'none',
      responses: { 200: { description: 'The OpenAPI document' } },
    },
    (c) => c.json(documentOf(), 200),
  );

  routes.add(
    {
      method: 'get',
      path: '/docs',
      summary: 'A readable reference of this API, rendered from the OpenAPI document',
      tags: ['reference'],
      auth: 'none',
      responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    },
    (c) => c.html(renderReference(documentOf())),
  );
}

/* ---------- the document ---------- */

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  tags: { name: string; description: string }[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> } | { $ref: string }>;
}

const Problem = z
  .object({
    type: z.string().register(z.globalRegistry, { description: 'A URI reference naming the problem type; GET it for a description' }),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.string(),
    instance: z.optional(z.string()),
    errors: z.optional(
      z.array(
        z.object({
          in: z.enum(['body', 'path', 'query', 'header']),
          pointer: z.optional(z.string()),
          field: z.string(),
          detail: z.string(),
          line: z.optional(z.number().check(z.int())).register(z.globalRegistry, { description: 'Imports: the line of the file' }),
          column: z.optional(z.number().check(z.int())).register(z.globalRegistry, { description: 'Imports: the column of the file' }),
        }),
      ),
    ),
    currentVersion: z.optional(z.number().check(z.int())),
  })
  .register(z.globalRegistry, { id: 'Problem', description: 'An RFC 9457 problem details document' });

const TAG_DESCRIPTIONS: Record<string, string> = {
  content: 'Priorities and work programme items, published by each body with its own key',
  plans: 'Plans (Police and Crime Plans, CSP plans, strategies, scrutiny work programmes), their dates, and what of them is in force',
  directory: 'Areas, organisations and API keys (the administrator)',
  protocols: 'Protocols agreed between several bodies',
  reads: 'The area, the themes and the joint view',
  feeds: 'The change feed, CloudEvents, Atom, JSON Feed, iCalendar and the Popolo export',
  imports: "Bulk import for councils' systems",
  reference: 'This reference',
};

/** A route with its schemas built (a route may declare each as a function answering it: see SchemaOf). */
type BuiltRoute = Omit<RouteSpec, 'params' | 'query' | 'headers' | 'body' | 'responses'> & {
  params?: z.ZodMiniType | undefined;
  query?: z.ZodMiniType | undefined;
  headers?: z.ZodMiniType | undefined;
  body?: z.ZodMiniType | undefined;
  responses: Record<number, { description: string; schema?: z.ZodMiniType | undefined; contentType?: string | undefined }>;
};

function built(route: RouteSpec): BuiltRoute {
  return {
    ...route,
    params: schemaOf(route.params),
    query: schemaOf(route.query),
    headers: schemaOf(route.headers),
    body: schemaOf(route.body),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, response]) => [status, { ...response, schema: schemaOf(response.schema) }]),
    ),
  };
}

/** Which problem responses a route can give, from what it reads and how it is called. */
function problemStatuses(route: BuiltRoute): number[] {
  const statuses = new Set<number>();
  const writes = route.method !== 'get';
  const underV1 = route.path.startsWith('/v1/');
  if (route.params || route.query || route.headers || route.body || writes) statuses.add(400);
  if (underV1) statuses.add(401); // an Authorization header with an unknown key is refused on every /v1 route
  if (writes) statuses.add(403);
  if (route.path.includes('{')) statuses.add(404);
  if (writes) statuses.add(409);
  if (route.headers && 'shape' in route.headers && 'if-match' in (route.headers as z.ZodMiniObject).shape) statuses.add(412);
  if (writes) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.rateLimited) {
    statuses.add(429);
    statuses.add(503);
  }
  statuses.add(500);
  return [...statuses].sort();
}

const PROBLEM_BY_STATUS = new Map<number, string>();
for (const [name, type] of Object.entries(PROBLEM_TYPES)) if (!PROBLEM_BY_STATUS.has(type.status)) PROBLEM_BY_STATUS.set(type.status, name);

export function buildOpenApiDocument(routes: RouteSpec[], info: { title: string; version: string; description: string }): OpenApiDocument {
  const components = new SchemaComponents();
  const problemRef = components.ref(Problem, 'output');
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();

  for (const route of routes.filter(isDeclared).map(built)) {
    const routeTags = route.tags ?? [defaultTag(route)];
    for (const tag of routeTags) tags.add(tag);
    const operation: Operation = {
      operationId: operationId(route),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: routeTags,
      security: securityOf(route),
      parameters: [
        ...parametersOf(components, route.params, 'path'),
        ...parametersOf(components, route.query, 'query'),
        ...parametersOf(components, route.headers, 'header'),
      ],
      responses: {},
    };
    const extra = (route as BuiltRoute & { requestContent?: Record<string, string> }).requestContent;
    if (route.body)
      operation.requestBody = {
        required: route.bodyOptional !== true,
        content: { 'application/json': { schema: components.ref(route.body, 'input') } },
      };
    else if (extra) {
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(
          Object.entries(extra).map(([type, description]) => [type, { schema: { type: 'string', description } }]),
        ),
      };
    }
    for (const [status, response] of Object.entries(route.responses ?? {})) {
      const contentType = response.contentType ?? 'application/json';
      operation.responses[status] =
        status === '204'
          ? { description: response.description }
          : {
              description: response.description,
              content: {
                [contentType]: {
                  schema: response.schema
                    ? components.ref(response.schema, 'output')
                    : contentType.includes('json')
                      ? {}
                      : { type: 'string' },
                },
              },
            };
    }
    if (route.method === 'get') operation.responses['304'] = { description: 'Not modified: the If-None-Match ETag is still current' };
    for (const status of problemStatuses(route)) {
      const name = PROBLEM_BY_STATUS.get(status)!;
      operation.responses[String(status)] = { $ref: `#/components/responses/${name}` };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation;
  }

  const responses: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(PROBLEM_TYPES)) {
    if (PROBLEM_BY_STATUS.get(type.status) !== name) continue;
    responses[name] = { description: `${type.title}. ${type.help}`, content: { 'application/problem+json': { schema: problemRef } } };
  }

  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: components.schemas,
      responses,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: "An organisation's API key, or the administrator's: Authorization: Bearer <key>",
        },
      },
    },
    tags: [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name })),
  };
}

/** Declared routes only: a guard against anything in the list that is not a full declaration. */
function isDeclared(route: RouteSpec): boolean {
  return (
    ['get', 'put', 'post', 'delete'].includes(route.method) &&
    typeof route.summary === 'string' &&
    typeof route.responses === 'object' &&
    route.responses !== null
  );
}

function defaultTag(route: BuiltRoute): string {
  if (route.path.includes('/protocols')) return 'protocols';
  if (
    route.path.includes('/api-keys') ||
    (route.method === 'put' && /^\/v1\/areas\/\{areaId\}(\/organisations\/\{organisationId\})?$/.test(route.path))
  )
    return 'directory';
  if (route.path.includes('/plans')) return 'plans';
  if (/\/(priorities|work-programme)/.test(route.path)) return 'content';
  return 'reads';
}

function operationId(route: BuiltRoute): string {
  const words = route.path
    .replace(/^\/v1\//, '')
    .split(/[/.{}-]+/)
    .filter(Boolean);
  return route.method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function securityOf(route: BuiltRoute): Record<string, string[]>[] {
  if (route.auth === 'none') return [];
  if (route.method === 'get' || route.auth === 'optional') return [{}, { apiKey: [] }];
  return [{ apiKey: [] }];
}

function parametersOf(components: SchemaComponents, schema: z.ZodMiniType | undefined, location: Parameter['in']): Parameter[] {
  if (!schema) return [];
  const json = components.inline(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as JsonSchema & { description?: string };
    return {
      name: location === 'header' ? name.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase()) : name,
      in: location,
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * Converts zod schemas to JSON Schema and collects every schema that has an id (`.register(z.globalRegistry, { id })`)
 * into components, referenced with $ref. A schema whose input and output differ (defaults,
 * transforms) gets a second component, `{id}Output`.
 */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  ref(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
    const id = z.globalRegistry.get(schema)?.id;
    const json = this.inline(schema, io);
    if (!id) return json;
    return { $ref: `#/components/schemas/${this.store(id, json)}` };
  }

  inline(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
    const id = z.globalRegistry.get(schema)?.id;
    const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    const { $schema: _schema, $defs, id: _id, ...root } = converted;
    // zod writes a root schema that has an id as a $ref to its own definition in $defs: the
    // definition is the body (kept as the ref, the component would point at itself).
    const body = id && root.$ref === `#/$defs/${id}` && $defs?.[id] ? $defs[id] : root;
    const names = new Map<string, string>();
    for (const [name, definition] of Object.entries($defs ?? {})) {
      if (name === id) continue; // the schema itself, handled by the caller
      names.set(name, this.store(name, withRefs(definition, names)));
    }
    return withRefs(body, names, id);
  }

  private store(name: string, json: JsonSchema): string {
    const text = JSON.stringify(json);
    const existing = this.schemas[name];
    if (existing === undefined) {
      this.schemas[name] = json;
      return name;
    }
    if (JSON.stringify(existing) === text) return name;
    const variant = `${name}Output`;
    this.schemas[variant] ??= json;
    return variant;
  }
}

/** Points `#/$defs/X` refs at the components (under the name X was stored as). */
function withRefs(json: JsonSchema, names: Map<string, string>, selfId?: string): JsonSchema {
  return JSON.parse(
    JSON.stringify(json, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') {
        if (value === '#') return `#/components/schemas/${selfId}`;
        const match = /^#\/\$defs\/(.+)$/.exec(value);
        if (match) return `#/components/schemas/${names.get(match[1]!) ?? match[1]}`;
      }
      return value;
    }),
  ) as JsonSchema;
}

/* ---------- the readable reference ---------- */

const escapeHtml = (text: string | undefined) =>
  (text ?? '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const code = (text: string | undefined) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function schemaSummary(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => `<code>${escapeHtml(String(value))}</code>`).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  if (type === 'array') return `array of ${schemaSummary(schema.items as JsonSchema)}`;
  return escapeHtml(type + (schema.format ? ` (${String(schema.format)})` : ''));
}

function renderReference(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const sections = document.tags.map((tag) => {
    const inTag = operations.filter(({ operation }) => operation.tags.includes(tag.name));
    return `<section><h2 id="tag-${escapeHtml(tag.name)}">${escapeHtml(tag.name)}</h2><p>${escapeHtml(tag.description)}</p>${inTag.map(renderOperation).join('\n')}</section>`;
  });
  const schemas = Object.entries(document.components.schemas).map(
    ([name, schema]) =>
      `<section class="schema"><h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
  );
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} — API reference</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#0b0c0c}
code,pre{font-family:ui-monospace,Consolas,monospace;font-size:.9em}pre{background:#f3f2f1;padding:.75rem;overflow:auto}
.operation{border-top:1px solid #b1b4b6;padding:.5rem 0}.method{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}
table{border-collapse:collapse}td,th{border-bottom:1px solid #b1b4b6;padding:.25rem .5rem;text-align:left;vertical-align:top}
nav ul{columns:2}
</style>
</head>
<body>
<h1>${escapeHtml(document.info.title)} — API reference</h1>
<p>${code(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}). Errors are <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a> problem documents (<a href="#schema-Problem">Problem</a>).</p>
<nav><h2>Contents</h2><ul>${document.tags.map((tag) => `<li><a href="#tag-${escapeHtml(tag.name)}">${escapeHtml(tag.name)}</a></li>`).join('')}<li><a href="#schemas">schemas</a></li></ul></nav>
${sections.join('\n')}
<h2 id="schemas">Schemas</h2>
${schemas.join('\n')}
</body>
</html>`;
}

function renderOperation({ path, method, operation }: { path: string; method: string; operation: Operation }): string {
  const parameters = operation.parameters.length
    ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>${operation.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${schemaSummary(p.schema)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${code(p.description ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const body = operation.requestBody
    ? `<p>Body: ${Object.entries(operation.requestBody.content)
        .map(([type, media]) => `<code>${escapeHtml(type)}</code> ${schemaSummary(media.schema)}`)
        .join('; ')}</p>`
    : '';
  const responses = Object.entries(operation.responses)
    .map(([status, response]) => {
      if ('$ref' in response) {
        const name = response.$ref.split('/').pop()!;
        return `<li><strong>${status}</strong> problem: <a href="/problems/${escapeHtml(name)}">${escapeHtml(name)}</a></li>`;
      }
      const media = Object.entries(response.content ?? {})
        .map(([type, content]) => `<code>${escapeHtml(type)}</code> ${schemaSummary(content.schema)}`)
        .join('; ');
      return `<li><strong>${status}</strong> ${escapeHtml(response.description)}${media ? ` — ${media}` : ''}</li>`;
    })
    .join('');
  const auth =
    operation.security.length === 0
      ? 'No key needed.'
      : operation.security.some((s) => Object.keys(s).length === 0)
        ? 'Key optional (with one, partners content too).'
        : 'Needs an API key.';
  return `<div class="operation" id="${escapeHtml(operation.operationId)}"><h3><span class="method">${escapeHtml(method)}</span> <code>${escapeHtml(path)}</code></h3>
<p>${code(operation.summary)}</p>${operation.description ? `<p>${code(operation.description)}</p>` : ''}<p>${auth}</p>${parameters}${body}<ul>${responses}</ul></div>`;
}
