/**
 * JSON with object keys sorted, so that two states that differ only in key order (one parsed
 * from a request, one read back from DynamoDB) compare equal. Undefined fields are dropped,
 * as JSON does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, field]) => field !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, field]) => [key, sortKeys(field)]),
    );
  }
  return value;
}

/** The top-level fields whose values differ between two states, in sorted order. */
export function changedFields(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((key) => canonicalJson((before as Record<string, unknown>)[key]) !== canonicalJson((after as Record<string, unknown>)[key]))
    .sort();
}
