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
      current: z.boolean().optional().meta({ description: 'False for a priority that has ended (closed, achieved, superseded...)' }),
    }),
  ),
  workProgramme: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      version: z.number().int(),
      kind: z.string(),
      date: z.string().optional(),
      quarter: z.string().optional().meta({ description: 'As the body wrote it: 2016/17-Q1 or 2016-Q2' }),
      status: z.string(),
    }),
  ),
});

const Gap = z.object({
  theme: ThemeSlugSchema,
  name: z.string(),
  coveredBy: ids('Community Safety Partnerships with current priorities or work on the theme itself'),
  partlyCoveredBy: ids(
    'Community Safety Partnerships covering only themes within it (domestic abuse within violence against women and girls): covered partly, not missing',
  ),
  partly: z
    .array(z.object({ organisationId: z.string(), through: z.array(ThemeSlugSchema) }))
    .meta({ description: 'Each partly covering partnership with the themes within the gap’s theme that it covers' }),
  missingFrom: ids('Community Safety Partnerships with nothing current on the theme or any theme within it'),
});

const Overlap = z.object({
  theme: ThemeSlugSchema,
  name: z.string(),
  quarter: z.string().meta({ description: 'The quarter, calendar spelling: 2016-Q2' }),
  financialQuarter: z.string().meta({
    description: 'The same quarter in financial years (April to March): 2016/17-Q1. Items meet in it whichever spelling they use.',
  }),
  items: z.array(z.object({ organisationId: z.string(), id: z.string(), title: z.string() })),
});

export const JointViewSchema = z
  .object({
    areaId: z.string(),
    areaName: z.string().nullable(),
    audience: z.enum(['public', 'partners']),
    themes: z.array(
      z.object({
        theme: ThemeSlugSchema,
        name: z.string(),
        inPoliceAndCrimePlan: z.boolean(),
        organisations: z.array(JointViewOrganisation),
      }),
    ),
    gaps: z.array(Gap).meta({
      description:
        'Themes of the Police and Crime Plan that some Community Safety Partnership does not cover in full: it covers neither the theme nor a theme within it (missingFrom), or only a theme within it (partlyCoveredBy)',
    }),
    overlaps: z
      .array(Overlap)
      .meta({ description: 'Two or more scrutinising bodies with work on the same theme in the same financial quarter' }),
  })
  .meta({ id: 'JointView' });
