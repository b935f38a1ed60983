import { OrganisationKind, once, ThemeSlugSchema } from '@partnership-hub/events';
import * as z from 'zod/mini';

/**
 * The joint view's shape, for the API reference. The view itself is built by the domain
 * (buildJointView) and served as the projector stored it: this schema describes it, it does not
 * parse it. Only the reference reads it, so it is built on first use (see once): the API's handler,
 * which serves the view, never builds it.
 */
const ids = (description: string) => z.array(z.string()).register(z.globalRegistry, { description });

const JointViewOrganisation = /* @__PURE__ */ once(() =>
  z.object({
    organisationId: z.string(),
    name: z.string(),
    kind: OrganisationKind,
    priorities: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        version: z.number().check(z.int()),
        status: z.optional(z.string()),
        current: z.optional(z.boolean()).register(z.globalRegistry, { description: 'False once the priority has ended' }),
      }),
    ),
    workProgramme: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        version: z.number().check(z.int()),
        kind: z.string(),
        date: z.optional(z.string()),
        quarter: z.optional(z.string()).register(z.globalRegistry, { description: 'As written: 2016/17-Q1 or 2016-Q2' }),
        status: z.string(),
      }),
    ),
    agenda: z
      .optional(z.array(z.object({ meetingId: z.string(), date: z.string(), number: z.string(), title: z.string() })))
      .register(z.globalRegistry, {
        description:
          'Items on the agenda of the body\'s meetings that name the theme: a note ("on the agenda of <body> on <date>"), not coverage',
      }),
  }),
);

const Gap = /* @__PURE__ */ once(() =>
  z.object({
    theme: ThemeSlugSchema,
    name: z.string(),
    coveredBy: ids('CSPs covering the theme itself'),
    partlyCoveredBy: ids('CSPs covering only themes within it: covered partly, not missing'),
    partly: z
      .array(z.object({ organisationId: z.string(), through: z.array(ThemeSlugSchema) }))
      .register(z.globalRegistry, { description: 'Each of partlyCoveredBy with the themes within it that it covers' }),
    missingFrom: ids('CSPs covering neither the theme nor a theme within it'),
    missing: z
      .optional(z.array(z.object({ organisationId: z.string(), reason: z.enum(['no-plan-published', 'plan-silent']) })))
      .register(z.globalRegistry, {
        description:
          'Each of missingFrom with why: no-plan-published (no plan and no priority in force on the date that the reader may see) or plan-silent (a plan or priority in force covers neither the theme nor a theme within it). Views stored before it existed lack it',
      }),
  }),
);

const Overlap = /* @__PURE__ */ once(() =>
  z.object({
    theme: ThemeSlugSchema,
    name: z.string(),
    quarter: z.string().register(z.globalRegistry, { description: 'Calendar spelling: 2016-Q2' }),
    financialQuarter: z.string().register(z.globalRegistry, { description: 'Financial spelling (April to March): 2016/17-Q1' }),
    items: z.array(z.object({ organisationId: z.string(), id: z.string(), title: z.string() })),
  }),
);

export const JointViewSchema = /* @__PURE__ */ once(() =>
  z
    .object({
      areaId: z.string(),
      areaName: z.nullable(z.string()),
      audience: z.enum(['public', 'partners']),
      asOf: z
        .optional(z.string())
        .register(z.globalRegistry, { description: 'The date (YYYY-MM-DD, Europe/London) the view is as at: what was in force on it' }),
      themes: z.array(
        z.object({
          theme: ThemeSlugSchema,
          name: z.string(),
          inPoliceAndCrimePlan: z.boolean(),
          organisations: z.array(JointViewOrganisation()),
        }),
      ),
      gaps: z.array(Gap()).register(z.globalRegistry, { description: 'Plan themes that some CSP does not cover in full' }),
      noPlanInForce: z.optional(ids('CSPs with no plan and no priority in force on the date that the reader may see')),
      overlaps: z
        .array(Overlap())
        .register(z.globalRegistry, { description: 'Scrutinising bodies with work on one theme in one financial quarter' }),
    })
    .register(z.globalRegistry, { id: 'JointView' }),
);
