import { ItemId, PriorityState } from '@partnership-hub/events';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseCsvImport } from '../src/imports.ts';

const schemas = { item: z.strictObject(PriorityState().shape), id: ItemId };
const HEADER = 'id,title,themes,lead,outcomes,visibility';

describe('CSV import: cells a spreadsheet would run as formulas', () => {
  it.each([
    ['=', 'p1,"=HYPERLINK(""http://evil.example"")",burglary,,,public', 2],
    ['+', "p1,+1+cmd|' /C calc'!A0,burglary,,,public", 2],
    ['-', 'p1,- draft,burglary,,,public', 2],
    ['@', 'p1,Title,burglary,@SUM(1+1),,public', 4],
    ['a tab before =', 'p1,"\t=1+1",burglary,,,public', 2],
    ['a space before =', 'p1," =1+1",burglary,,,public', 2],
    ['= in one entry of a list', 'p1,Title,burglary,,Fewer victims;=1+1,public', 5],
  ])('refuses a cell starting with %s, by line and column', (_start, row, column) => {
    const result = parseCsvImport(`${HEADER}\n${row}\n`, 'priorities', schemas);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({ line: 2, column, detail: expect.stringContaining('would run as a formula') }),
    ]);
  });

  it('accepts cells with those characters anywhere but the start', () => {
    const result = parseCsvImport(`${HEADER}\np1,Cut burglary - by 10%,burglary,a@b.example,1+1=2,public\n`, 'priorities', schemas);

    expect(result.ok).toBe(true);
  });
});
