import type * as z from 'zod/mini';

/**
 * The words for a field's problem that zod would otherwise put in its own terms ("Too big: expected
 * string to have <=200 characters"), as the end of a sentence that starts with the field's name:
 * "title must be 200 characters or fewer". The API's validation errors and the pages' error
 * summaries both read this way. A schema's own message wins over these, and a problem with no
 * entry here keeps zod's wording (undefined).
 */
export const plainMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_big':
      return bound('max', issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1 && issue.inclusive !== false) return 'must not be empty';
      return bound('min', issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${KINDS[issue.expected] ?? `of type ${issue.expected}`} (got ${kindOf(issue.input)})`;
    case 'invalid_format':
      return FORMATS[issue.format];
    case 'invalid_value':
      // A choice left out: what to choose from, not "(got undefined)".
      if (issue.input === undefined) return requiredChoice(issue.values);
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return undefined;
  }
};

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

/** Formats whose zod words ("Invalid email address") read badly after a field's name. */
const FORMATS: Record<string, string> = {
  email: 'must be an email address, like name@example.org',
  url: 'must be a web address, like https://www.example.org',
};

function kindOf(input: unknown): string {
  if (input === null) return 'null';
  // A query's text read as a number ("abc", "1e400"): say what it was, not "a number".
  if (typeof input === 'number' && Number.isNaN(input)) return 'something that is not a number';
  if (typeof input === 'number' && !Number.isFinite(input)) return 'a number too large to hold';
  if (Array.isArray(input)) return 'a list';
  return KINDS[typeof input] ?? typeof input;
}

/** A size or number limit in words; undefined for a kind of value not listed (zod's words then). */
function bound(side: 'max' | 'min', origin: string, count: number, inclusive: boolean): string | undefined {
  const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
  switch (origin) {
    case 'string':
      if (side === 'max') return inclusive ? `must be ${count} characters or fewer` : `must be fewer than ${count} characters`;
      return inclusive ? `must be ${count} characters or more` : `must be more than ${count} characters`;
    case 'array':
    case 'set':
      if (side === 'max') return inclusive ? `must have at most ${entries(count)}` : `must have fewer than ${entries(count)}`;
      return inclusive ? `must have at least ${entries(count)}` : `must have more than ${entries(count)}`;
    case 'number':
    case 'int':
    case 'bigint':
      if (side === 'max') return inclusive ? `must be ${count} or less` : `must be less than ${count}`;
      return inclusive ? `must be ${count} or more` : `must be more than ${count}`;
    default:
      return undefined;
  }
}

/** A choice left out, in the words the API and the pages use: "is required (one of public, partners)". */
export const requiredChoice = (values: readonly unknown[]): string =>
  `is required (${values.length === 1 ? String(values[0]) : `one of ${values.map(String).join(', ')}`})`;
