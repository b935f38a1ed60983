// Amazon EventBridge event-pattern matching ("content filtering"), written from the AWS user guide
// pages "Creating Amazon EventBridge event patterns", "Content filtering in Amazon EventBridge event
// patterns" and "Comparison operators for use in event patterns in Amazon EventBridge". Where those
// pages are silent, behaviour follows aws/event-ruler, the open-source engine behind EventBridge.
// Hand-written on purpose: nothing well-kept in the npm registry implements these semantics, so this
// uses the standard library only and does no I/O.

/** A literal a pattern can match exactly. */
export type PatternValue = string | number | boolean | null;

type StringOrStrings = string | readonly string[];
type IgnoringCase = { readonly 'equals-ignore-case': string };

/** What may follow "anything-but". */
export type AnythingButOperand =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { readonly prefix: StringOrStrings }
  | { readonly suffix: StringOrStrings }
  | { readonly 'equals-ignore-case': StringOrStrings }
  | { readonly wildcard: StringOrStrings };

/** One operator object in a field's list of alternatives, e.g. `{ "prefix": "us-" }`. */
export type ContentFilter =
  | { readonly prefix: string | IgnoringCase }
  | { readonly suffix: string | IgnoringCase }
  | { readonly 'equals-ignore-case': string }
  | { readonly wildcard: string }
  | { readonly 'anything-but': AnythingButOperand }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean }
  | { readonly cidr: string };

export type PatternAlternative = PatternValue | ContentFilter;

/**
 * An EventBridge event pattern: each field holds a list of alternatives, a nested pattern for a
 * nested object, or (under the key "$or") a list of sub-patterns of which at least one must match.
 */
export type EventPattern = {
  readonly [field: string]: readonly PatternAlternative[] | EventPattern | readonly EventPattern[];
};

/** Thrown for a pattern EventBridge would reject. `path` is the JSON path of the offending part. */
export class EventPatternError extends Error {
  override name = 'EventPatternError';
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path === '' ? '(root)' : path}: ${problem}`);
    this.path = path;
  }
}

/** Throws an EventPatternError unless `pattern` is a pattern EventBridge would accept. */
export function validateEventPattern(pattern: unknown): asserts pattern is EventPattern {
  compileEventPattern(pattern);
}

/**
 * Validates the pattern once and returns a predicate for events, for callers that test many events
 * against one pattern. Throws an EventPatternError for a malformed pattern.
 */
export function compileEventPattern(pattern: unknown): (event: unknown) => boolean {
  if (!isPlainObject(pattern)) {
    throw new EventPatternError('', `an event pattern must be a JSON object, got ${describe(pattern)}`);
  }
  const rule = compileObject(pattern, '', false);
  return (event) => matchesObject(rule, withDottedKeysNested(event));
}

/**
 * Whether `event` (a plain JSON value, normally a whole EventBridge event) matches `pattern`.
 * The pattern is validated first, so a malformed one throws even if the event would have matched.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return compileEventPattern(pattern)(event);
}

// ---------------------------------------------------------------------------------------------
// Compiled form. Compiling is validating: every shape check happens once, and matching then walks a
// structure that cannot be malformed.

type Leaf = string | number | boolean | null;

type Alternative =
  | { readonly kind: 'exists'; readonly present: boolean }
  | { readonly kind: 'value'; readonly test: (leaf: Leaf) => boolean };

/**
 * The compiled pattern is a tree of field names. Pattern keys are split at "." (EventBridge joins
 * nested keys with "." when it compiles a pattern, so `{"a.b": [...]}` and `{"a": {"b": [...]}}` are
 * the same field), and fields reached by both spellings share one node.
 */
interface FieldRule {
  /** The values the field must hold; when the same field is given twice, the last one counts, as in EventBridge. */
  alternatives?: readonly Alternative[];
  /** Fields inside the field, which must all hold in one object. */
  nested?: ObjectRule;
}

interface ObjectRule {
  readonly fields: Map<string, FieldRule>;
  /** Each "$or" at this level: a list of branches, at least one of which must hold. */
  readonly anyOf: ObjectRule[][];
}

const OR_KEY = '$or';

// EventBridge refuses these as field names inside "$or" branches: almost always the author meant an
// operator inside a field's list, e.g. "$or": [{ "prefix": "a" }, ...] instead of "f": [{ "prefix": "a" }].
const OPERATOR_NAMES: ReadonlySet<string> = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
]);

function compileObject(pattern: Record<string, unknown>, path: string, insideOr: boolean): ObjectRule {
  const rule: ObjectRule = { fields: new Map(), anyOf: [] };
  compileInto(rule, pattern, path, insideOr);
  return rule;
}

function compileInto(rule: ObjectRule, pattern: Record<string, unknown>, path: string, insideOr: boolean): void {
  const entries = Object.entries(pattern);
  if (entries.length === 0) throw new EventPatternError(path, 'empty objects are not allowed');
  for (const [key, value] of entries) {
    const fieldPath = joinPath(path, key);
    if (key === OR_KEY) {
      rule.anyOf.push(compileOr(value, fieldPath));
      continue;
    }
    if (insideOr && OPERATOR_NAMES.has(key)) {
      throw new EventPatternError(
        fieldPath,
        `"${key}" is an operator, not a field name; inside "$or" write {"<field>": [{"${key}": ...}]}`,
      );
    }
    const field = fieldAt(rule, key.split('.'));
    if (Array.isArray(value)) {
      field.alternatives = compileAlternatives(value, fieldPath);
    } else if (isPlainObject(value)) {
      field.nested ??= { fields: new Map(), anyOf: [] };
      compileInto(field.nested, value, fieldPath, insideOr);
    } else {
      throw new EventPatternError(
        fieldPath,
        `must be an array of values to match or a nested object, got ${describe(value)} (write [${describe(value)}])`,
      );
    }
  }
}

/** The node of a dotted field name, creating the nodes on the way. */
function fieldAt(rule: ObjectRule, segments: readonly string[]): FieldRule {
  const [name = '', ...rest] = segments;
  let field = rule.fields.get(name);
  if (!field) {
    field = {};
    rule.fields.set(name, field);
  }
  if (rest.length === 0) return field;
  field.nested ??= { fields: new Map(), anyOf: [] };
  return fieldAt(field.nested, rest);
}

function compileOr(value: unknown, path: string): ObjectRule[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw new EventPatternError(path, '"$or" needs an array of at least two sub-patterns');
  }
  return value.map((branch, index) => {
    const branchPath = `${path}[${index}]`;
    if (!isPlainObject(branch)) {
      throw new EventPatternError(branchPath, `each "$or" sub-pattern must be an object, got ${describe(branch)}`);
    }
    return compileObject(branch, branchPath, true);
  });
}

function compileAlternatives(values: readonly unknown[], path: string): Alternative[] {
  if (values.length === 0) {
    throw new EventPatternError(path, 'empty arrays are not allowed; list at least one value to match');
  }
  return values.map((value) => compileAlternative(value, path));
}

function compileAlternative(value: unknown, path: string): Alternative {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return { kind: 'value', test: (leaf) => leaf === value };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EventPatternError(path, `${value} is not a JSON number`);
    return { kind: 'value', test: (leaf) => leaf === value };
  }
  if (Array.isArray(value)) {
    throw new EventPatternError(path, 'nested arrays are not allowed in a list of values');
  }
  if (isPlainObject(value)) return compileOperator(value, path);
  throw new EventPatternError(path, `${describe(value)} is not a value EventBridge can match`);
}

const SUPPORTED_OPERATORS = '"prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists" or "cidr"';

function compileOperator(operator: Record<string, unknown>, path: string): Alternative {
  const [name, operand] = onlyEntry(operator, path, 'an operator object');
  switch (name) {
    case 'prefix':
      return onStrings(compilePrefix(operand, path));
    case 'suffix':
      return onStrings(compileSuffix(operand, path));
    case 'equals-ignore-case':
      return onStrings(equalsIgnoringCase(requireString(operand, path, '"equals-ignore-case"')));
    case 'wildcard':
      return onStrings(compileWildcard(requireString(operand, path, '"wildcard"'), path));
    case 'anything-but':
      return { kind: 'value', test: compileAnythingBut(operand, path) };
    case 'numeric':
      return onNumbers(compileNumeric(operand, path));
    case 'exists':
      if (typeof operand !== 'boolean') {
        throw new EventPatternError(path, `"exists" needs true or false, got ${describe(operand)}`);
      }
      return { kind: 'exists', present: operand };
    case 'cidr':
      return onStrings(compileCidr(operand, path));
    default:
      throw new EventPatternError(path, `unknown operator "${name}"; use ${SUPPORTED_OPERATORS}`);
  }
}

// String operators only ever match string values: a number or boolean never has a prefix.
function onStrings(test: (value: string) => boolean): Alternative {
  return { kind: 'value', test: (leaf) => typeof leaf === 'string' && test(leaf) };
}

function onNumbers(test: (value: number) => boolean): Alternative {
  return { kind: 'value', test: (leaf) => typeof leaf === 'number' && isComparableNumber(leaf) && test(leaf) };
}

// ---------------------------------------------------------------------------------------------
// String operators

function compilePrefix(operand: unknown, path: string): (value: string) => boolean {
  if (typeof operand === 'string') return (value) => value.startsWith(operand);
  const prefix = ignoreCaseOperand(operand, path, '"prefix"');
  return (value) => lower(value).startsWith(prefix);
}

function compileSuffix(operand: unknown, path: string): (value: string) => boolean {
  if (typeof operand === 'string') return (value) => value.endsWith(operand);
  const suffix = ignoreCaseOperand(operand, path, '"suffix"');
  return (value) => lower(value).endsWith(suffix);
}

/** Reads `{"equals-ignore-case": "..."}` as nested in prefix/suffix and returns it lower-cased. */
function ignoreCaseOperand(operand: unknown, path: string, operator: string): string {
  if (!isPlainObject(operand)) {
    throw new EventPatternError(path, `${operator} needs a string or {"equals-ignore-case": string}, got ${describe(operand)}`);
  }
  const [name, value] = onlyEntry(operand, path, `the object in ${operator}`);
  if (name !== 'equals-ignore-case') {
    throw new EventPatternError(path, `${operator} supports only "equals-ignore-case" inside an object, got "${name}"`);
  }
  return lower(requireString(value, path, `${operator} "equals-ignore-case"`));
}

function equalsIgnoringCase(expected: string): (value: string) => boolean {
  const folded = lower(expected);
  return (value) => lower(value) === folded;
}

// Locale-independent on purpose: a pattern must not match differently depending on the host locale.
function lower(text: string): string {
  return text.toLowerCase();
}

/**
 * AWS wildcards: `*` matches any run of characters (including none); `\*` is a literal asterisk and
 * `\\` a literal backslash; escaping anything else, or writing two wildcards in a row, is rejected.
 */
function compileWildcard(pattern: string, path: string): (value: string) => boolean {
  const literals: string[] = [];
  let literal = '';
  let previousWasWildcard = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === '*') {
      if (previousWasWildcard) {
        throw new EventPatternError(path, `"wildcard" cannot contain consecutive * characters: ${JSON.stringify(pattern)}`);
      }
      literals.push(literal);
      literal = '';
      previousWasWildcard = true;
      continue;
    }
    previousWasWildcard = false;
    if (char === '\\') {
      const escaped = pattern.charAt(index + 1);
      if (escaped !== '*' && escaped !== '\\') {
        throw new EventPatternError(path, `"wildcard" allows a backslash only before * or another backslash: ${JSON.stringify(pattern)}`);
      }
      literal += escaped;
      index++;
      continue;
    }
    literal += char;
  }
  literals.push(literal);
  return (value) => matchesLiteralsAroundWildcards(literals, value);
}

// Linear-time glob matching: no regular expression, so a hostile pattern cannot cause backtracking.
// Taking the leftmost occurrence of each middle literal is always safe because `*` matches anything.
function matchesLiteralsAroundWildcards(literals: readonly string[], value: string): boolean {
  const first = literals[0] ?? '';
  if (literals.length === 1) return value === first;
  const last = literals[literals.length - 1] ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (const middle of literals.slice(1, -1)) {
    const found = value.indexOf(middle, position);
    if (found === -1 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// anything-but

const ANYTHING_BUT_FORMS =
  '"anything-but" needs a string, a number, a list of only strings or only numbers, or an object ' +
  'with one of "prefix", "suffix", "equals-ignore-case" or "wildcard"';

/**
 * Matches any present value the operand does not exclude. Values of another type are never excluded
 * (so `null` passes `{"anything-but": "x"}`), but a missing field has no value and never matches.
 */
function compileAnythingBut(operand: unknown, path: string): (leaf: Leaf) => boolean {
  if (typeof operand === 'string') return (leaf) => leaf !== operand;
  if (typeof operand === 'number') {
    requireComparableNumber(operand, path, '"anything-but"');
    return (leaf) => leaf !== operand;
  }
  if (Array.isArray(operand)) {
    const excluded = anythingButList(operand, path);
    return (leaf) => !excluded.includes(leaf);
  }
  if (isPlainObject(operand)) {
    const excludes = anythingButStringOperator(operand, path);
    return (leaf) => !(typeof leaf === 'string' && excludes(leaf));
  }
  throw new EventPatternError(path, `${ANYTHING_BUT_FORMS}, got ${describe(operand)}`);
}

function anythingButList(values: readonly unknown[], path: string): readonly Leaf[] {
  const allStrings = values.every((value) => typeof value === 'string');
  const allNumbers = values.every((value) => typeof value === 'number');
  if (values.length === 0 || (!allStrings && !allNumbers)) {
    throw new EventPatternError(path, '"anything-but" list must be non-empty and hold only strings or only numbers');
  }
  if (allNumbers) {
    for (const value of values) requireComparableNumber(value as number, path, '"anything-but"');
  }
  return values as readonly Leaf[];
}

type StringTestBuilder = (operand: string, path: string, what: string) => (text: string) => boolean;

// The string operators "anything-but" can negate, each turning one operand into a test.
const ANYTHING_BUT_STRING_TESTS: Readonly<Record<string, StringTestBuilder>> = {
  prefix: (prefix, path, what) => {
    requireNonEmpty(prefix, path, what);
    return (text) => text.startsWith(prefix);
  },
  suffix: (suffix, path, what) => {
    requireNonEmpty(suffix, path, what);
    return (text) => text.endsWith(suffix);
  },
  'equals-ignore-case': (expected) => equalsIgnoringCase(expected),
  wildcard: (wildcard, path) => compileWildcard(wildcard, path),
};

function anythingButStringOperator(operand: Record<string, unknown>, path: string): (value: string) => boolean {
  const [name, value] = onlyEntry(operand, path, 'the object in "anything-but"');
  const build = Object.hasOwn(ANYTHING_BUT_STRING_TESTS, name) ? ANYTHING_BUT_STRING_TESTS[name] : undefined;
  if (!build) throw new EventPatternError(path, `${ANYTHING_BUT_FORMS}, got "${name}"`);
  const what = `"anything-but" "${name}"`;
  const tests = stringOrStrings(value, path, what).map((text) => build(text, path, what));
  return (text) => tests.some((test) => test(text));
}

function stringOrStrings(value: unknown, path: string, what: string): readonly string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
    return value as readonly string[];
  }
  throw new EventPatternError(path, `${what} needs a string or a non-empty list of strings, got ${describe(value)}`);
}

// An empty prefix or suffix would exclude every string, which EventBridge rejects as a mistake.
function requireNonEmpty(text: string, path: string, what: string): void {
  if (text === '') throw new EventPatternError(path, `${what} cannot be an empty string`);
}

// ---------------------------------------------------------------------------------------------
// numeric

// AWS: numeric matching is limited to -5.0e9..+5.0e9 inclusive, precise to six decimal places.
const NUMERIC_LIMIT = 5e9;
const MAX_DECIMAL_PLACES = 6;

type Comparator = '=' | '<' | '<=' | '>' | '>=';
type Bound = { readonly operator: Comparator; readonly value: number };

const COMPARE: Record<Comparator, (actual: number, bound: number) => boolean> = {
  '=': (actual, bound) => actual === bound,
  '<': (actual, bound) => actual < bound,
  '<=': (actual, bound) => actual <= bound,
  '>': (actual, bound) => actual > bound,
  '>=': (actual, bound) => actual >= bound,
};

function isComparator(value: unknown): value is Comparator {
  return typeof value === 'string' && Object.hasOwn(COMPARE, value);
}

function compileNumeric(operand: unknown, path: string): (value: number) => boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) {
    throw new EventPatternError(path, `"numeric" needs operator/value pairs, e.g. [">", 0, "<=", 5], got ${describe(operand)}`);
  }
  if (operand.length > 4) {
    throw new EventPatternError(path, '"numeric" takes at most two operator/value pairs: a lower and an upper bound');
  }
  const bounds: Bound[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    bounds.push(numericBound(operand[index], operand[index + 1], path));
  }
  if (bounds.length === 2) requireRange(bounds, path);
  return (value) => bounds.every(({ operator, value: bound }) => COMPARE[operator](value, bound));
}

function numericBound(operator: unknown, value: unknown, path: string): Bound {
  if (!isComparator(operator)) {
    throw new EventPatternError(path, `"numeric" operator must be one of "=", "<", "<=", ">", ">=", got ${describe(operator)}`);
  }
  if (typeof value !== 'number') {
    throw new EventPatternError(path, `"numeric" "${operator}" needs a number, got ${describe(value)}`);
  }
  requireComparableNumber(value, path, `"numeric" "${operator}"`);
  return { operator, value };
}

function requireRange(bounds: readonly Bound[], path: string): void {
  const [lower, upper] = bounds;
  if (!lower || !upper) return;
  const isLower = lower.operator === '>' || lower.operator === '>=';
  const isUpper = upper.operator === '<' || upper.operator === '<=';
  if (!isLower || !isUpper) {
    throw new EventPatternError(
      path,
      'a two-sided "numeric" range is a lower bound (">" or ">=") followed by an upper bound ("<" or "<=")',
    );
  }
  if (lower.value >= upper.value) {
    throw new EventPatternError(path, `"numeric" lower bound ${lower.value} must be less than upper bound ${upper.value}`);
  }
}

function requireComparableNumber(value: number, path: string, what: string): void {
  if (!Number.isFinite(value) || Math.abs(value) > NUMERIC_LIMIT) {
    throw new EventPatternError(path, `${what}: ${value} is outside the range EventBridge compares (-5e9 to 5e9)`);
  }
  if (decimalPlaces(value) > MAX_DECIMAL_PLACES) {
    throw new EventPatternError(path, `${what}: ${value} has more than ${MAX_DECIMAL_PLACES} digits after the decimal point`);
  }
}

// Event values outside the supported range cannot be compared by EventBridge, so they never match.
function isComparableNumber(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= NUMERIC_LIMIT;
}

/** Digits after the decimal point in the shortest decimal form of `value`, e.g. 1e-7 → 7. */
function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = String(value).split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

// ---------------------------------------------------------------------------------------------
// cidr

type IpAddress = { readonly bits: 32 | 128; readonly value: bigint };

function compileCidr(operand: unknown, path: string): (value: string) => boolean {
  const invalid = () => new EventPatternError(path, `"cidr" needs an IPv4 or IPv6 block such as "10.0.0.0/24", got ${describe(operand)}`);
  if (typeof operand !== 'string') throw invalid();
  const [address = '', prefixText, ...rest] = operand.split('/');
  const network = parseIp(address);
  if (!network || prefixText === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefixText)) throw invalid();
  const prefixLength = Number(prefixText);
  if (prefixLength > network.bits) throw invalid();
  const hostBits = BigInt(network.bits - prefixLength);
  const networkBits = network.value >> hostBits;
  return (value) => {
    const ip = parseIp(value);
    return ip !== undefined && ip.bits === network.bits && ip.value >> hostBits === networkBits;
  };
}

function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = parseIPv6(text);
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

function parseIPv4(text: string): bigint | undefined {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)?.slice(1).map(Number);
  if (!octets || octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((address, octet) => (address << 8n) | BigInt(octet), 0n);
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0] ?? '');
  const tail = halves.length === 2 ? hextets(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.reduce((address, group) => (address << 16n) | BigInt(group), 0n);
}

/** Parses colon-separated hex groups; a trailing dotted IPv4 part counts as two groups. */
function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const last = parts[parts.length - 1] ?? '';
  const embeddedV4 = last.includes('.') ? parseIPv4(last) : undefined;
  if (last.includes('.') && embeddedV4 === undefined) return undefined;
  const hexParts = embeddedV4 === undefined ? parts : parts.slice(0, -1);
  if (!hexParts.every((part) => /^[0-9a-fA-F]{1,4}$/.test(part))) return undefined;
  const groups = hexParts.map((part) => parseInt(part, 16));
  if (embeddedV4 !== undefined) groups.push(Number(embeddedV4 >> 16n), Number(embeddedV4 & 0xffffn));
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Matching

// A non-object (including a missing field) is treated as an object with no fields, so that inside
// it only `exists: false` can match, as AWS documents for absent fields.
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Arrays in the event are "crushed": a nested pattern matches if any object in the (possibly
 * nested) array satisfies the whole sub-pattern, so two fields never match from different elements.
 */
function matchesObject(rule: ObjectRule, value: unknown): boolean {
  const candidates = objectsIn(value);
  if (candidates.length === 0) return matchesFields(rule, NO_FIELDS);
  return candidates.some((candidate) => matchesFields(rule, candidate));
}

function matchesFields(rule: ObjectRule, object: Readonly<Record<string, unknown>>): boolean {
  for (const [name, field] of rule.fields) {
    const value = ownField(object, name);
    if (field.alternatives && !matchesLeaf(field.alternatives, leavesIn(value))) return false;
    if (field.nested && !matchesObject(field.nested, value)) return false;
  }
  return rule.anyOf.every((branches) => branches.some((branch) => matchesFields(branch, object)));
}

function matchesLeaf(alternatives: readonly Alternative[], leaves: readonly Leaf[]): boolean {
  return alternatives.some((alternative) =>
    alternative.kind === 'exists' ? leaves.length > 0 === alternative.present : leaves.some(alternative.test),
  );
}

/** Leaf values of a field: the value itself, or every leaf of an array. Objects are not leaves. */
function leavesIn(value: unknown): Leaf[] {
  if (isLeaf(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(leavesIn);
  return [];
}

function objectsIn(value: unknown): Readonly<Record<string, unknown>>[] {
  if (isPlainObject(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  return [];
}

// ---------------------------------------------------------------------------------------------
// Dotted keys in events

/**
 * The event with every key that contains "." nested at its dots, as EventBridge sees it: it joins
 * nested keys with "." too, so `{"a.b": 1}` and `{"a": {"b": 1}}` are the same field. Where both
 * spellings give the same field, its values are all kept (any may match); an object merged into an
 * array joins every object in it, since a field outside the array goes with any of its elements.
 * Values without dotted keys are returned as they are, so the usual event costs one walk and no copy.
 */
function withDottedKeysNested(value: unknown): unknown {
  if (Array.isArray(value)) {
    const elements = value.map(withDottedKeysNested);
    return elements.some((element, index) => element !== value[index]) ? elements : value;
  }
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).map(([key, field]) => [key, withDottedKeysNested(field)] as const);
  if (entries.every(([key, field]) => !key.includes('.') && field === value[key])) return value;
  const nested = fieldsObject();
  for (const [key, field] of entries) {
    const [name = '', ...rest] = key.split('.');
    putField(
      nested,
      name,
      rest.reduceRight<unknown>((inner, segment) => fieldsObject([[segment, inner]]), field),
    );
  }
  return nested;
}

// Null-prototype objects, so that a key such as "__proto__" is an ordinary own field here too.
function fieldsObject(entries: readonly (readonly [string, unknown])[] = []): Record<string, unknown> {
  const object: Record<string, unknown> = Object.create(null);
  for (const [key, value] of entries) object[key] = value;
  return object;
}

function putField(object: Record<string, unknown>, key: string, value: unknown): void {
  object[key] = Object.hasOwn(object, key) ? mergeValues(object[key], value) : value;
}

function mergeValues(first: unknown, second: unknown): unknown {
  if (isPlainObject(first) && isPlainObject(second)) {
    const merged = fieldsObject(Object.entries(first));
    for (const [key, value] of Object.entries(second)) putField(merged, key, value);
    return merged;
  }
  if (Array.isArray(first) && isPlainObject(second)) return mergeIntoArray(first, second);
  if (isPlainObject(first) && Array.isArray(second)) return mergeIntoArray(second, first);
  return [...(Array.isArray(first) ? first : [first]), ...(Array.isArray(second) ? second : [second])];
}

function mergeIntoArray(array: readonly unknown[], object: Record<string, unknown>): unknown[] {
  const merged = joinObjects(array, object);
  return merged ?? [...array, object];
}

/** Merges `object` into every object in the (possibly nested) array; undefined when it holds none. */
function joinObjects(array: readonly unknown[], object: Record<string, unknown>): unknown[] | undefined {
  let joined = false;
  const elements = array.map((element) => {
    if (isPlainObject(element)) {
      joined = true;
      return mergeValues(element, object);
    }
    if (Array.isArray(element)) {
      const inner = joinObjects(element, object);
      if (inner) joined = true;
      return inner ?? element;
    }
    return element;
  });
  return joined ? elements : undefined;
}

// Own properties only, so a field called "constructor" or "toString" is not found on the prototype.
function ownField(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyEntry(object: Record<string, unknown>, path: string, what: string): [string, unknown] {
  const entries = Object.entries(object);
  const [entry] = entries;
  if (!entry || entries.length > 1) {
    const keys = entries.length === 0 ? 'none' : entries.map(([key]) => `"${key}"`).join(', ');
    throw new EventPatternError(path, `${what} must have exactly one key, got ${keys}`);
  }
  return entry;
}

function requireString(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string') throw new EventPatternError(path, `${what} needs a string, got ${describe(value)}`);
  return value;
}

function joinPath(parent: string, key: string): string {
  const simple = /^[^.[\]\s"]+$/.test(key);
  if (!simple) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function describe(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
