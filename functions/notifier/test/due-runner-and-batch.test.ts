import { describe, expect, it } from 'vitest';
import { createDeliveryBatchHandler, type DeliveryQueueEvent } from '../src/delivery-batch.ts';
import { createDueRunner } from '../src/due-runner.ts';
import { FakeClock, inMemoryNotifications, recordingLogger, SECOND, T0 } from './support.ts';

const message = (messageId: string, body: unknown): DeliveryQueueEvent['Records'][number] => ({
  messageId,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  eventSource: 'aws:sqs',
});
const due = (deliveryId: string) => ({ deliveryId, dueAt: T0.toISOString() });

describe('the delivery queue batch handler', () => {
  it('reports exactly the messages whose attempt threw, so SQS redelivers those alone', async () => {
    const attempted: string[] = [];
    const logger = recordingLogger();
    const handle = createDeliveryBatchHandler(
      {
        attempt: async (deliveryId) => {
          attempted.push(deliveryId);
          if (deliveryId === 'msg_store_down') throw new Error('the table is unreachable');
          return 'delivered';
        },
      },
      logger,
    );

    const answer = await handle({
      Records: [
        message('m1', due('msg_ok')),
        message('m2', due('msg_store_down')),
        message('m3', 'not a delivery'),
        message('m4', due('msg_ok_too')),
      ],
    });

    // The attempts run in parallel: the failures are reported in the order they happened.
    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['m2', 'm3']);
    expect(Object.keys(answer)).toEqual(['batchItemFailures']);
    expect(attempted.sort()).toEqual(['msg_ok', 'msg_ok_too', 'msg_store_down']);
    expect(
      logger.lines
        .filter((line) => line.level === 'error')
        .map((line) => line.extra.messageId)
        .sort(),
    ).toEqual(['m2', 'm3']);
  });

  it('answers a batch that failed whole with every message, rather than failing the run', async () => {
    const handle = createDeliveryBatchHandler(
      {
        attempt: async () => {
          throw new Error('down');
        },
      },
      recordingLogger(),
    );
    expect(await handle({ Records: [message('m1', due('a')), message('m2', due('b'))] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }],
    });
  });

  it('answers no failures when every attempt ran', async () => {
    const handle = createDeliveryBatchHandler({ attempt: async () => 'retry-scheduled' }, recordingLogger());
    expect(await handle({ Records: [message('m1', due('a'))] })).toEqual({ batchItemFailures: [] });
  });
});

describe("the local run's due runner", () => {
  it('attempts only what is due by the clock, earliest first', async () => {
    const clock = new FakeClock();
    const { queue, logger } = inMemoryNotifications({ clock });
    const attempted: string[] = [];
    const attempt = async (id: string) => {
      attempted.push(id);
      return 'delivered' as const;
    };
    const runDue = createDueRunner(queue, { attempt }, clock.now, logger);
    await queue.enqueue('later', new Date(T0.getTime() + 10 * SECOND));
    await queue.enqueue('second', new Date(T0.getTime() - SECOND));
    await queue.enqueue('first', new Date(T0.getTime() - 2 * SECOND));

    expect(await runDue()).toBe(2);
    expect(attempted).toEqual(['first', 'second']);
    clock.advance(10 * SECOND);
    expect(await runDue()).toBe(1);
    expect(attempted).toEqual(['first', 'second', 'later']);
  });

  it('puts a delivery whose attempt threw back for five seconds later, so nothing claimed is dropped', async () => {
    const clock = new FakeClock();
    const { queue, logger } = inMemoryNotifications({ clock });
    let failing = true;
    const attempted: string[] = [];
    const runDue = createDueRunner(
      queue,
      {
        attempt: async (id) => {
          attempted.push(id);
          if (failing) throw new Error('the table is unreachable');
          return 'delivered';
        },
      },
      clock.now,
      logger,
    );
    await queue.enqueue('msg_1', T0);

    await runDue();
    expect(queue.waiting).toEqual([{ deliveryId: 'msg_1', dueAt: new Date(T0.getTime() + 5 * SECOND) }]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', extra: expect.objectContaining({ deliveryId: 'msg_1' }) }),
    );

    failing = false;
    clock.advance(4 * SECOND);
    expect(await runDue()).toBe(0);
    clock.advance(SECOND);
    expect(await runDue()).toBe(1);
    expect(attempted).toEqual(['msg_1', 'msg_1']);
    expect(queue.waiting).toEqual([]);
  });

  it('shares one pass between overlapping calls, and runs once more for what was queued meanwhile', async () => {
    const clock = new FakeClock();
    const { queue, logger } = inMemoryNotifications({ clock });
    const attempted: string[] = [];
    let release: () => void = () => {};
    const runDue = createDueRunner(
      queue,
      {
        attempt: async (id) => {
          attempted.push(id);
          if (id === 'slow') await new Promise<void>((resolve) => (release = resolve));
          return 'delivered';
        },
      },
      clock.now,
      logger,
    );
    await queue.enqueue('slow', T0);
    const first = runDue();
    await new Promise((resolve) => setImmediate(resolve));
    await queue.enqueue('meanwhile', T0);
    const second = runDue();
    release();

    expect(await first).toBe(await second);
    expect(attempted).toEqual(['slow', 'meanwhile']);
  });
});
