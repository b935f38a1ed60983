import * as z from 'zod/mini';
import { once } from '../lazy.ts';
import { recordedText } from '../text.ts';
import { ThemeSlugSchema } from '../themes.ts';
import { PriorityLink, type PriorityState, type PriorityStatus, Visibility } from '../vocabulary.ts';

/**
 * A priority as events of schema version 1 hold it: `status` was free text and there were no
 * dates or plan. Frozen: the log keeps events of this shape for ever (they are never rewritten),
 * so this schema must not change, even when the priority's current shape does. Built on first use (see once).
 */
export const priorityStateV1 = once(() =>
  z.object({
    title: recordedText(200),
    themes: z.array(ThemeSlugSchema).check(
      z.minLength(1),
      z.maxLength(12),
      z.refine((themes) => new Set(themes).size === themes.length, 'must not list a theme twice'),
    ),
    lead: z.optional(recordedText(200)),
    outcomes: z._default(z.array(recordedText(1000)).check(z.maxLength(50)), []),
    indicators: z._default(z.array(recordedText(500)).check(z.maxLength(100)), []),
    period: z.optional(recordedText(50)),
    status: z._default(recordedText(40), 'active'),
    supports: z._default(z.array(PriorityLink).check(z.maxLength(20)), []),
    visibility: Visibility,
  }),
);
type PriorityStateV1 = z.output<ReturnType<typeof priorityStateV1>>;

/**
 * Free-text statuses as bodies wrote them before the list was controlled, by what they meant.
 * Compared lower-cased, with spaces and underscores read as hyphens ("On track" → "on-track").
 */
const FREE_TEXT_STATUSES = new Map<string, PriorityStatus>(
  Object.entries({
    achieved: 'achieved completed complete done met delivered',
    closed: 'closed archived ended expired cancelled canceled discontinued dropped withdrawn',
    superseded: 'superseded replaced',
    active: 'active current ongoing open live on-track in-progress at-risk off-track',
  }).flatMap(([status, words]) => words.split(' ').map((word) => [word, status as PriorityStatus])),
);

/**
 * The controlled status a free-text one meant: the whole text if the table knows it, else its
 * first word ("Superseded by the 2022 plan" → superseded, "Completed March 2018" → achieved).
 * Anything else reads as `active`: before the list was controlled, the joint view counted every
 * status other than closed, achieved, completed, archived and superseded as current, so `active`
 * keeps what such a priority showed; its dates (or its plan's) now decide whether it is in force.
 */
export function statusFromFreeText(status: string): PriorityStatus {
  const key = status
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return FREE_TEXT_STATUSES.get(key) ?? FREE_TEXT_STATUSES.get(key.split('-')[0]!) ?? 'active';
}

/** Reads a version 1 priority as the current version: its status put on the controlled list; nothing else changes. */
export function upcastPriorityV1<T extends PriorityStateV1>(data: T): Omit<T, 'status'> & Pick<PriorityState, 'status'> {
  return { ...data, status: statusFromFreeText(data.status) };
}
