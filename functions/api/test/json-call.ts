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
