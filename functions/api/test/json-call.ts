import { expect } from 'vitest';

/** What the app under test answers requests with (Hono's `app.request`). */
interface RequestTarget {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

export interface CallOptions {
  /** Sent as the bearer token. */
  key?: string;
  /** Sent as JSON; a string is sent as it is (for malformed or hand-written bodies). */
  body?: unknown;
  /** The body's content type, when not JSON. */
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * A call to the API as a client makes it, answering the status, headers and body (parsed when it is
 * JSON). `target` is asked for the app at each call, so a test file may build a new app per test.
 */
export function jsonCaller(target: () => RequestTarget) {
  return async (method: string, path: string, options: CallOptions = {}) => {
    const response = await target().request(path, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: /^[[{]/.test(text) ? JSON.parse(text) : text };
  };
}

/**
 * A JSON write that must succeed: anything but 2xx fails the test, saying what was sent and what
 * the API answered. Answers the parsed body (a new key's `key`, for instance).
 */
export function settingUp(target: () => RequestTarget, defaultKey: () => string) {
  const call = jsonCaller(target);
  return async (method: string, path: string, body: unknown, key = defaultKey()) => {
    const answer = await call(method, path, { key, body });
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body as { key?: string };
  };
}
