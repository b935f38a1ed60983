import { SEED_FILES } from './south-yorkshire.ts';

/**
 * The 2014 refresh of South Yorkshire's Police and Crime Plan taken through the statutory
 * variation steps, as far as the seed documents record them: the draft "Plan Refreshed April
 * 2014" (whose words record the Chief Constable's advice), sent to the panel for its meeting of
 * 2 May 2014 with comment asked "before 07 May 2014". No document records the panel's report,
 * the PCC's response or the publication, so none of those is seeded.
 */
export interface SeedVariationStep {
  step: 'chief-constable-consulted' | 'sent-to-panel';
  by: string;
  responseDueDate?: string;
  /** When it happened, as the document says. */
  effectiveDate: string;
  source: string;
}

export interface SeedVariation {
  organisationId: string;
  planId: string;
  variation: { title: string; summary: string; visibility: 'public' };
  effectiveDate: string;
  source: string;
  steps: SeedVariationStep[];
}

const PCC = 'south-yorkshire-pcc';
const F000 = SEED_FILES.panel2014;
const REPORT = `${F000}, the PCC's report to the Panel of 2 May 2014 "Police and Crime Plan 2013 – 17: Refresh" (item 6)`;

export const southYorkshireVariations: { areaId: 'south-yorkshire'; variations: SeedVariation[] } = {
  areaId: 'south-yorkshire',
  variations: [
    {
      organisationId: PCC,
      planId: 'police-and-crime-plan-2013-17-refreshed-april-2014',
      variation: {
        title: 'Police and Crime Plan 2013 – 17: Refresh',
        summary:
          'The strategic priorities remain unchanged (reducing crime and anti-social behaviour, protecting vulnerable people, improving visible policing); the plan is refreshed to shift focus in the second year.',
        visibility: 'public',
      },
      // The draft is dated by its own title page: "Plan Refreshed April 2014".
      effectiveDate: '2014-04',
      source: `${REPORT}, section 7 "Proposals and details", and the draft at Appendix A`,
      steps: [
        {
          step: 'chief-constable-consulted',
          by: PCC,
          // The draft records the Chief Constable's advice for 2014-15; it gives no day, so its month.
          effectiveDate: '2014-04',
          source: `${F000}, draft Police and Crime Plan 2013/17 (Plan Refreshed April 2014): "the Chief Constable has informed me there are five aspects of operational policing which should be prioritised during 2014-15"`,
        },
        {
          step: 'sent-to-panel',
          by: PCC,
          // "provide comment to the Commissioner before 07 May 2014": due by the end of 6 May.
          responseDueDate: '2014-05-06',
          effectiveDate: '2014-05-02',
          source: `${REPORT}, section 6 "Recommendations": "provide comment to the Commissioner before 07 May 2014"`,
        },
      ],
    },
  ],
};
