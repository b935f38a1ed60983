import { type EventPattern, EventPatternError, validateEventPattern } from '@partnership-hub/event-pattern';
import { EVENT_SOURCE, eventTypes, once, SlugId, type ThemeSlug, ThemeSlugSchema, themeWithDescendants } from '@partnership-hub/events';
import * as z from 'zod/mini';

const detailTypes = eventTypes.map((type) => type.detailType) as [string, ...string[]];

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

/**
 * Names JavaScript objects already have (constructor, __proto__, toString...). No hub event has a
 * field by these names, and a pattern holding one as a key cannot be stored as it was written:
 * DynamoDB's marshaller takes an object whose `constructor` is not Object for a class instance,
 * and `__proto__` is dropped on the way back. So such a pattern is refused, naming the key.
 */
const OBJECT_PROPERTY_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

function objectPropertyNameIn(value: unknown, path: readonly string[]): string | undefined {
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    if (!Array.isArray(value) && OBJECT_PROPERTY_NAMES.has(key)) return [...path, key].join('.');
    const found = objectPropertyNameIn(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * How deeply a pattern may nest objects and lists: far deeper than any hub event's fields go
 * (`detail.data.agenda.links.title` is five), and shallow enough that checking and compiling a
 * pattern, which walk it recursively, never run out of stack.
 */
const MAX_PATTERN_DEPTH = 16;

/** Whether a value nests objects or lists deeper than `limit`: walked with a stack of its own, so that no input can overflow the call stack. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

// Checked on the raw input, before z.record rebuilds the object key by key: a "__proto__" key would
// not survive that to be seen.
const EventPatternSchema = /* @__PURE__ */ once(() =>
  z.pipe(
    z.transform((raw, context) => {
      if (nestsDeeperThan(raw, MAX_PATTERN_DEPTH)) {
        context.issues.push({
          code: 'custom',
          input: raw,
          message: `nests objects or lists more than ${MAX_PATTERN_DEPTH} deep, which no hub event does`,
        });
        return z.NEVER;
      }
      const reserved = objectPropertyNameIn(raw, []);
      if (reserved) {
        context.issues.push({
          code: 'custom',
          input: raw,
          message: `uses "${reserved}" as a field name, which no hub event has and the hub cannot store`,
        });
        return z.NEVER;
      }
      return raw;
    }),
    z.record(z.string(), z.unknown()).check(
      z.superRefine((pattern, context) => {
        try {
          validateEventPattern(pattern);
        } catch (error) {
          if (!(error instanceof EventPatternError)) throw error;
          context.addIssue({ code: 'custom', message: `is not a valid EventBridge pattern: ${error.message}` });
        }
      }),
    ),
  ),
);

/** What a subscriber narrows by. Every list is optional; an empty filter means everything in the area it may see. */
export const FieldsFilter = /* @__PURE__ */ once(() =>
  z.strictObject({
    organisations: z.optional(
      z.array(SlugId).check(z.minLength(1), z.maxLength(50), z.refine(unique, 'must not list an organisation twice')),
    ),
    themes: z.optional(z.array(ThemeSlugSchema).check(z.minLength(1), z.maxLength(24), z.refine(unique, 'must not list a theme twice'))),
    changeTypes: z.optional(
      z
        .array(z.enum(detailTypes))
        .check(z.minLength(1), z.maxLength(detailTypes.length), z.refine(unique, 'must not list a change type twice')),
    ),
  }),
);
export type FieldsFilter = z.infer<ReturnType<typeof FieldsFilter>>;

/** For advanced users: a raw EventBridge pattern, matched against the event as the bus delivers it. */
export type PatternFilter = { pattern: EventPattern };
export type SubscriptionFilter = FieldsFilter | PatternFilter;

/**
 * One object rather than a union of two, so that a mistake is reported on the field at fault
 * (e.g. `filter.pattern`: "detail.themes: must be an array...") instead of "invalid input".
 * The pattern is validated by validateEventPattern, so its output is an EventPattern. Built on first
 * use (see once in the events package), as the filter's parts are: the subscriptions' handler reads
 * it only when a subscription is created or changed.
 */
export const SubscriptionFilter = /* @__PURE__ */ once(
  () =>
    z.extend(FieldsFilter(), { pattern: z.optional(EventPatternSchema()) }).check(
      z.refine((filter) => !(filter.pattern && (filter.organisations || filter.themes || filter.changeTypes)), {
        message: 'a raw pattern cannot be combined with organisations, themes or changeTypes: write them into the pattern',
        path: ['pattern'],
      }),
    ) as unknown as z.ZodMiniType<SubscriptionFilter, FieldsFilter & { pattern?: Record<string, unknown> }>,
);

export function isPatternFilter(filter: SubscriptionFilter): filter is PatternFilter {
  return 'pattern' in filter;
}

/**
 * Compiles a filter into the one EventBridge pattern the notifier matches with, so field
 * filters and raw patterns go through the same matcher. A raw pattern is used as written; the
 * area is pinned by where the subscription is indexed (see `indexKeysFor`), and the notifier
 * checks it again, so a subscription never hears about another area whatever its pattern says.
 *
 * Organisations match the body whose content changed, a party to a protocol (protocol
 * events are the area's, and name their parties in the data), or either body of a request. A theme matches itself and every
 * theme within it (a subscription to violence against women and girls hears about domestic
 * abuse). The pattern is stored as compiled; the notifier widens it again with
 * `withThemeFamilies` when it matches, so a theme added to the list later reaches a subscription
 * to its parent without the subscription being saved again.
 */
export function compileFilter(areaId: string, filter: SubscriptionFilter): EventPattern {
  if (isPatternFilter(filter)) return filter.pattern;
  const pattern: Record<string, unknown> = { source: [EVENT_SOURCE] };
  if (filter.changeTypes) pattern['detail-type'] = [...filter.changeTypes];
  const detail: Record<string, unknown> = { areaId: [areaId] };
  if (filter.themes) detail.data = { themes: [...new Set(filter.themes.flatMap(themeWithDescendants))] };
  pattern.detail = detail;
  if (filter.organisations) {
    pattern.$or = [
      { detail: { organisationId: [...filter.organisations] } },
      { detail: { data: { parties: [...filter.organisations] } } },
      // A tracked request concerns the body that raised it and the body it asks.
      { detail: { data: { from: [...filter.organisations] } } },
      { detail: { data: { to: [...filter.organisations] } } },
    ];
  }
  validateEventPattern(pattern);
  return pattern;
}

/**
 * A stored pattern with every theme it names in `detail.data.themes` widened to that theme's
 * family as the theme list stands now (the compiled pattern keeps the family of the day it was
 * saved). Raw patterns are widened too: a subscription to a parent theme takes in its children,
 * however it was written. Operators (`prefix`, `anything-but`...) are left as they are.
 */
export function withThemeFamilies(pattern: EventPattern): EventPattern {
  const detail = (pattern as { detail?: unknown }).detail;
  const data = isRecord(detail) ? detail.data : undefined;
  const themes = isRecord(data) ? data.themes : undefined;
  if (!Array.isArray(themes)) return pattern;
  const widened = [...new Set(themes.flatMap((theme) => (isThemeSlug(theme) ? themeWithDescendants(theme) : [theme])))];
  if (widened.length === themes.length) return pattern;
  return { ...pattern, detail: { ...(detail as object), data: { ...(data as object), themes: widened } } };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isThemeSlug = (value: unknown): value is ThemeSlug => ThemeSlugSchema.safeParse(value).success;
