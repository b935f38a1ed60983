import { EventBridgeClient, ListRulesCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventPattern } from '@partnership-hub/event-pattern';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type DeadLetter,
  type EventBridgeEvent,
  LocalEventBus,
  type LocalEventBusOptions,
  LocalEventBusStoppedError,
  type LocalRule,
} from '../src/index.ts';

// The hub's matchesEventPattern is written elsewhere; these tests are about the bus, so they
// inject a matcher that only knows `source` and `detail-type` lists.
function simpleMatcher(pattern: EventPattern, event: unknown): boolean {
  const e = event as EventBridgeEvent;
  const allows = (key: 'source' | 'detail-type', value: string) => {
    const allowed = pattern[key];
    return allowed === undefined || (Array.isArray(allowed) && allowed.includes(value));
  };
  return allows('source', e.source) && allows('detail-type', e['detail-type']);
}

const BUS = 'hub-bus';
const SOURCE = 'partnership-hub';

const buses: LocalEventBus[] = [];
const clients: EventBridgeClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

async function startBus(options: Partial<LocalEventBusOptions> = {}) {
  const deadLetters: DeadLetter[] = [];
  const bus = new LocalEventBus({
    busName: BUS,
    rules: [],
    matcher: simpleMatcher,
    retry: { attempts: 3, baseDelayMs: 5 },
    deadLetter: (failure) => void deadLetters.push(failure),
    ...options,
  });
  buses.push(bus);
  const { endpoint } = await bus.start();
  const client = new EventBridgeClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  clients.push(client);
  return { bus, client, endpoint, deadLetters };
}

/** A rule whose target records what it receives, failing the first `failures` invocations. */
function recordingRule(name: string, pattern: EventPattern, { failures = 0 } = {}) {
  const received: EventBridgeEvent[] = [];
  let calls = 0;
  const rule: LocalRule = {
    name,
    pattern,
    target: async (event) => {
      calls += 1;
      received.push(event);
      if (calls <= failures) throw new Error(`target ${name} failed (call ${calls})`);
    },
  };
  return { rule, received, calls: () => calls };
}

function entry(detailType: string, detail: unknown, overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry {
  return { Source: SOURCE, DetailType: detailType, Detail: JSON.stringify(detail), EventBusName: BUS, ...overrides };
}

describe('LocalEventBus: PutEvents', () => {
  it('returns an EventId for each entry, in order, with FailedEntryCount 0', async () => {
    // Arrange
    const { client } = await startBus();

    // Act
    const result = await client.send(
      new PutEventsCommand({ Entries: [entry('PriorityPublished', { n: 1 }), entry('PriorityRevised', { n: 2 })] }),
    );

    // Assert
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries).toHaveLength(2);
    const [first, second] = result.Entries ?? [];
    expect(first?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.EventId).not.toBe(second?.EventId);
  });

  it('delivers the event to the matching rule with parsed detail, detail-type, source and the entry id', async () => {
    // Arrange
    const published = recordingRule('on-priority-published', { source: [SOURCE], 'detail-type': ['PriorityPublished'] });
    const { bus, client } = await startBus({ rules: [published.rule] });

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [entry('PriorityPublished', { priorityId: 'p-1', title: 'Knife crime' }, { Resources: ['arn:local:priority/p-1'] })],
      }),
    );
    await bus.idle();

    // Assert
    expect(published.received).toHaveLength(1);
    const event = published.received[0];
    expect(event).toEqual({
      version: '0',
      id: result.Entries?.[0]?.EventId,
      'detail-type': 'PriorityPublished',
      source: SOURCE,
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region: 'eu-west-2',
      resources: ['arn:local:priority/p-1'],
      detail: { priorityId: 'p-1', title: 'Knife crime' },
    });
  });

  it("uses the entry's Time as the event time", async () => {
    // Arrange
    const rule = recordingRule('all', {});
    const { bus, client } = await startBus({ rules: [rule.rule] });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {}, { Time: new Date('2025-03-04T05:06:07Z') })] }));
    await bus.idle();

    // Assert
    expect(rule.received[0]?.time).toBe('2025-03-04T05:06:07Z');
  });

  it("accepts the bus's ARN as EventBusName", async () => {
    // Arrange
    const { client } = await startBus();

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [entry('PriorityPublished', {}, { EventBusName: `arn:aws:events:eu-west-2:000000000000:event-bus/${BUS}` })],
      }),
    );

    // Assert
    expect(result.FailedEntryCount).toBe(0);
  });

  it('does not deliver to a rule whose pattern does not match', async () => {
    // Arrange
    const withdrawn = recordingRule('on-priority-withdrawn', { 'detail-type': ['PriorityWithdrawn'] });
    const published = recordingRule('on-priority-published', { 'detail-type': ['PriorityPublished'] });
    const { bus, client } = await startBus({ rules: [withdrawn.rule, published.rule] });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));
    await bus.idle();

    // Assert
    expect(withdrawn.received).toEqual([]);
    expect(published.received).toHaveLength(1);
  });

  it('delivers one event to every matching rule', async () => {
    // Arrange
    const projector = recordingRule('projector', { source: [SOURCE] });
    const notifier = recordingRule('notifier', { 'detail-type': ['PriorityPublished'] });
    const { bus, client } = await startBus({ rules: [projector.rule, notifier.rule] });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', { n: 1 })] }));
    await bus.idle();

    // Assert
    expect(projector.received).toHaveLength(1);
    expect(notifier.received).toHaveLength(1);
    expect(bus.stats()).toEqual({ accepted: 1, delivered: 2, failedDeliveries: 0, deadLettered: 0 });
  });

  it('answers before the target has run: a slow consumer never blocks the publisher', async () => {
    // Arrange
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const slow: LocalRule = {
      name: 'slow',
      pattern: {},
      target: async () => {
        await gate;
        finished = true;
      },
    };
    const { bus, client } = await startBus({ rules: [slow] });

    // Act
    const result = await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));

    // Assert
    expect(result.FailedEntryCount).toBe(0);
    expect(finished).toBe(false);
    release();
    await bus.idle();
    expect(finished).toBe(true);
  });

  it('waits for its turn before each invocation of a target, retries included, naming the rule', async () => {
    // Arrange
    const turns: (() => void)[] = [];
    const askedFor: string[] = [];
    const flaky = recordingRule('flaky', {}, { failures: 1 });
    const { bus, client } = await startBus({
      rules: [flaky.rule],
      turn: (rule) => {
        askedFor.push(rule);
        return new Promise<void>((resolve) => turns.push(resolve));
      },
    });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', { n: 1 })] }));
    await vi.waitFor(() => expect(turns).toHaveLength(1));

    // Assert: nothing invoked until the turn comes, and the retry waits for a turn of its own.
    expect(flaky.calls()).toBe(0);
    turns[0]!();
    await vi.waitFor(() => expect(turns).toHaveLength(2));
    expect(flaky.calls()).toBe(1);
    turns[1]!();
    await bus.idle();
    expect(flaky.calls()).toBe(2);
    expect(bus.stats()).toMatchObject({ delivered: 1, failedDeliveries: 1, deadLettered: 0 });
    expect(askedFor).toEqual(['flaky', 'flaky']);
  });
});

describe('LocalEventBus: delivery retries and dead letters', () => {
  it('retries a target that fails twice, delivering on the third attempt, without dead-lettering', async () => {
    // Arrange
    const flaky = recordingRule('flaky', {}, { failures: 2 });
    const { bus, client, deadLetters } = await startBus({ rules: [flaky.rule], retry: { attempts: 5, baseDelayMs: 5 } });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', { n: 1 })] }));
    await bus.idle();

    // Assert
    expect(flaky.calls()).toBe(3);
    expect(new Set(flaky.received.map((event) => event.id)).size).toBe(1);
    expect(deadLetters).toEqual([]);
    expect(bus.stats()).toEqual({ accepted: 1, delivered: 1, failedDeliveries: 2, deadLettered: 0 });
  });

  it('hands a target that always fails to deadLetter after the configured attempts', async () => {
    // Arrange
    const broken = recordingRule('broken', {}, { failures: Infinity });
    const { bus, client, deadLetters } = await startBus({ rules: [broken.rule], retry: { attempts: 4, baseDelayMs: 5 } });

    // Act
    const result = await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', { n: 1 })] }));
    await bus.idle();

    // Assert
    expect(broken.calls()).toBe(4);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      rule: 'broken',
      attempts: 4,
      event: { id: result.Entries?.[0]?.EventId, detail: { n: 1 } },
      error: { message: 'target broken failed (call 4)' },
    });
    expect(bus.stats()).toEqual({ accepted: 1, delivered: 0, failedDeliveries: 4, deadLettered: 1 });
  });

  it('by default reports a dead letter as one clear line on stderr', async () => {
    // Arrange
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = recordingRule('broken', {}, { failures: Infinity });
    const { bus, client } = await startBus({ rules: [broken.rule], deadLetter: undefined, retry: { attempts: 2, baseDelayMs: 5 } });

    try {
      // Act
      const result = await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));
      await bus.idle();

      // Assert
      expect(errors).toHaveBeenCalledTimes(1);
      const line = String(errors.mock.calls[0]?.[0]);
      expect(line).toContain('rule "broken"');
      expect(line).toContain(String(result.Entries?.[0]?.EventId));
      expect(line).toContain('after 2 attempt(s)');
      expect(line).toContain('target broken failed (call 2)');
    } finally {
      errors.mockRestore();
    }
  });

  it('backs off exponentially between attempts', async () => {
    // Arrange
    const times: number[] = [];
    const rule: LocalRule = {
      name: 'timed',
      pattern: {},
      target: async () => {
        times.push(performance.now());
        throw new Error('no');
      },
    };
    const { bus, client } = await startBus({ rules: [rule], retry: { attempts: 4, baseDelayMs: 20 } });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));
    await bus.idle();

    // Assert: gaps of at least 20, 40, 80 ms (timers never fire early; a little slack for clock rounding)
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
    expect(gaps).toHaveLength(3);
    for (const [index, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual(20 * 2 ** index - 2);
  });

  it('dead-letters, with no attempt, an event the rule pattern cannot be evaluated against', async () => {
    // Arrange
    const target = recordingRule('unmatchable', {});
    const { bus, client, deadLetters } = await startBus({
      rules: [target.rule],
      matcher: () => {
        throw new Error('matcher exploded');
      },
    });

    // Act
    const result = await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));
    await bus.idle();

    // Assert
    expect(result.FailedEntryCount).toBe(0);
    expect(target.calls()).toBe(0);
    expect(deadLetters).toMatchObject([{ rule: 'unmatchable', attempts: 0, error: { message: 'matcher exploded' } }]);
  });

  it('on stop(), waits for pending deliveries, then dead-letters those still pending after the timeout', async () => {
    // Arrange
    const hung: LocalRule = { name: 'hung', pattern: {}, target: () => new Promise<void>(() => {}) };
    const quick = recordingRule('quick', {});
    const { bus, client, deadLetters } = await startBus({ rules: [hung, quick.rule], stopTimeoutMs: 50 });
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));

    // Act
    await bus.stop();

    // Assert
    expect(quick.received).toHaveLength(1);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]?.rule).toBe('hung');
    expect(deadLetters[0]?.error).toBeInstanceOf(LocalEventBusStoppedError);
  });
});

describe('LocalEventBus: entry and request failures', () => {
  it('fails only the entry with invalid JSON detail (MalformedDetail, in its position) and delivers the others', async () => {
    // Arrange
    const rule = recordingRule('all', {});
    const { bus, client } = await startBus({ rules: [rule.rule] });

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [entry('PriorityPublished', { good: 1 }), { ...entry('PriorityRevised', {}), Detail: '{not json' }],
      }),
    );
    await bus.idle();

    // Assert
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.EventId).toBeDefined();
    expect(result.Entries?.[1]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(result.Entries?.[1]?.EventId).toBeUndefined();
    expect(rule.received.map((event) => event.detail)).toEqual([{ good: 1 }]);
    expect(bus.stats().accepted).toBe(1);
  });

  it.each([
    ['a missing Source', { Source: undefined }, 'InvalidArgument'],
    ['a missing DetailType', { DetailType: undefined }, 'InvalidArgument'],
    ['a missing Detail', { Detail: undefined }, 'InvalidArgument'],
    ['a Detail that is JSON but not an object', { Detail: '[1,2]' }, 'MalformedDetail'],
    ['a Detail over 256 KB', { Detail: JSON.stringify({ text: 'x'.repeat(256 * 1024) }) }, 'InvalidArgument'],
    ['another EventBusName', { EventBusName: 'some-other-bus' }, 'InvalidArgument'],
    ['no EventBusName (the default bus, which this is not)', { EventBusName: undefined }, 'InvalidArgument'],
  ] as const)('fails an entry with %s', async (_, overrides, errorCode) => {
    // Arrange
    const rule = recordingRule('all', {});
    const { bus, client } = await startBus({ rules: [rule.rule] });

    // Act
    const result = await client.send(
      new PutEventsCommand({ Entries: [{ ...entry('PriorityPublished', {}), ...overrides }, entry('PriorityRevised', {})] }),
    );
    await bus.idle();

    // Assert
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]).toMatchObject({ ErrorCode: errorCode, ErrorMessage: expect.any(String) });
    expect(result.Entries?.[1]?.EventId).toBeDefined();
    expect(rule.received.map((event) => event['detail-type'])).toEqual(['PriorityRevised']);
  });

  it('fails the next n entries with InternalFailure when faults.failNextPutEntries = n', async () => {
    // Arrange
    const rule = recordingRule('all', {});
    const { bus, client } = await startBus({ rules: [rule.rule], faults: { failNextPutEntries: 2 } });

    // Act
    const first = await client.send(new PutEventsCommand({ Entries: [entry('A-one', {}), entry('A-two', {}), entry('A-three', {})] }));
    const second = await client.send(new PutEventsCommand({ Entries: [entry('B-one', {})] }));
    await bus.idle();

    // Assert
    expect(first.FailedEntryCount).toBe(2);
    expect(first.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual(['InternalFailure', 'InternalFailure', 'ok']);
    expect(second.FailedEntryCount).toBe(0);
    expect(rule.received.map((event) => event['detail-type'])).toEqual(['A-three', 'B-one']);
  });

  it('injects faults at run time with injectFaults()', async () => {
    // Arrange
    const { bus, client } = await startBus();
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));

    // Act
    bus.injectFaults({ failNextPutEntries: 1 });
    const faulted = await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));
    const after = await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', {})] }));

    // Assert
    expect(faulted.Entries?.[0]?.ErrorCode).toBe('InternalFailure');
    expect(after.FailedEntryCount).toBe(0);
  });

  it('rejects a request with more than 10 entries: the SDK throws ValidationException and nothing is accepted', async () => {
    // Arrange
    const rule = recordingRule('all', {});
    const { bus, client } = await startBus({ rules: [rule.rule] });
    const entries = Array.from({ length: 11 }, (_, i) => entry('PriorityPublished', { i }));

    // Act / Assert
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    await bus.idle();
    expect(rule.received).toEqual([]);
    expect(bus.stats().accepted).toBe(0);
  });

  it('answers any other operation with a 400 UnknownOperationException', async () => {
    // Arrange
    const { client } = await startBus();

    // Act / Assert
    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers a malformed body with a 400 ValidationException in the AWS JSON error shape', async () => {
    // Arrange
    const { endpoint } = await startBus();

    // Act
    const response = await fetch(`${endpoint}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
      body: '{"Entries": [',
    });

    // Assert
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({ __type: 'ValidationException', message: expect.any(String) });
  });
});

describe('LocalEventBus: idle()', () => {
  it('resolves once every delivery, including retries, has finished', async () => {
    // Arrange
    const delivered: number[] = [];
    const slow: LocalRule = {
      name: 'slow',
      pattern: {},
      target: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        delivered.push((event.detail as { i: number }).i);
      },
    };
    const flaky = recordingRule('flaky', {}, { failures: 1 });
    const { bus, client } = await startBus({ rules: [slow, flaky.rule] });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('PriorityPublished', { i: 1 }), entry('PriorityPublished', { i: 2 })] }));
    await bus.idle();

    // Assert
    expect(delivered.sort()).toEqual([1, 2]);
    expect(flaky.calls()).toBe(3);
    expect(bus.stats()).toEqual({ accepted: 2, delivered: 4, failedDeliveries: 1, deadLettered: 0 });
  });

  it('waits for events that a target puts while handling one (a cascade)', async () => {
    // Arrange
    let endpoint = '';
    const downstream = recordingRule('downstream', { 'detail-type': ['Second'] });
    const cascading: LocalRule = {
      name: 'cascading',
      pattern: { 'detail-type': ['First'] },
      target: async () => {
        const inner = new EventBridgeClient({
          endpoint,
          region: 'eu-west-2',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        clients.push(inner);
        await inner.send(new PutEventsCommand({ Entries: [entry('Second', {})] }));
      },
    };
    const started = await startBus({ rules: [cascading, downstream.rule] });
    endpoint = started.endpoint;

    // Act
    await started.client.send(new PutEventsCommand({ Entries: [entry('First', {})] }));
    await started.bus.idle();

    // Assert
    expect(downstream.received).toHaveLength(1);
  });

  it('resolves at once when nothing was put', async () => {
    // Arrange
    const { bus } = await startBus();

    // Act / Assert
    await expect(bus.idle()).resolves.toBeUndefined();
  });
});
