/// <reference path="./dynalite.d.ts" />
// The triple-slash reference makes the dynalite declaration travel with this file, so a package
// that type-checks it through `@partnership-hub/local-aws` (whose exports point at src/) needs no
// declaration of its own.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ClassicLevel } from 'classic-level';
import dynalite from 'dynalite';

/** The LevelDB folder is held by another server, in this process or another (a running hub). */
export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
  constructor(readonly path: string) {
    super(`The database in ${path} is in use by another process (its LevelDB lock is held)`);
  }
}

export interface EmbeddedDynamoDbOptions {
  /** LevelDB folder, kept across restarts; omit for an in-memory store that dies with the server. */
  path?: string;
  /** 0 (the default) = a free port picked by the OS. */
  port?: number;
}

/**
 * A real DynamoDB-API server (dynalite, on LevelDB) on 127.0.0.1, for the local run and tests.
 * The unmodified DynamoDB client talks to it through `endpoint`.
 *
 * Differences from DynamoDB that callers must design for (dynalite's, not ours):
 * - table and index names must be at least 3 characters;
 * - TransactWriteItems / TransactGetItems are not supported.
 */
export class EmbeddedDynamoDb {
  private server: Server | undefined;
  private readonly options: EmbeddedDynamoDbOptions;

  constructor(options: EmbeddedDynamoDbOptions = {}) {
    this.options = options;
  }

  async start(): Promise<{ endpoint: string }> {
    if (this.server) throw new Error('EmbeddedDynamoDb is already started');
    if (this.options.path !== undefined) await assertNotInUse(this.options.path);
    // A fresh dynalite per start: its close() closes the LevelDB, so a new instance on the same
    // path reopens the same data (and the LevelDB lock has been released).
    // Tables become ACTIVE at once: the 500 ms defaults only slow start-up and tests down.
    const server = dynalite({
      ...(this.options.path === undefined ? {} : { path: this.options.path }),
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    return { endpoint: `http://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((error?: Error) => (error ? reject(error) : resolve()));
      // The SDK keeps connections alive; without this, close() would wait for their idle timeout.
      server.closeIdleConnections();
    });
  }
}

/**
 * Opens the LevelDB folder and closes it again, to find out whether another server holds its lock.
 * Dynalite opens its database only on the first request, and a lock held elsewhere then fails every
 * request with "Database is not open" (thrown where nothing can catch it); found here, it is a clear
 * error at start. Another process could still take the folder between this check and dynalite's
 * open: the check is for the usual mistake (a second hub, or a tool, on a running hub's folder),
 * not a lock of its own.
 */
async function assertNotInUse(path: string): Promise<void> {
  const probe = new ClassicLevel(path);
  try {
    await probe.open();
  } catch (error) {
    if ((error as { cause?: { code?: unknown } }).cause?.code === 'LEVEL_LOCKED') throw new DataFolderInUseError(path);
    throw error;
  }
  await probe.close();
}

/**
 * Creates the table unless it exists, then waits until it (and its indexes) are ACTIVE.
 * Used at local start-up, so running it on every start is safe. It does not compare the
 * existing table's schema with `input`.
 */
export async function ensureTable(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
  { timeoutMs = 30_000, pollMs = 50 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    // By name rather than instanceof: a second copy of the SDK in node_modules would defeat instanceof.
    if ((error as { name?: unknown } | null)?.name !== 'ResourceInUseException') throw error;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) {
      throw new Error(`Table ${input.TableName} is not ACTIVE after ${timeoutMs} ms (status ${Table?.TableStatus})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
