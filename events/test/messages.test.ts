import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { inputText, plainMessages } from '../src/index.ts';

/** The message of the one problem zod finds in `input`, in the hub's words. */
const problemWith = (schema: z.core.$ZodType, input: unknown) => {
  const result = z.safeParse(schema, input, { error: plainMessages });
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => issue.message);
};

describe('plain messages for validation problems', () => {
  it('says limits on text, lists and numbers in words', () => {
    expect(problemWith(inputText(200), 'x'.repeat(201))).toEqual(['must be 200 characters or fewer']);
    expect(problemWith(inputText(200), '   ')).toEqual(['must not be empty']);
    expect(problemWith(z.string().min(3), 'ab')).toEqual(['must be 3 characters or more']);
    expect(problemWith(z.array(z.string()).max(12), Array(13).fill('a'))).toEqual(['must have at most 12 entries']);
    expect(problemWith(z.array(z.string()).min(1), [])).toEqual(['must have at least 1 entry']);
    expect(problemWith(z.array(z.string()).min(2), ['a'])).toEqual(['must have at least 2 entries']);
    expect(problemWith(z.number().int().min(0), -1)).toEqual(['must be 0 or more']);
    expect(problemWith(z.number().lt(10), 10)).toEqual(['must be less than 10']);
  });

  it('names what was expected and what came, and a missing field as required', () => {
    expect(problemWith(z.object({ title: z.string() }), {})).toEqual(['is required']);
    expect(problemWith(z.string(), 12)).toEqual(['must be text (got a number)']);
    expect(problemWith(z.array(z.string()), 'a')).toEqual(['must be a list (got text)']);
    expect(problemWith(z.boolean(), null)).toEqual(['must be true or false (got null)']);
    expect(problemWith(z.enum(['planned', 'completed']), 'done')).toEqual(['must be one of "planned", "completed"']);
    expect(problemWith(z.literal('moderngov'), 'other')).toEqual(['must be "moderngov"']);
  });

  it('says what came when a query read as a number was not one, and names email addresses and web addresses in words', () => {
    expect(problemWith(z.coerce.number().int(), 'abc')).toEqual(['must be a number (got something that is not a number)']);
    expect(problemWith(z.number(), Number.POSITIVE_INFINITY)).toEqual(['must be a number (got a number too large to hold)']);
    expect(problemWith(z.email(), 'not an address')).toEqual(['must be an email address, like name@example.org']);
    expect(problemWith(z.url(), 'nowhere')).toEqual(['must be a web address, like https://www.example.org']);
  });

  it("leaves a schema's own message, and a problem it has no words for, as they were", () => {
    expect(problemWith(z.string().max(2, 'is too long for a code'), 'abc')).toEqual(['is too long for a code']);
    const format = z.string().regex(/^a+$/);
    expect(problemWith(format, 'b')).toEqual(format.safeParse('b').error!.issues.map((issue) => issue.message));
  });
});
