/**
 * The baseline server: the same server library (@hono/node-server) and the same store (the
 * hub's embedded DynamoDB table) as the hub, with nothing else in between. The read is one
 * DynamoDB call and the write the least an authenticated write makes (the key lookup and the
 * conditional PutItem), so the hub's figures can be read against those calls through this server.
 */
import type { AddressInfo } from 'node:net';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ServerType, serve } from '@hono/node-server';
import type { LocalAwsConnection } from '@partnership-hub/local-aws';
import { createDocumentClient } from '@partnership-hub/store';
import { Hono } from 'hono';

export interface RawStoreServerOptions {
  /** The hub's own connection to its table (LocalHub.dynamoDb), so that the baseline pays what the hub pays. */
  dynamoDb: LocalAwsConnection;
  tableName: string;
  /** The one item the read route gets. */
  readKey: { pk: string; sk: string };
  /** Prefix of the items the write route creates (each under a key of its own). */
  writePkPrefix: string;
  /**
   * The item the write route reads first, as any authenticated write must (the caller's API key
   * item): a write is then the key lookup and one conditional PutItem, what the hub's PUT
   * target is measured against. Without it, the PutItem alone.
   */
  writeKeyLookup?: { pk: string; sk: string };
}

export interface RawStoreServer {
  url: string;
  /** GET: one GetItem of `readKey`; answers the item's `gz` attribute as stored (a gzipped JSON document). */
  readPath: string;
  /** PUT {readPath}/{n}: the key lookup (one GetItem), if configured, then one conditional PutItem (attribute_not_exists(pk)) of a fresh item holding the request body. */
  writePath: (n: string) => string;
  stop: () => Promise<void>;
}

export async function startRawStoreServer(options: RawStoreServerOptions): Promise<RawStoreServer> {
  // Same client construction as the hub's own wiring (store package), through the same connection.
  const documents = createDocumentClient(options.dynamoDb);
  const app = new Hono();

  app.get('/raw/item', async (c) => {
    const result = await documents.send(new GetCommand({ TableName: options.tableName, Key: options.readKey }));
    if (!result.Item) return c.json({ error: 'no such item' }, 404);
    // The joint view item holds a gzipped JSON document: send it as stored, as the hub's route
    // does, so both answer the same bytes and the comparison is of what happens around the GetItem.
    return c.body(result.Item.gz as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Content-Encoding': 'gzip',
      Vary: 'Accept-Encoding',
    });
  });

  app.put('/raw/items/:n', async (c) => {
    const body = await c.req.text();
    const pk = `${options.writePkPrefix}${c.req.param('n')}`;
    if (options.writeKeyLookup) {
      const key = await documents.send(new GetCommand({ TableName: options.tableName, Key: options.writeKeyLookup }));
      if (!key.Item) return c.json({ error: 'no such key' }, 401);
    }
    try {
      await documents.send(
        new PutCommand({ TableName: options.tableName, Item: { pk, sk: 'item', body }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return c.json({ error: 'exists' }, 409);
      throw error;
    }
    return c.json({ id: pk }, 201);
  });

  app.onError((error, c) => c.json({ error: String(error) }, 500));

  const server: ServerType = await new Promise((ready) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(started));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    readPath: '/raw/item',
    writePath: (n) => `/raw/items/${encodeURIComponent(n)}`,
    stop: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      documents.destroy();
    },
  };
}
