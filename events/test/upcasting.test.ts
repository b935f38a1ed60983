import { storedBeforePlans, storedBeforePlansOddities, storedBeforePlansStatuses } from '@partnership-hub/testing';
import { describe, expect, it } from 'vitest';
import { PriorityPublished, parseHubEvent, priorityStateV1, statusFromFreeText } from '../src/index.ts';

describe('priority events written before plans (schema version 1)', () => {
  it('are read as the current version, with each free-text status put on the controlled list', () => {
    const read = storedBeforePlans.map((stored) => parseHubEvent(stored.detailType, stored.detail));

    expect(read.map((event) => event.detail.schemaVersion)).toEqual([2, 2, 2, 2, 2]);
    expect(read.map((event) => (event.detail.data as { status: string }).status)).toEqual(storedBeforePlansStatuses);
  });

  it('keep everything else as it was recorded: the period label, the text, the links, the envelope', () => {
    for (const stored of storedBeforePlans) {
      const { detail } = parseHubEvent(stored.detailType, stored.detail);
      const { status: _was, ...unchanged } = stored.detail.data;
      const { status: _is, ...rest } = detail.data as Record<string, unknown>;

      expect(rest).toEqual(unchanged);
      expect(rest).not.toHaveProperty('planId');
      // The envelope as recorded, but for its actor: written before actors were named, it reads as the body's unnamed key.
      expect(stored.detail.actor).toEqual({ kind: 'organisation', organisationId: 'safer-rotherham-partnership' });
      expect({ ...detail, data: undefined, schemaVersion: 1 }).toEqual({
        ...stored.detail,
        actor: { kind: 'key', organisationId: 'safer-rotherham-partnership' },
        data: undefined,
      });
    }
  });

  it('read a missing status as active, and one the hub cannot place as active too', () => {
    const [missing, odd] = storedBeforePlansOddities.map((stored) => parseHubEvent(stored.detailType, stored.detail));

    expect((missing!.detail.data as { status: string }).status).toBe('active');
    expect((odd!.detail.data as { status: string }).status).toBe('active');
  });

  it('are still checked against the shape they were written in: a malformed old event is refused, not upcast', () => {
    const [published] = storedBeforePlans;
    const broken = { ...published!.detail, data: { ...published!.detail.data, themes: ['gardening'] } };

    expect(() => parseHubEvent('PriorityPublished', broken)).toThrow();
    expect(priorityStateV1().safeParse(published!.detail.data).success).toBe(true);
  });

  it('are not the current version: its schema alone refuses them, so only the upcaster reads them', () => {
    const current = PriorityPublished.detail.safeParse({ ...storedBeforePlans[0]!.detail });

    expect(current.success).toBe(false);
  });

  it('refuses a current-version event whose status is off the list: only old events are mapped', () => {
    const [published] = storedBeforePlans;
    const v2 = { ...published!.detail, schemaVersion: 2, data: { ...published!.detail.data, status: 'On track' } };

    expect(() => parseHubEvent('PriorityPublished', v2)).toThrow(/must be one of active, achieved, closed, superseded/);
  });
});

describe('statusFromFreeText', () => {
  it.each([
    ['active', 'active'],
    ['On track', 'active'],
    ['in_progress', 'active'],
    ['Completed', 'achieved'],
    ['Achieved', 'achieved'],
    ['done', 'achieved'],
    ['Completed March 2018', 'achieved'],
    ['closed', 'closed'],
    ['Archived', 'closed'],
    ['cancelled', 'closed'],
    ['superseded', 'superseded'],
    ['Superseded by the 2022 plan', 'superseded'],
    ['Replaced', 'superseded'],
    ['Awaiting board sign-off', 'active'],
    ['', 'active'],
  ])('reads %j as %s', (text, status) => {
    expect(statusFromFreeText(text)).toBe(status);
  });
});
