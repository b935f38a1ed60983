import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportCatchUp } from '../src/local/catch-up.ts';

/**
 * The start-up catch-up's progress lines, on fake timers: what a person starting a hub with a
 * backlog sees, and when.
 */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function backlog(waiting: { events: number; deliveries: number }) {
  const delivered = { events: 0, deliveries: 0 };
  const consumers = { busy: false };
  const messages: string[] = [];
  const stop = reportCatchUp({ waiting, delivered: () => ({ ...delivered }), consumersBusy: () => consumers.busy }, (message) =>
    messages.push(message),
  );
  return { delivered, consumers, messages, stop };
}

describe('the start-up catch-up report', () => {
  it('says nothing when nothing waited', () => {
    const { messages } = backlog({ events: 0, deliveries: 0 });

    vi.advanceTimersByTime(20_000);

    expect(messages).toEqual([]);
  });

  it('says nothing of a catch-up over within its first two seconds', () => {
    const { delivered, messages } = backlog({ events: 3, deliveries: 6 });
    delivered.events = 3;
    delivered.deliveries = 6;

    vi.advanceTimersByTime(20_000);

    expect(messages).toEqual([]);
  });

  it('counts outbox events and unfinished deliveries alike, every 2 s from 4 s on, until level', () => {
    const { delivered, messages } = backlog({ events: 400, deliveries: 80 });

    vi.advanceTimersByTime(2_000);
    expect(messages).toEqual([]);
    delivered.events = 100;
    delivered.deliveries = 20;
    vi.advanceTimersByTime(2_000);
    delivered.events = 300;
    delivered.deliveries = 80;
    vi.advanceTimersByTime(2_000);
    delivered.events = 400;
    vi.advanceTimersByTime(2_000);
    vi.advanceTimersByTime(10_000);

    expect(messages).toEqual([
      'Catching up: 120 of 480 changes delivered',
      'Catching up: 380 of 480 changes delivered',
      'Caught up: 480 changes delivered',
    ]);
  });

  it('is level only once the consumers are idle too, so that the views show what was delivered', () => {
    const { delivered, consumers, messages } = backlog({ events: 20, deliveries: 0 });
    delivered.events = 20;
    consumers.busy = true;

    vi.advanceTimersByTime(6_000);
    consumers.busy = false;
    vi.advanceTimersByTime(2_000);

    expect(messages).toEqual([
      'Catching up: 20 of 20 changes on the bus, their consumers still at work',
      'Catching up: 20 of 20 changes on the bus, their consumers still at work',
      'Caught up: 20 changes delivered',
    ]);
  });

  it('counts no more than waited: changes made since the start are delivered too, and are not the backlog', () => {
    const { delivered, messages } = backlog({ events: 10, deliveries: 0 });
    delivered.deliveries = 50;
    delivered.events = 4;

    vi.advanceTimersByTime(4_000);

    expect(messages).toEqual(['Catching up: 4 of 10 changes delivered']);
  });

  it('stops reporting when told, level or not', () => {
    const { messages, stop } = backlog({ events: 10, deliveries: 0 });

    vi.advanceTimersByTime(4_000);
    stop();
    vi.advanceTimersByTime(10_000);

    expect(messages).toEqual(['Catching up: 0 of 10 changes delivered']);
  });
});
