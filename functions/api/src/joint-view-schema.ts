import { OrganisationKind, ThemeSlugSchema } from '@partnership-hub/events';
import * as z from 'zod';

/**
 * The joint view's shape, for the API reference. The view itself is built by the domain
 * (buildJointView) and served as the projector stored it: this schema describes it, it does not
 * parse it.
 */
const ids = (description: string) => z.array(z.string()).meta({ description });

const JointViewOrganisation = z.object({
  organisationId: z.string(),
  name: z.string(),
  kind: OrganisationKind,
  priorities: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      version: z.number().int(),
      status: z.string().optional(),
      current: z.boolean().optional().meta({ description: 'False once the priority has ended' }),
    }),
  ),
  workProgramme: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      version: z.number().int(),
      kind: z.string(),
      date: z.string().optional(),
      quarter: z.string().optional().meta({ description: 'As written: 2016/17-Q1 or 2016-Q2' }),
      status: z.string(),
    }),
  ),
  agenda: z
    .array(z.object({ meetingId: z.string(), date: z.string(), number: z.string(), title: z.string() }))
    .optional()
    .meta({
      description:
        'Items on the agenda of the body\'s meetings that name the theme: a note ("on the agenda of <body> on <date>"), not coverage',
    }),
});

const Gap = z.object({
  theme: ThemeSlugSchema,
  name: z.string(),
  coveredBy: ids('CSPs covering the theme itself'),
  partlyCoveredBy: ids('CSPs covering only themes within it: covered partly, not missing'),
  partly: z
    .array(z.object({ organisationId: z.string(), through: z.array(ThemeSlugSchema) }))
    .meta({ description: 'Each of partlyCoveredBy with the themes within it that it covers' }),
  missingFrom: ids('CSPs covering neither the theme nor a theme within it'),
  missing: z
    .array(z.object({ organisationId: z.string(), reason: z.enum(['no-plan-published', 'plan-silent']) }))
    .optional()
    .meta({
      description:
        'Each of missingFrom with why: no-plan-published (no plan and no priority in force on the date that the reader may see) or plan-silent (a plan or priority in force covers neither the theme nor a theme within it). Views stored before it existed lack it',
    }),
});

const Overlap = z.object({
  theme: ThemeSlugSchema,
  name: z.string(),
  quarter: z.string().meta({ description: 'Calendar spelling: 2016-Q2' }),
  financialQuarter: z.string().meta({ description: 'Financial spelling (April to March): 2016/17-Q1' }),
  items: z.array(z.object({ organisationId: z.string(), id: z.string(), title: z.string() })),
});

export const JointViewSchema = z
  .object({
    areaId: z.string(),
    areaName: z.string().nullable(),
    audience: z.enum(['public', 'partners']),
    asOf: z.string().optional().meta({ description: 'The date (YYYY-MM-DD, Europe/London) the view is as at: what was in force on it' }),
    themes: z.array(
      z.object({
        theme: ThemeSlugSchema,
        name: z.string(),
        inPoliceAndCrimePlan: z.boolean(),
        organisations: z.array(JointViewOrganisation),
      }),
    ),
    gaps: z.array(Gap).meta({ description: 'Plan themes that some CSP does not cover in full' }),
    noPlanInForce: ids('CSPs with no plan and no priority in force on the date that the reader may see').optional(),
    overlaps: z.array(Overlap).meta({ description: 'Scrutinising bodies with work on one theme in one financial quarter' }),
  })
  .meta({ id: 'JointView' });
