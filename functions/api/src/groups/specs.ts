import { Hono } from 'hono/tiny';
import type { AuthEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { type RouteGroup, RouteRegistry, type RouteSpec } from '../routing.ts';

/**
 * The routes a group declares, without serving them: the CDK stack sends exactly these paths to
 * the function that serves the group. Only for groups that declare every route in the registry
 * and touch no dependency while registering (the feeds do; the pages do not).
 */
export function routeSpecsOf(groups: readonly RouteGroup[], present: Partial<Record<keyof ApiDeps, true>> = {}): RouteSpec[] {
  const registry = new RouteRegistry(new Hono<AuthEnv>());
  // `present`: optional dependencies to treat as configured, so the routes that need them are declared too.
  const refuse = (name: string | symbol): never => {
    throw new Error(`routeSpecsOf: a group used deps.${String(name)} while registering`);
  };
  const unused = new Proxy({} as ApiDeps, {
    get: (_target, name) =>
      typeof name === 'string' && name in present
        ? new Proxy({}, { get: (_inner, inner) => refuse(`${name}.${String(inner)}`) })
        : refuse(name),
  });
  for (const group of groups) group({ app: new Hono<AuthEnv>(), routes: registry, deps: unused, pages: {} });
  return registry.routes;
}
