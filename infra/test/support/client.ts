import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

export interface CallOptions {
  key?: string;
  body?: unknown;
  /** Sent as-is, for malformed-body tests. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** A small HTTP client for the hub's API: real requests over loopback, like any client's. */
export function client(baseUrl: string) {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

/**
 * Retries an assertion until it passes or `withinMs` runs out, answering what it answers: reads
 * are eventually consistent with writes (the contract: within 2 s on the local run).
 */
export function eventually<T>(assertion: () => Promise<T>, withinMs = 2_000): Promise<T> {
  return vi.waitFor(assertion, { timeout: withinMs, interval: 20 });
}

export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'partnership-hub-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
