// The events package's own schemas (the log's vocabulary) are built when it loads, before anything
// here counts: what is counted is what the API builds on top of them.
import '@partnership-hub/events';
import { Hono } from 'hono/tiny';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { AuthEnv } from '../src/auth.ts';
import { buildOpenApiDocument } from '../src/routes/openapi.ts';
import { RouteRegistry, type RouteSpec } from '../src/routing.ts';

/**
 * Counts the zod schemas built while `work` runs, through the hook zod calls on every schema it
 * builds (`globalThis.__zod_globalConfig.postProcessor`, which `zod/compile` installs). Each
 * schema built costs the API's cold start, as every handler registers its routes when it loads.
 */
async function counting<T>(work: () => Promise<T> | T): Promise<{ value: T; built: number }> {
  const config = (globalThis as { __zod_globalConfig?: { postProcessor?: (schema: unknown) => void } }).__zod_globalConfig!;
  let built = 0;
  config.postProcessor = () => {
    built++;
  };
  try {
    const value = await work();
    return { value, built };
  } finally {
    delete config.postProcessor;
  }
}

const info = { title: 'Test', version: '1', description: 'Test' };

describe('counting schemas', () => {
  it('sees a schema being built (so that a count of none below means none)', async () => {
    expect((await counting(() => z.object({ a: z.string() }))).built).toBeGreaterThan(0);
  });
});

describe("a route's schemas given as functions", () => {
  it("are built on the route's first request, once, and read it as the schemas themselves would", async () => {
    let builds = 0;
    const Params = () => {
      builds++;
      return z.object({ n: z.coerce.number().check(z.int()) });
    };
    const app = new Hono<AuthEnv>();
    app.onError((error) => Response.json({ error: error.name }, { status: 400 }));
    new RouteRegistry(app).add(
      { method: 'get', path: '/things/{n}', summary: 'A thing', params: Params, responses: { 200: { description: 'It' } } },
      // The type is read from the function's schema: `n` is a number.
      (c, input) => c.json({ doubled: input.params.n * 2 }),
    );
    expect(builds).toBe(0);

    expect(await (await app.request('/things/21')).json()).toEqual({ doubled: 42 });
    expect((await app.request('/things/x')).status).toBe(400);
    expect(builds).toBe(1);
  });

  it('are described in the OpenAPI document exactly as the schemas themselves are', () => {
    const Body = z.strictObject({ title: z.string() }).register(z.globalRegistry, { id: 'LazyTestBody' });
    const Query = z.object({ limit: z.optional(z.string()) });
    const Answer = z.object({ id: z.string() });
    const route = (given: (schema: z.ZodMiniType) => RouteSpec['body']): RouteSpec => ({
      method: 'put',
      path: '/v1/things/{id}',
      summary: 'Put a thing',
      params: given(z.object({ id: z.string() })),
      query: given(Query),
      headers: given(z.object({ 'if-match': z.optional(z.string()) })),
      body: given(Body),
      responses: { 200: { description: 'Written', schema: given(Answer) } },
    });
    const eager = buildOpenApiDocument([route((schema) => schema)], info);
    const lazy = buildOpenApiDocument([route((schema) => () => schema)], info);
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(eager));
    expect(lazy.paths['/v1/things/{id}']?.put?.responses['412']).toBeDefined();
  });
});

describe("the API's routes", () => {
  it('load and declare every route without building a schema, and the reference builds them', async () => {
    const { value: specs, built } = await counting(async () => {
      const { declaringRoutes } = await import('../src/groups/index.ts');
      const { routeSpecsOf } = await import('../src/groups/specs.ts');
      return routeSpecsOf(declaringRoutes, {
        subscriptions: true,
        subscriptionStore: true,
        connectors: true,
        people: true,
        identityProviders: true,
      });
    });
    expect(specs.length).toBeGreaterThan(50);
    expect(built).toBe(0);

    const document = await counting(() => buildOpenApiDocument(specs, info));
    expect(document.built).toBeGreaterThan(0);
    expect(Object.keys(document.value.components.schemas)).toContain('PriorityBody');
  });
});
