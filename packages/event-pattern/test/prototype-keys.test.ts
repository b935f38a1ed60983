import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventPattern, EventPatternError, matchesEventPattern, validateEventPattern } from '../src/pattern.ts';

/**
 * Keys that name something on a JavaScript object's prototype chain. A pattern or event may use
 * any of them as an ordinary field name: they are JSON keys like any other.
 */
const PROTOTYPE_KEYS = [
  ...new Set([
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Array.prototype),
    ...Object.getOwnPropertyNames(Function.prototype),
    'prototype',
    '__proto__.constructor',
    'constructor.prototype',
  ]),
];

const prototypeKey = fc.constantFrom(...PROTOTYPE_KEYS);
// Operator names are refused as field names inside "$or", and "$or" is not a field: neither makes a valid pattern.
const NOT_FIELD_NAMES = new Set(['$or', 'prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr']);
const fieldName = fc.oneof(
  prototypeKey,
  fc.constantFrom('detail', 'data', 'state.status', 'themes', 'a.b.c', ''),
  fc.string({ maxLength: 6 }).filter((name) => !NOT_FIELD_NAMES.has(name) && !/^[<>=]=?$/.test(name)),
);

/** An object with exactly these own keys. Object.fromEntries defines "__proto__" as an own field, as JSON.parse does. */
const objectOf = <T>(entries: fc.Arbitrary<[string, T][]>) => entries.map((pairs) => Object.fromEntries(pairs));

/** JSON values whose objects often use prototype keys, as a parsed request body could. Depth-limited by construction. */
const jsonOfDepth = (depth: number): fc.Arbitrary<unknown> => {
  const leaf = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  if (depth === 0) return leaf;
  const inner = jsonOfDepth(depth - 1);
  return fc.oneof(leaf, fc.array(inner, { maxLength: 3 }), objectOf(fc.array(fc.tuple(fieldName, inner), { maxLength: 4 })));
};
const json = jsonOfDepth(3);

const alternative = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
  fc.record({ prefix: fc.string({ maxLength: 3 }) }),
  fc.record({ suffix: fc.string({ maxLength: 3 }) }),
  fc.record({ 'equals-ignore-case': fc.string({ maxLength: 3 }) }),
  fc.record({ wildcard: fc.constantFrom('*', 'a*', '*b', 'a*b') }),
  fc.record({ 'anything-but': fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -9, max: 9 })) }),
  fc.record({ numeric: fc.tuple(fc.constantFrom('<', '<=', '=', '>=', '>'), fc.integer({ min: -1000, max: 1000 })) }),
  fc.record({ exists: fc.boolean() }),
  fc.record({ cidr: fc.constantFrom('10.0.0.0/8', '::1/128') }),
);

/** Patterns EventBridge accepts, with prototype keys and dotted keys among their field names. */
const patternOfDepth = (depth: number): fc.Arbitrary<Record<string, unknown>> => {
  const leaves = fc.array(alternative, { minLength: 1, maxLength: 3 });
  const value = depth === 0 ? leaves : fc.oneof(leaves, patternOfDepth(depth - 1));
  const fields = objectOf(fc.array(fc.tuple(fieldName, value), { minLength: 1, maxLength: 3 }));
  if (depth === 0) return fields;
  const or = fc
    .tuple(fields, fc.array(patternOfDepth(depth - 1), { minLength: 2, maxLength: 2 }))
    .map(([others, branches]) => ({ ...others, $or: branches }));
  return fc.oneof(fields, or);
};
const pattern = patternOfDepth(2);

describe('prototype keys in patterns and events', () => {
  it.each(PROTOTYPE_KEYS)('accepts "%s" as a field name and matches it on the event\'s own fields only', (key) => {
    const own = (value: unknown) => Object.fromEntries([[key, value]]);
    const present = own([{ exists: true }]) as EventPattern;
    const absent = own([{ exists: false }]) as EventPattern;

    expect(() => validateEventPattern(present)).not.toThrow();
    expect(matchesEventPattern(present, {})).toBe(false);
    expect(matchesEventPattern(absent, {})).toBe(true);
    expect(matchesEventPattern(own(['x']) as EventPattern, own('x'))).toBe(true);
    expect(matchesEventPattern({ detail: own(['x']) as EventPattern }, { detail: own('x') })).toBe(true);
    expect(matchesEventPattern({ detail: own(['x']) as EventPattern }, { detail: {} })).toBe(false);
    expect(matchesEventPattern({ detail: own(['x']) as EventPattern }, { detail: [] })).toBe(false);
  });

  it('treats "__proto__" from parsed JSON as an ordinary field, in the pattern and in the event', () => {
    const pattern = JSON.parse('{"detail": {"__proto__": ["x"]}}');
    validateEventPattern(pattern);
    expect(matchesEventPattern(pattern, JSON.parse('{"detail": {"__proto__": "x"}}'))).toBe(true);
    expect(matchesEventPattern(pattern, JSON.parse('{"detail": {"__proto__": "y"}}'))).toBe(false);
    expect(matchesEventPattern(pattern, { detail: {} })).toBe(false);
    // A dotted key is nested without ever assigning to a real prototype.
    expect(matchesEventPattern(pattern, JSON.parse('{"detail.__proto__": "x"}'))).toBe(true);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('refuses an operator that is a prototype key, naming the path, rather than looking it up', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      const operator = Object.fromEntries([[key, 'x']]);
      expect(() => validateEventPattern({ detail: { f: [operator] } })).toThrow(EventPatternError);
      expect(() => validateEventPattern({ detail: { f: [{ 'anything-but': operator }] } })).toThrow(/^detail\.f: /);
      expect(() => validateEventPattern({ detail: { f: [{ numeric: [key, 1] }] } })).toThrow(/^detail\.f: /);
    }
  });
});

describe('properties over generated patterns and events', () => {
  it('validateEventPattern either returns or throws an EventPatternError, for any JSON', () => {
    fc.assert(
      fc.property(fc.oneof(json, pattern, fc.jsonValue()), (candidate) => {
        try {
          validateEventPattern(candidate);
        } catch (error) {
          if (!(error instanceof EventPatternError)) throw error;
          expect(error.message.startsWith(error.path === '' ? '(root): ' : `${error.path}: `)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every generated valid pattern, and matching it never throws, whatever the event', () => {
    fc.assert(
      fc.property(pattern, fc.oneof(json, fc.jsonValue()), (candidate, event) => {
        validateEventPattern(candidate);
        expect(typeof matchesEventPattern(candidate, event)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('matches a field the same whether the pattern or the event spells its path nested or dotted', () => {
    const segment = fc.oneof(
      prototypeKey.filter((key) => !key.includes('.')),
      fc.stringMatching(/^[a-z]{1,4}$/),
    );
    const nest = (path: readonly string[], leaf: unknown): unknown =>
      path.reduceRight<unknown>((inner, name) => Object.fromEntries([[name, inner]]), leaf);
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.string({ maxLength: 3 }),
        fc.string({ maxLength: 3 }),
        (path, wanted, held) => {
          const dotted = path.join('.');
          const patterns = [nest(path, [wanted]), Object.fromEntries([[dotted, [wanted]]])] as EventPattern[];
          const events = [nest(path, held), Object.fromEntries([[dotted, held]])];
          for (const candidate of patterns) {
            for (const event of events) expect(matchesEventPattern(candidate, event)).toBe(wanted === held);
          }
        },
      ),
    );
  });
});
