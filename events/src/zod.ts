import * as z from 'zod/mini';
// zod/mini's core, imported on its own: `z.core.x` would keep all of the core, and its locales, in every bundle.
import { _parse, $constructor, $ZodError } from 'zod/v4/core';
import english from 'zod/v4/locales/en.js';

/**
 * What the hub sets up in zod/mini, where classic zod did it by itself: the hub's schemas are
 * written with zod/mini (`z.optional(z.string().check(z.maxLength(200)))`), whose functions a
 * bundle takes one by one, rather than classic zod, whose schemas carry all its methods (94 KB of
 * every handler's bundle against 37 KB, and time at each cold start).
 */

/**
 * zod's English words, for a problem that has none of its own nor any in plainMessages ("Invalid
 * ISO datetime"): classic zod loaded them with its first schema, zod/mini loads no locale (without
 * one, every such problem reads "Invalid input"). Set here, at import, because every handler
 * imports the events; the API's pages and answers, the environment's errors and the logs keep
 * the words they had.
 */
z.config(english());

/**
 * The error a failed `parse` throws, named "ZodError" as classic zod names it (zod/mini's is
 * "$ZodError"): the API's last-resort handler, the logs and the callers of the event log know it
 * by that name. It is the same error otherwise: the issues, and their JSON as its message.
 */
const ZodError = /* @__PURE__ */ $constructor(
  'ZodError',
  (error: z.core.$ZodError, issues: z.core.$ZodIssue[]) => {
    $ZodError.init(error, issues);
    error.name = 'ZodError';
  },
  undefined,
  { Parent: Error },
);

/** Validates a value against a schema, answering its output; throws a ZodError (see above). */
export const parse: <T extends z.core.$ZodType>(schema: T, value: unknown) => z.output<T> = /* @__PURE__ */ _parse(ZodError);
