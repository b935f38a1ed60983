import * as z from 'zod';
import { ThemeSlugSchema } from './themes.ts';

/** Area and organisation ids are lower-case slugs: they appear in URLs, keys and feeds. */
export const SlugId = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    'must be a lower-case slug: letters, digits and single hyphens, e.g. safer-rotherham-partnership',
  );

/**
 * Item ids (priorities, work programme items, protocols) come from councils' own systems,
 * so they allow capitals, dots and underscores; '#' and '/' never, because ids are used in
 * storage keys and URL paths.
 */
export const ItemId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must start with a letter or digit and use only letters, digits, ".", "_" and "-"');

export const Visibility = z.enum(['public', 'partners']);
export type Visibility = z.infer<typeof Visibility>;

export const OrganisationKind = z.enum(['pcc', 'panel', 'csp', 'scrutiny-committee', 'council', 'partner']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const WorkProgrammeKind = z.enum(['report', 'scrutiny-review', 'task-and-finish', 'performance-update', 'meeting']);
export const WorkProgrammeStatus = z.enum(['planned', 'in-progress', 'completed', 'deferred']);

export const SubjectType = z.enum(['area', 'organisation', 'priority', 'work-programme-item', 'protocol']);
export type SubjectType = z.infer<typeof SubjectType>;

const text = (max: number) => z.string().trim().min(1).max(max);

const Themes = z
  .array(ThemeSlugSchema)
  .min(1)
  .max(12)
  .refine((themes) => new Set(themes).size === themes.length, 'must not list a theme twice');

/** A link from one body's content to another body's priority, e.g. a CSP priority that supports a PCC priority. */
export const PriorityLink = z.object({ organisationId: SlugId, priorityId: ItemId });
export type PriorityLink = z.infer<typeof PriorityLink>;

export const IsoDate = z.iso.date({ error: 'must be a calendar date written YYYY-MM-DD' });
export const Quarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter written YYYY-Qn, e.g. 2026-Q3');

export const PriorityState = z.object({
  title: text(200),
  themes: Themes,
  lead: text(200).optional(),
  outcomes: z.array(text(1000)).max(50).default([]),
  indicators: z.array(text(500)).max(100).default([]),
  period: text(50).optional(),
  status: text(40).default('active'),
  supports: z.array(PriorityLink).max(20).default([]),
  visibility: Visibility,
});
export type PriorityState = z.infer<typeof PriorityState>;

export const WorkProgrammeItemState = z.object({
  title: text(200),
  themes: Themes,
  kind: WorkProgrammeKind,
  date: IsoDate.optional(),
  quarter: Quarter.optional(),
  status: WorkProgrammeStatus,
  description: text(2000).optional(),
  priorities: z.array(PriorityLink).max(20).default([]),
  visibility: Visibility,
});
export type WorkProgrammeItemState = z.infer<typeof WorkProgrammeItemState>;

export const ProtocolAgreement = z.object({
  organisationId: SlugId,
  version: z.number().int().positive(),
  agreedAt: z.iso.datetime(),
});
export type ProtocolAgreement = z.infer<typeof ProtocolAgreement>;

export const ProtocolState = z.object({
  title: text(200),
  parties: z
    .array(SlugId)
    .min(2)
    .max(50)
    .refine((parties) => new Set(parties).size === parties.length, 'must not list a party twice'),
  summary: text(5000),
  reviewDate: IsoDate.optional(),
  visibility: Visibility,
  /** The version of the document: a new one starts every time a party proposes a change. */
  version: z.number().int().positive(),
  proposedBy: SlugId,
  /** Every agreement ever recorded, to any version; only those to `version` count towards `status`. */
  agreements: z.array(ProtocolAgreement),
  status: z.enum(['draft', 'agreed']),
});
export type ProtocolState = z.infer<typeof ProtocolState>;

export const AreaState = z.object({ name: text(200) });
export type AreaState = z.infer<typeof AreaState>;

export const OrganisationState = z.object({ name: text(200), kind: OrganisationKind });
export type OrganisationState = z.infer<typeof OrganisationState>;
