// An EventBridge stand-in for the local run: PutEvents over HTTP, rules, async delivery, retry and
// a dead-letter hook. Hand-written because no maintained npm package offers an embeddable
// PutEvents endpoint with rule routing: the nearest, serverless-offline-aws-eventbridge, is a
// Serverless Framework plugin (it needs that framework's config and lifecycle to run), and
// LocalStack is a separate Docker-hosted service, not something a Node process can start.
//
// Wire format, as read from @aws-sdk/client-eventbridge (AwsJson1_1Protocol in @aws-sdk/core):
// - request: POST /, `x-amz-target: AWSEvents.PutEvents`, `content-type: application/x-amz-json-1.1`,
//   body `{"Entries":[{"Time":<epoch seconds>,"Source","Resources","DetailType","Detail","EventBusName"}]}`
//   (a Date is sent as epoch seconds, a number that may have a fraction);
// - success: 200, `{"FailedEntryCount":n,"Entries":[{"EventId"} | {"ErrorCode","ErrorMessage"}]}`,
//   in request order;
// - error: non-2xx, `{"__type":"<code>","message":"..."}`; the SDK takes the error's `name` from
//   `__type` (before `code` and the x-amzn-errortype header). Unmodelled codes such as
//   ValidationException still surface with that name. The SDK retries 5xx, not 400.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EventPattern, matchesEventPattern } from '@partnership-hub/event-pattern';

/** The event a rule target receives, shaped as EventBridge delivers it to a Lambda. */
export type EventBridgeEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
};

export type LocalRule = {
  name: string;
  pattern: EventPattern;
  /** Invoked once per matching event (more on retry); a throw or rejection counts as a failed attempt. */
  target: (event: EventBridgeEvent) => Promise<void>;
};

export type DeadLetter = {
  rule: string;
  event: EventBridgeEvent;
  error: unknown;
  /** Target invocations made; 0 when the rule's pattern could not be evaluated. */
  attempts: number;
};

export type EventPatternMatcher = (pattern: EventPattern, event: unknown) => boolean;

/** One (rule, event) delivery the bus has accepted and not yet finished. */
export type JournalEntry = { rule: string; event: EventBridgeEvent };

/**
 * Where the bus keeps the deliveries it has accepted until each is finished, so that a crash
 * loses none: EventBridge stores an event durably before PutEvents answers, and a stand-in that
 * held them only in memory would break the hub's promise that an accepted change is never lost.
 */
export interface DeliveryJournal {
  /** Records accepted deliveries; PutEvents answers only once this has resolved. */
  record(entries: readonly JournalEntry[]): Promise<void>;
  /** A delivery is finished: delivered, or handed to the dead-letter hook. */
  complete(entry: JournalEntry): Promise<void>;
  /** Deliveries accepted and not finished, e.g. by a process that was killed. */
  pending(): Promise<JournalEntry[]>;
  /** Called by stop() once it has given up on the deliveries still running: a journal that keeps what finished in memory writes it down. */
  flush?(): Promise<void>;
}

export type LocalEventBusFaults = {
  /** The next n entries put (whatever they hold) fail with ErrorCode 'InternalFailure'. */
  failNextPutEntries?: number;
};

export type LocalEventBusStats = {
  /** Entries that got an EventId. */
  accepted: number;
  /** Successful target invocations. */
  delivered: number;
  /** Target invocations that threw (each retry counts). */
  failedDeliveries: number;
  /** (rule, event) pairs handed to deadLetter. */
  deadLettered: number;
};

export type LocalEventBusOptions = {
  busName: string;
  rules: LocalRule[];
  /** 0 (the default) = a free port picked by the OS. */
  port?: number;
  /** Total attempts per (rule, event), and the first back-off delay, doubled after each failure. */
  retry?: { attempts: number; baseDelayMs: number };
  /** Where a delivery goes once its attempts are spent. Default: one line on stderr. */
  deadLetter?: (failure: DeadLetter) => void | Promise<void>;
  faults?: LocalEventBusFaults;
  /** Default 'eu-west-2'. */
  region?: string;
  /** Pattern matcher; defaults to the hub's `matchesEventPattern`. Tests inject a simpler one. */
  matcher?: EventPatternMatcher;
  /** How long stop() waits for pending deliveries before dead-lettering them (or, with a journal, leaving them to the next start). Default 3000. */
  stopTimeoutMs?: number;
  /**
   * Keeps accepted deliveries across crashes: recorded before PutEvents answers, removed when
   * finished, and delivered again by start(). Without one, deliveries live only in memory.
   */
  journal?: DeliveryJournal;
  /**
   * Awaited before each invocation of a target, given the rule's name: the local run's wiring lets
   * requests go first (infra/src/local/requests-first.ts). Default: none, every invocation starts at once.
   */
  turn?: (rule: string) => Promise<unknown>;
};

const ACCOUNT = '000000000000';
const MAX_ENTRIES = 10;
/** EventBridge's entry size limit. */
const MAX_ENTRY_BYTES = 256 * 1024;
/** Far above 10 maximal entries, even JSON-escaped; only guards the process's memory. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const PUT_EVENTS = 'AWSEvents.PutEvents';

class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Thrown into deadLetter for deliveries still pending when stop() gave up waiting. */
export class LocalEventBusStoppedError extends Error {
  override name = 'LocalEventBusStoppedError';
}

type EntryError = { ErrorCode: string; ErrorMessage: string };
type PlannedDelivery = { rule: LocalRule; event: EventBridgeEvent; matchError?: unknown };

type Delivery = {
  rule: LocalRule;
  event: EventBridgeEvent;
  /** Set when the pattern threw: the delivery goes straight to deadLetter. */
  matchError?: unknown;
  attempts: number;
  /** No more attempts or reports once set (delivered, dead-lettered, or abandoned by stop()). */
  closed: boolean;
  /** Given up by stop() before it finished: a journal keeps it for the next start. */
  abandoned?: boolean;
  /** Started again from the journal by start(): what an earlier process left unfinished. */
  resumed?: boolean;
  /** Ends a back-off sleep early (used by stop()). */
  wake?: () => void;
  finished: Promise<void>;
  finish: () => void;
};

/**
 * EventBridge's PutEvents API plus rules, on 127.0.0.1, for the unmodified EventBridge client.
 *
 * Like EventBridge, accepting an event and delivering it are separate: PutEvents answers as soon
 * as entries are validated, and each matching rule's target is invoked afterwards, concurrently,
 * with no order guarantee, so a slow or failing consumer never blocks the publisher.
 */
export class LocalEventBus {
  private readonly busName: string;
  private readonly rules: LocalRule[];
  private readonly port: number;
  private readonly retry: { attempts: number; baseDelayMs: number };
  private readonly deadLetter: (failure: DeadLetter) => void | Promise<void>;
  private readonly region: string;
  private readonly matcher: EventPatternMatcher;
  private readonly stopTimeoutMs: number;
  private readonly journal: DeliveryJournal | undefined;
  private readonly turn: ((rule: string) => Promise<unknown>) | undefined;
  private failNextPutEntries: number;
  private readonly deliveries = new Set<Delivery>();
  private readonly counters: LocalEventBusStats = { accepted: 0, delivered: 0, failedDeliveries: 0, deadLettered: 0 };
  private readonly resumed = { started: 0, finished: 0 };
  private server: Server | undefined;
  private stopping: Promise<void> | undefined;

  constructor(options: LocalEventBusOptions) {
    this.busName = options.busName;
    this.rules = [...options.rules];
    this.port = options.port ?? 0;
    this.retry = options.retry ?? { attempts: 5, baseDelayMs: 100 };
    if (!(this.retry.attempts >= 1)) throw new Error('retry.attempts must be at least 1');
    this.deadLetter = options.deadLetter ?? logDeadLetter;
    this.region = options.region ?? 'eu-west-2';
    this.matcher = options.matcher ?? matchesEventPattern;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 3000;
    this.journal = options.journal;
    this.turn = options.turn;
    this.failNextPutEntries = options.faults?.failNextPutEntries ?? 0;
  }

  async start(): Promise<{ endpoint: string }> {
    if (this.server) throw new Error('LocalEventBus is already started');
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug here, not a client mistake: answer 500 so the SDK reports (and retries) it.
        console.error('[local-aws] LocalEventBus request failed:', error);
        if (!res.headersSent) sendError(res, new RequestError('InternalException', 'Internal error', 500));
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.stopping = undefined;
    await this.resumeJournal();
    const { port } = server.address() as AddressInfo;
    return { endpoint: `http://127.0.0.1:${port}` };
  }

  /**
   * Waits for pending deliveries (including retries, and events that targets put meanwhile),
   * for at most `stopTimeoutMs`; deliveries still pending then are dead-lettered with a
   * LocalEventBusStoppedError. Then closes the server.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  /** Resolves when no delivery is running or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.deliveries.size > 0) {
      await Promise.all([...this.deliveries].map((delivery) => delivery.finished));
    }
  }

  stats(): LocalEventBusStats {
    return { ...this.counters };
  }

  /** Deliveries running or waiting for a retry now (idle() resolves when there are none). */
  inFlight(): number {
    return this.deliveries.size;
  }

  /**
   * The deliveries start() took up again from the journal (an earlier process accepted them and
   * did not finish), and how many of those have finished since: a start-up's catch-up progress.
   */
  recovery(): { started: number; finished: number } {
    return { ...this.resumed };
  }

  /** Delivers again what an earlier process accepted and did not finish (at least once, like EventBridge). */
  private async resumeJournal(): Promise<void> {
    if (!this.journal) return;
    this.resumed.started = 0;
    this.resumed.finished = 0;
    const now = Promise.resolve();
    for (const entry of await this.journal.pending()) {
      const rule = this.rules.find((candidate) => candidate.name === entry.rule);
      if (rule) {
        this.schedule(rule, entry.event, now, { resumed: true });
        this.resumed.started += 1;
      } else {
        console.error(`[local-aws] LocalEventBus has no rule "${entry.rule}" any more; dropping its pending delivery of ${entry.event.id}`);
        await this.journal.complete(entry);
      }
    }
  }

  /** Changes the injected faults while running, e.g. to fail the next put after a good one. */
  injectFaults(faults: LocalEventBusFaults): void {
    this.failNextPutEntries = faults.failNextPutEntries ?? 0;
  }

  private async shutDown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), this.stopTimeoutMs);
    });
    const drained = (await Promise.race([this.idle().then(() => false as const), timedOut])) === false;
    clearTimeout(timer);
    if (!drained) {
      // A target that never settles cannot be cancelled, so stop waiting for it and report it.
      const abandoned = [...this.deliveries];
      await Promise.all(
        abandoned.map(async (delivery) => {
          // Already closed = delivered or being dead-lettered just now: nothing left to report.
          if (delivery.closed) return this.settle(delivery);
          delivery.closed = true;
          delivery.wake?.();
          delivery.abandoned = true;
          // Journalled: it stays recorded and the next start delivers it, so it is not lost.
          if (this.journal) return this.settle(delivery);
          await this.report(
            delivery,
            new LocalEventBusStoppedError(
              `LocalEventBus stopped with event ${delivery.event.id} still undelivered to rule "${delivery.rule.name}"`,
            ),
          );
          this.settle(delivery);
        }),
      );
      await this.journal?.flush?.();
    }
    this.server = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // The SDK keeps connections alive; without this, close() would wait for their idle timeout.
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof RequestError) return sendError(res, error);
      throw error;
    }
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== PUT_EVENTS) {
      return sendError(
        res,
        new RequestError(
          'UnknownOperationException',
          `This endpoint serves only POST with X-Amz-Target ${PUT_EVENTS}; got ${req.method} ${String(target)}`,
        ),
      );
    }
    let entries: RawEntry[];
    try {
      entries = parsePutEventsRequest(body);
    } catch (error) {
      if (error instanceof RequestError) return sendError(res, error);
      throw error;
    }

    const accepted = entries.map((entry) => this.accept(entry));
    const planned = accepted.flatMap((result) => ('planned' in result ? result.planned : []));
    if (this.journal && planned.length > 0) {
      try {
        await this.journal.record(planned.map(({ rule, event }) => ({ rule: rule.name, event })));
      } catch (error) {
        // Nothing is acknowledged that is not kept: the publisher sees a 500 and sends again.
        console.error('[local-aws] LocalEventBus could not record accepted events:', error);
        return sendError(res, new RequestError('InternalException', 'The events could not be stored; send them again.', 500));
      }
    }
    // Delivery starts once the response has gone: the publisher never waits on a target.
    // Deliveries are registered now, so a caller's idle() after PutEvents returns sees them.
    const responded = new Promise<void>((resolve) => res.once('close', resolve));
    for (const { rule, event, matchError } of planned)
      this.schedule(rule, event, responded, matchError === undefined ? {} : { matchError });
    const results = accepted.map((result) => ('planned' in result ? { EventId: result.EventId } : result));
    const failed = results.filter((result) => 'ErrorCode' in result).length;
    res.writeHead(200, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify({ FailedEntryCount: failed, Entries: results }));
  }

  /** An entry refused, or accepted with the deliveries it needs (scheduled once they are kept). */
  private accept(entry: RawEntry): EntryError | { EventId: string; planned: PlannedDelivery[] } {
    if (this.failNextPutEntries > 0) {
      this.failNextPutEntries -= 1;
      return { ErrorCode: 'InternalFailure', ErrorMessage: 'Injected fault: the entry was not accepted.' };
    }
    const checked = this.check(entry);
    if ('ErrorCode' in checked) return checked;

    const event: EventBridgeEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': checked.detailType,
      source: checked.source,
      account: ACCOUNT,
      time: formatTime(checked.time),
      region: this.region,
      resources: checked.resources,
      detail: checked.detail,
    };
    this.counters.accepted += 1;
    const planned: PlannedDelivery[] = [];
    for (const rule of this.rules) {
      try {
        if (this.matcher(rule.pattern, event)) planned.push({ rule, event });
      } catch (error) {
        planned.push({ rule, event, matchError: error });
      }
    }
    return { EventId: event.id, planned };
  }

  private check(
    entry: RawEntry,
  ):
    | { ErrorCode: string; ErrorMessage: string }
    | { source: string; detailType: string; detail: unknown; resources: string[]; time: Date } {
    for (const [field, value] of [
      ['Source', entry.Source],
      ['DetailType', entry.DetailType],
      ['Detail', entry.Detail],
    ] as const) {
      if (value === undefined || value === '') {
        return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
      }
    }
    const source = entry.Source as string;
    const detailType = entry.DetailType as string;
    const rawDetail = entry.Detail as string;
    const busName = entry.EventBusName ?? 'default';
    if (busName !== this.busName && !busName.endsWith(`:event-bus/${this.busName}`)) {
      // EventBridge would put it on that other bus, where none of these rules live; failing it
      // here makes a mis-wired publisher visible instead of silently losing the event.
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Event bus ${busName} does not exist (this local bus is ${this.busName}).` };
    }
    const resources = entry.Resources ?? [];
    const size =
      byteLength(source) +
      byteLength(detailType) +
      byteLength(rawDetail) +
      resources.reduce((total, resource) => total + byteLength(resource), 0) +
      (entry.Time === undefined ? 0 : 14);
    if (size > MAX_ENTRY_BYTES) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Entry size ${size} bytes exceeds the 256 KB limit.` };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(rawDetail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object.' };
    }
    let time = new Date();
    if (entry.Time !== undefined) {
      const parsed = parseTime(entry.Time);
      if (!parsed) return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter Time is not valid: ${String(entry.Time)}` };
      time = parsed;
    }
    return { source, detailType, detail, resources, time };
  }

  private schedule(
    rule: LocalRule,
    event: EventBridgeEvent,
    responded: Promise<void>,
    extra: { matchError?: unknown; resumed?: boolean } = {},
  ): void {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const delivery: Delivery = { rule, event, ...extra, attempts: 0, closed: false, finished, finish };
    this.deliveries.add(delivery);
    responded
      .then(() => this.deliver(delivery))
      .then(() => this.completeInJournal(delivery))
      .catch((error: unknown) => console.error('[local-aws] LocalEventBus delivery bookkeeping failed:', error))
      .finally(() => this.settle(delivery));
  }

  private async deliver(delivery: Delivery): Promise<void> {
    if ('matchError' in delivery) {
      delivery.closed = true;
      await this.report(delivery, delivery.matchError);
      return;
    }
    const { attempts, baseDelayMs } = this.retry;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (delivery.closed) return;
      if (this.turn) {
        await this.turn(delivery.rule.name);
        if (delivery.closed) return;
      }
      delivery.attempts = attempt;
      try {
        // Each invocation gets its own copy, as each real target gets its own JSON.
        await delivery.rule.target(structuredClone(delivery.event));
        if (delivery.closed) return;
        this.counters.delivered += 1;
        delivery.closed = true;
        return;
      } catch (error) {
        if (delivery.closed) return;
        this.counters.failedDeliveries += 1;
        lastError = error;
      }
      if (attempt < attempts) await this.backOff(baseDelayMs * 2 ** (attempt - 1), delivery);
    }
    if (delivery.closed) return;
    delivery.closed = true;
    await this.report(delivery, lastError);
  }

  /** Delivered or dead-lettered (not abandoned by stop()): the journal can forget it. */
  private async completeInJournal(delivery: Delivery): Promise<void> {
    if (!this.journal || delivery.abandoned) return;
    await this.journal.complete({ rule: delivery.rule.name, event: delivery.event });
  }

  private backOff(ms: number, delivery: Delivery): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        delivery.wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      delivery.wake = wake;
    });
  }

  private async report(delivery: Delivery, error: unknown): Promise<void> {
    this.counters.deadLettered += 1;
    try {
      await this.deadLetter({ rule: delivery.rule.name, event: delivery.event, error, attempts: delivery.attempts });
    } catch (deadLetterError) {
      console.error(`[local-aws] deadLetter handler threw for rule "${delivery.rule.name}", event ${delivery.event.id}:`, deadLetterError);
    }
  }

  private settle(delivery: Delivery): void {
    if (this.deliveries.delete(delivery) && delivery.resumed) this.resumed.finished += 1;
    delivery.finish();
  }
}

function logDeadLetter({ rule, event, error, attempts }: DeadLetter): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(
    `[local-aws] EventBridge rule "${rule}" gave up on event ${event.id} (${event.source} / ${event['detail-type']}) after ${attempts} attempt(s): ${reason}`,
  );
}

type RawEntry = {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: number | string;
};

/** Whole-request checks: a failure here rejects every entry, as EventBridge does. */
function parsePutEventsRequest(body: string): RawEntry[] {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    throw new RequestError('ValidationException', 'The request body is not valid JSON.');
  }
  if (typeof request !== 'object' || request === null || !('Entries' in request) || !Array.isArray(request.Entries)) {
    throw new RequestError(
      'ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  const entries: unknown[] = request.Entries;
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw new RequestError(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  return entries.map((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new RequestError('ValidationException', `Entries[${index}] is not an object.`);
    }
    const raw = entry as Record<string, unknown>;
    for (const field of ['Source', 'DetailType', 'Detail', 'EventBusName'] as const) {
      if (raw[field] !== undefined && raw[field] !== null && typeof raw[field] !== 'string') {
        throw new RequestError('ValidationException', `Entries[${index}].${field} must be a string.`);
      }
    }
    const resources = raw.Resources;
    if (resources !== undefined && resources !== null && !(Array.isArray(resources) && resources.every((r) => typeof r === 'string'))) {
      throw new RequestError('ValidationException', `Entries[${index}].Resources must be a list of strings.`);
    }
    const time = raw.Time;
    if (time !== undefined && time !== null && typeof time !== 'number' && typeof time !== 'string') {
      throw new RequestError('ValidationException', `Entries[${index}].Time must be a timestamp.`);
    }
    // JSON null means absent, as in the AWS JSON protocol.
    const value = <T>(field: string) => (raw[field] ?? undefined) as T | undefined;
    return {
      Source: value<string>('Source'),
      DetailType: value<string>('DetailType'),
      Detail: value<string>('Detail'),
      EventBusName: value<string>('EventBusName'),
      Resources: value<string[]>('Resources'),
      Time: value<number | string>('Time'),
    };
  });
}

/** The SDK sends epoch seconds; accept ISO strings too, for hand-written requests. */
function parseTime(value: number | string): Date | undefined {
  const date =
    typeof value === 'number' ? new Date(value * 1000) : /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** EventBridge's event time: ISO 8601 to the second, e.g. 2025-01-31T09:30:00Z. */
function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      // Keep draining (so the connection stays usable) but stop buffering.
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(new RequestError('ValidationException', `Request body exceeds ${MAX_REQUEST_BYTES} bytes.`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, error: RequestError): void {
  res.writeHead(error.status, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': error.code,
  });
  res.end(JSON.stringify({ __type: error.code, message: error.message }));
}
