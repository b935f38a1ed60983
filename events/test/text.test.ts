import { describe, expect, it } from 'vitest';
import { PriorityState, ProtocolState, parseHubEvent, recordedPriorityState, WorkProgrammeItemState } from '../src/index.ts';
import { inputText, textProblem } from '../src/text.ts';

const priority = { title: 'Tackling burglary', themes: ['burglary'], visibility: 'public' };
const firstIssue = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues[0] && { path: result.error.issues[0].path.join('.'), message: result.error.issues[0].message };

describe('inputText', () => {
  it.each([
    ['a NUL', 'Burglary\u0000', 'contains a control character (U+0000)'],
    ['U+0001', 'Bur\u0001glary', 'contains a control character (U+0001)'],
    ['an escape', 'Burglary \u001b[31m', 'contains a control character (U+001B)'],
    ['DEL', 'Burglary\u007f', 'contains a control character (U+007F)'],
    ['a C1 control', 'Burglary\u0085', 'contains a control character (U+0085)'],
    ['a right-to-left override', 'Burglary \u202Egnikcart', 'contains a bidirectional formatting character (U+202E)'],
    ['a left-to-right embedding', '\u202ABurglary', 'contains a bidirectional formatting character (U+202A)'],
    ['an isolate', 'Burglary \u2066x\u2069', 'contains a bidirectional formatting character (U+2066)'],
    ['a pop directional isolate', 'Burglary \u2069', 'contains a bidirectional formatting character (U+2069)'],
    ['a lone high surrogate', 'Burglary \ud83d', 'contains a lone surrogate (U+D83D)'],
    ['a lone low surrogate', 'Burglary \ude00 here', 'contains a lone surrogate (U+DE00)'],
    ['U+FFFE', 'Burglary \ufffe', 'contains a noncharacter (U+FFFE)'],
    ['U+FFFF', 'Burglary \uffff', 'contains a noncharacter (U+FFFF)'],
    ['a line break in a single-line field', 'Tackling\nburglary', 'must be on one line: it contains a line break (U+000A)'],
    ['a tab in a single-line field', 'Tackling\tburglary', 'must be on one line: it contains a tab (U+0009)'],
  ])('refuses %s, naming the field and the character', (_name, title, message) => {
    const result = PriorityState().safeParse({ ...priority, title });

    expect(firstIssue(result)).toEqual({ path: 'title', message: expect.stringContaining(message) });
  });

  it('refuses text of nothing but invisible characters, which would show as blank, and keeps text that has them among others', () => {
    for (const title of ['\u200b\u200b', '\u2060', ' \u200d\u00a0', '\u200e']) {
      expect(firstIssue(PriorityState().safeParse({ ...priority, title })), JSON.stringify(title)).toEqual({
        path: 'title',
        message: 'must hold something to read, not only invisible characters',
      });
    }
    expect(PriorityState().parse({ ...priority, title: 'Anti\u00adsocial\u200b behaviour' }).title).toBe(
      'Anti\u00adsocial\u200b behaviour',
    );
  });

  it('names the entry of a list that holds a control character', () => {
    const result = PriorityState().safeParse({ ...priority, outcomes: ['Fewer burglaries', 'Fewer\u0007 repeats'] });

    expect(firstIssue(result)).toEqual({ path: 'outcomes.1', message: 'contains a control character (U+0007)' });
  });

  it('turns CRLF and lone CR into LF in a multi-line field, and keeps tabs there', () => {
    const item = WorkProgrammeItemState().parse({
      ...priority,
      kind: 'report',
      status: 'planned',
      description: 'First line\r\nSecond line\rThird\tline',
    });

    expect(item.description).toBe('First line\nSecond line\nThird\tline');
  });

  it('refuses a CRLF in a single-line field as a line break', () => {
    expect(firstIssue(PriorityState().safeParse({ ...priority, title: 'Tackling\r\nburglary' }))?.message).toContain('(U+000A)');
  });

  it('trims a trailing CRLF rather than refusing it', () => {
    expect(PriorityState().parse({ ...priority, title: 'Tackling burglary\r\n' }).title).toBe('Tackling burglary');
  });

  it('accepts text in any script, emoji (surrogate pairs) and the right-to-left marks', () => {
    for (const title of ['Cymru ddiogelach', 'مدينة آمنة\u200F', 'Safer streets 🚓', 'Ŵ ŷ é ß', 'שלום\u200E (Hebrew)']) {
      expect(PriorityState().safeParse({ ...priority, title }).success).toBe(true);
    }
  });

  it('allows line breaks in a protocol summary', () => {
    const protocol = ProtocolState().parse({
      title: 'Data sharing',
      parties: ['a-body', 'b-body'],
      summary: 'Roles.\r\n\r\nReview yearly.',
      visibility: 'public',
      version: 1,
      proposedBy: 'a-body',
      agreements: [],
      status: 'draft',
    });

    expect(protocol.summary).toBe('Roles.\n\nReview yearly.');
  });

  it('still applies the length limit and refuses blank text', () => {
    expect(inputText(5).safeParse('123456').success).toBe(false);
    expect(inputText(5).safeParse(' \r\n ').success).toBe(false);
  });
});

describe('textProblem', () => {
  it('finds nothing wrong with ordinary text', () => {
    expect(textProblem('Tackling burglary, 2026–27 (“Safer Streets”)', 'single-line')).toBeUndefined();
    expect(textProblem('One\n\tTwo', 'multi-line')).toBeUndefined();
  });
});

describe('the event log', () => {
  it('still reads an event recorded before the input rules, whatever its text holds', () => {
    const recorded = {
      eventId: '01JOLDEVENT1',
      schemaVersion: 1,
      occurredAt: '2025-01-01T09:00:00.000Z',
      areaId: 'south-yorkshire',
      organisationId: 'safer-rotherham-partnership',
      subject: { type: 'priority', id: 'p1', version: 1 },
      actor: { kind: 'key', organisationId: 'safer-rotherham-partnership' },
      visibility: 'public',
      data: { ...priority, title: 'Old\u0001 title \u202E', outcomes: ['Line one\nline two'] },
    };

    const event = parseHubEvent('PriorityPublished', recorded);

    expect(event.detail.data).toMatchObject({ title: 'Old\u0001 title \u202E', outcomes: ['Line one\nline two'] });
    expect(recordedPriorityState().safeParse(recorded.data).success).toBe(true);
    expect(PriorityState().safeParse(recorded.data).success).toBe(false);
  });
});
