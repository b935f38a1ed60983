import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CreateTableCommand, type CreateTableCommandInput, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ClassicLevel } from 'classic-level';
import { type LocalAwsConnection, localAwsConnection } from './connection.ts';

/** The LevelDB folder is held by another server, in this process or another (a running hub). */
export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
  constructor(readonly path: string) {
    super(`The database in ${path} is in use by another process (its LevelDB lock is held)`);
  }
}

/**
 * The LevelDB folder cannot be opened for writing: read-only, not this user's, not a folder, or on a
 * full disk. Found at start, it is a refusal that says so; left to dynalite, every request failed.
 */
export class DataFolderUnusableError extends Error {
  override name = 'DataFolderUnusableError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`The database in ${path} could not be opened (${reason}): it must be a folder this user can write to, on a disk with free space`);
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
  /** The server's id in the storage thread, while it runs. */
  private id: number | undefined;
  private readonly options: EmbeddedDynamoDbOptions;

  constructor(options: EmbeddedDynamoDbOptions = {}) {
    this.options = options;
  }

  /**
   * Starts the server: `endpoint` is its HTTP address, for any client (another process, a tool);
   * `connection` is an SDK client's configuration for this process (localAwsConnection), whose
   * requests reach the server without a socket (InThreadRequestHandler).
   */
  async start(): Promise<{ endpoint: string; connection: LocalAwsConnection }> {
    if (this.id !== undefined) throw new Error('EmbeddedDynamoDb is already started');
    if (this.options.path !== undefined) await assertNotInUse(this.options.path);
    // A fresh dynalite per start: its close() closes the LevelDB, so a new instance on the same
    // path reopens the same data (and the LevelDB lock has been released).
    const id = nextServerId++;
    const { port } = await storageThread.ask({ command: 'start', id, path: this.options.path, port: this.options.port ?? 0 });
    this.id = id;
    const endpoint = `http://127.0.0.1:${port}`;
    return { endpoint, connection: localAwsConnection(endpoint, new InThreadRequestHandler(id)) };
  }

  async stop(): Promise<void> {
    const id = this.id;
    if (id === undefined) return;
    this.id = undefined;
    await storageThread.ask({ command: 'stop', id });
  }
}

let nextServerId = 1;

/**
 * The one thread per process that runs its embedded DynamoDB servers (dynalite-thread.js). On the
 * main thread, dynalite's work (parsing and checking every request, LevelDB, the answer's JSON)
 * shared one event loop with everything the local run does: the API, the relay, the bus and the
 * consumers waited behind it, where on AWS DynamoDB is a service of its own. In a thread of its own
 * it runs beside them, on the machine's other core. One thread for all of a process's servers,
 * started on first use: loading dynalite costs 0.2-0.8 s in each new thread, and tests start many.
 * The thread keeps the process alive only while one of its servers runs, as a listening server did.
 */
class StorageThread {
  private thread: Worker | undefined;
  /** Servers running plus requests in flight: while there are any, the thread keeps the process alive. */
  private references = 0;
  private readonly pending = new Map<number, { resolve: (reply: ThreadReply) => void; reject: (error: Error) => void }>();
  /** The SDK requests passed over (InThreadRequestHandler) and not yet answered, by their own ids. */
  private readonly answers = new Map<number, { resolve: (answer: ThreadAnswer) => void; reject: (error: Error) => void }>();
  private nextAnswer = 1;

  /** Passes a request to a running server; only a running server's requests come here, and it keeps the thread referenced. */
  request(server: number, request: Omit<RequestMessage, 'command' | 'id' | 'server'>): Promise<ThreadAnswer> {
    const thread = this.thread;
    if (!thread) return Promise.reject(new Error('The embedded DynamoDB is not running'));
    const id = this.nextAnswer++;
    return new Promise<ThreadAnswer>((resolve, reject) => {
      this.answers.set(id, { resolve, reject });
      thread.postMessage({ command: 'request', id, server, ...request } satisfies RequestMessage);
    });
  }

  async ask(request: ThreadRequest): Promise<{ port: number }> {
    const thread = this.thread ?? this.startThread();
    if (this.references++ === 0) thread.ref();
    let reply: ThreadReply;
    try {
      reply = await new Promise<ThreadReply>((resolve, reject) => {
        this.pending.set(request.id, { resolve, reject });
        thread.postMessage(request);
      });
    } catch (error) {
      this.release(1);
      throw error;
    }
    // A server that started keeps its request's reference; a stop gives back its own and its server's.
    if (request.command === 'stop') this.release(2);
    else if (reply.error !== undefined) this.release(1);
    if (reply.error !== undefined) throw new Error(`The embedded DynamoDB could not ${request.command}: ${reply.error}`);
    return { port: reply.port ?? 0 };
  }

  private release(count: number) {
    this.references -= count;
    if (this.references === 0) this.thread?.unref();
  }

  private startThread(): Worker {
    // Found through the package's exports rather than beside this file, so that code bundled with
    // this module (a test's esbuild bundle of `npm start`) still finds it. No inherited loader flags
    // (tsx's --import): the thread's file is plain JavaScript.
    const file = createRequire(import.meta.url).resolve('@partnership-hub/local-aws/dynalite-thread.js');
    const thread = new Worker(file, { execArgv: [] });
    thread.on('message', (reply: ThreadReply | ThreadAnswer) => {
      if ('answer' in reply) {
        const asking = this.answers.get(reply.answer);
        this.answers.delete(reply.answer);
        asking?.resolve(reply);
        return;
      }
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    // dynalite failing where nothing can catch it (its LevelDB gone, say) ends the thread: that
    // fails the process, as it did when dynalite ran on the main thread, rather than leaving
    // requests to time out against ports nobody answers.
    thread.on('error', (error) => {
      this.thread = undefined;
      for (const waiting of [...this.pending.values(), ...this.answers.values()]) waiting.reject(error);
      throw new Error(
        `The embedded DynamoDB stopped (${error.message}), and the process with it, so that no write is answered that it could not keep. Start again once its folder is writable and has free space.`,
        { cause: error },
      );
    });
    this.thread = thread;
    return thread;
  }
}

const storageThread = new StorageThread();

type ThreadRequest = { command: 'start'; id: number; path: string | undefined; port: number } | { command: 'stop'; id: number };
interface ThreadReply {
  id: number;
  port?: number;
  error?: string;
}
/** An SDK request passed over to the thread (dynalite-thread.js answers it): the server's id, and the request's own. */
interface RequestMessage {
  command: 'request';
  id: number;
  server: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
/** The thread's answer to a RequestMessage: dynalite's response, or why there is none. */
type ThreadAnswer = { answer: number; status: number; headers: Record<string, string>; body: string } | { answer: number; error: string };

/** The parts of the SDK's HttpRequest (@smithy/types) this handler reads. */
interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * The SDK's request handler for a client in the process that runs the embedded DynamoDB: it passes
 * each request to the storage thread as a message, and gives dynalite's answer back as an HTTP
 * response, where the SDK's own handler sent it over a loopback socket. On 2 cores the socket's
 * work (writing each request into the kernel's TCP stack, waking the thread through it, and HTTP
 * parsed on both sides) was 15% of a test worker's main thread (its writev calls alone) and more in
 * the kernel. Everything above the handler, the SDK's serialising, retries and errors, is the SDK's
 * own, as on AWS; a client in another process still uses the server's HTTP endpoint.
 */
class InThreadRequestHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(private readonly server: number) {}

  async handle(request: SdkHttpRequest, options?: { abortSignal?: { aborted: boolean } }) {
    if (options?.abortSignal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    if (request.query && Object.keys(request.query).length > 0) throw new Error('The embedded DynamoDB takes no query string');
    const body = request.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new Error('The embedded DynamoDB takes a request body as a string or bytes');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const answer = await storageThread.request(this.server, {
      method: request.method,
      path: request.path,
      headers,
      // The bytes read where they lie: Buffer.from(body) would first call the body's valueOf, which
      // the SDK's JSON codec overrides on its byte bodies (JsonBytesStringAdapter) with a warning.
      body: body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') : (body ?? ''),
    });
    if ('error' in answer) throw new Error(answer.error);
    return { response: { statusCode: answer.status, headers: answer.headers, body: Buffer.from(answer.body, 'utf8') } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
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
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') throw new DataFolderInUseError(path);
    throw new DataFolderUnusableError(path, String(cause?.message ?? (error as Error).message));
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
