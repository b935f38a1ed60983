import { type RecordOf, toViewRecord } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atomFeed, workProgrammeCalendar, xmlSafe } from '../src/index.ts';

/** XML 1.0's Char production, as a test of the output (independent of how xmlSafe is written). */
const isXmlChar = (codePoint: number) =>
  codePoint === 0x9 ||
  codePoint === 0xa ||
  codePoint === 0xd ||
  (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
  (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
  (codePoint >= 0x10000 && codePoint <= 0x10ffff);

/** Every code point of the text, lone surrogates included (for...of yields them alone). */
const codePoints = (text: string) => [...text].map((char) => char.codePointAt(0)!);

/** Any UTF-16 string: every code unit, so lone surrogates and controls too. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength: 40 });

const record = (title: string): RecordOf<'work-programme-item'> =>
  toViewRecord({
    detailType: 'WorkProgrammeItemScheduled',
    detail: {
      eventId: 'e-1',
      schemaVersion: 1,
      occurredAt: '2026-11-30T09:00:00.000Z',
      areaId: 'south-yorkshire',
      organisationId: 'safer-rotherham-partnership',
      subject: { type: 'work-programme-item', id: 'wp-1', version: 1 },
      actor: { kind: 'key', organisationId: 'safer-rotherham-partnership' },
      visibility: 'public',
      data: {
        title,
        themes: ['domestic-abuse'],
        kind: 'report',
        date: '2026-12-14',
        status: 'planned',
        priorities: [],
        visibility: 'public',
      },
    },
  } as HubEvent) as RecordOf<'work-programme-item'>;

const feedOf = (title: string) => ({
  scope: { areaId: 'south-yorkshire', areaName: 'South Yorkshire' },
  origin: 'https://hub.example',
  records: [record(title)],
  organisationNames: new Map([['safer-rotherham-partnership', 'Safer Rotherham Partnership']]),
  emptyUpdated: '2026-01-01T00:00:00.000Z',
  audience: 'public' as const,
});

describe('text that reaches XML and iCalendar', () => {
  it('drops control characters, lone surrogates and U+FFFE/FFFF, and keeps everything else', () => {
    expect(xmlSafe('Knife\u0001 crime\u001b[31m\u0000 review\t\n')).toBe('Knife crime[31m review\t\n');
    expect(xmlSafe('lone \ud800 high, lone \udc00 low, pair \ud83d\ude00')).toBe('lone  high, lone  low, pair \ud83d\ude00');
    expect(xmlSafe('\ufffe\uffffVAWG')).toBe('VAWG');
  });

  it('leaves every Atom feed and calendar well-formed, whatever a title holds', () => {
    fc.assert(
      fc.property(anyText, (title) => {
        for (const document of [atomFeed(feedOf(title)), workProgrammeCalendar(feedOf(title))]) {
          expect(codePoints(document).filter((codePoint) => !isXmlChar(codePoint))).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
