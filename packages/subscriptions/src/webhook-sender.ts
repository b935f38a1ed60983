import http from 'node:http';
import https from 'node:https';
import { pinnedLookup } from '@partnership-hub/outbound';
import { Webhook } from 'standardwebhooks';
import { checkWebhookUrl, type EndpointPolicy, type ResolvedAddress, UnsafeEndpointError } from './addresses.ts';
import { excerpt } from './model.ts';
import type { WebhookPayload } from './payload.ts';

export interface WebhookRequest {
  url: string;
  /** The delivery id: `webhook-id`, the same on every attempt. */
  deliveryId: string;
  signingSecret: string;
  /** During a rotation's grace period, the replaced secret signs as well. */
  previousSigningSecret?: string;
  payload: WebhookPayload;
  at: Date;
}

export interface WebhookResponse {
  /** Undefined when there was no HTTP answer (refused address, timeout, connection error). */
  status?: number;
  retryAfter?: string;
  /** The start of the answer (a few KB at most): enough to read a verification challenge. */
  body?: string;
  error?: string;
  /** The URL failed the address checks at delivery time. */
  unsafe?: boolean;
}

export type SendWebhook = (request: WebhookRequest) => Promise<WebhookResponse>;

export interface WebhookSenderOptions extends EndpointPolicy {
  timeoutMs?: number;
  userAgent?: string;
}

const READ_LIMIT = 4096;

/** The Standard Webhooks headers for a body: signed with the `standardwebhooks` library itself. */
export function signedHeaders(
  request: Pick<WebhookRequest, 'deliveryId' | 'signingSecret' | 'previousSigningSecret' | 'at'>,
  body: string,
): Record<string, string> {
  // Standard Webhooks: several signatures, space-separated; a receiver accepts any one it can check.
  const secrets = request.previousSigningSecret ? [request.signingSecret, request.previousSigningSecret] : [request.signingSecret];
  const signature = secrets.map((secret) => new Webhook(secret).sign(request.deliveryId, request.at, body)).join(' ');
  return {
    'webhook-id': request.deliveryId,
    'webhook-timestamp': String(Math.floor(request.at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/**
 * Sends one signed webhook. The URL is checked again (the name may point somewhere else now)
 * and the connection goes to the address that was checked, never to a second lookup, so DNS
 * rebinding cannot slip a private address in between. Redirects are not followed (a 3xx is just
 * an answer), the whole exchange has 10 s, and only the first few KB of the answer are read.
 */
export function createWebhookSender(options: WebhookSenderOptions): SendWebhook {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (request) => {
    let address: ResolvedAddress;
    let url: URL;
    try {
      const checked = await checkWebhookUrl(request.url, options);
      url = checked.url;
      address = checked.addresses[0]!;
    } catch (error) {
      if (error instanceof UnsafeEndpointError) return { unsafe: true, error: error.message };
      throw error;
    }
    const body = JSON.stringify(request.payload);
    const headers = {
      ...signedHeaders(request, body),
      'content-type': 'application/json',
      'user-agent': options.userAgent ?? 'PartnershipHub-Webhooks/1',
      'content-length': String(Buffer.byteLength(body)),
    };
    return post(url, address, headers, body, timeoutMs);
  };
}

function post(
  url: URL,
  address: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<WebhookResponse> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (response: WebhookResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(response);
    };
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { method: 'POST', headers, lookup: pinnedLookup(address), agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= READ_LIMIT) response.destroy();
      });
      const done = () =>
        finish({
          status: response.statusCode,
          ...(typeof response.headers['retry-after'] === 'string' ? { retryAfter: response.headers['retry-after'] } : {}),
          body: Buffer.concat(chunks).subarray(0, READ_LIMIT).toString('utf8'),
        });
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${timeoutMs / 1000} s` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish({ error: `could not connect: ${error.code ?? error.message}` }));
    request.end(body);
  });
}

/** What is kept of an answer: the status and at most 256 characters. */
export function describeResponse(response: WebhookResponse): { status?: number; error?: string; excerpt?: string } {
  return {
    ...(response.status !== undefined ? { status: response.status } : {}),
    ...(response.error ? { error: response.error } : {}),
    ...(response.body ? { excerpt: excerpt(response.body) } : {}),
  };
}
