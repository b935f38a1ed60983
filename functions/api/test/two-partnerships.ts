import { inMemoryApp } from './in-memory-app.ts';

type App = ReturnType<typeof inMemoryApp>['app'];

/** A JSON call to the API with a key, answering its status and parsed body. */
export async function api(app: App, method: string, path: string, key: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * An area of two partnerships (csp-a, Safer Alpha Partnership, and csp-b, Safer Beta Partnership),
 * each with its key, in an app over in-memory stores projected at once, whose pages sign in: what
 * the pages' form tests publish into.
 */
export async function twoPartnerships(options: { adminKey: string; sessionSecret: string; areaId: string }) {
  const hub = inMemoryApp(options.adminKey, { project: true, sessionSecret: options.sessionSecret });
  const { app } = hub;
  await api(app, 'PUT', `/v1/areas/${options.areaId}`, options.adminKey, { name: 'Test Area' });
  const keys: Record<string, string> = {};
  for (const [id, name] of [
    ['csp-a', 'Safer Alpha Partnership'],
    ['csp-b', 'Safer Beta Partnership'],
  ] as const) {
    await api(app, 'PUT', `/v1/areas/${options.areaId}/organisations/${id}`, options.adminKey, { name, kind: 'csp' });
    keys[id] = (await api(app, 'POST', `/v1/areas/${options.areaId}/organisations/${id}/api-keys`, options.adminKey)).body.key as string;
  }
  return { ...hub, keys };
}
