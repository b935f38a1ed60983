import type { RecordOf } from '@partnership-hub/domain';

/** A Popolo organization (https://www.popoloproject.com/specs/organization.html), as civic-data tools read it. */
export interface PopoloOrganization {
  id: string;
  name: string;
  classification: string;
  identifiers: { scheme: string; identifier: string }[];
  parent_id: string | null;
}

/** Hub kinds in Popolo's words. */
const CLASSIFICATION: Record<string, string> = {
  pcc: 'Police and Crime Commissioner',
  panel: 'Police and Crime Panel',
  csp: 'Community Safety Partnership',
  'scrutiny-committee': 'Crime and Disorder Scrutiny Committee',
  council: 'Council',
  partner: 'Partner organisation',
};

/**
 * The area and its bodies as Popolo organizations: the area is the parent of each body. Ids are
 * the hub's own, prefixed so they are unique among other sources' ids.
 */
export function popoloOrganizations(
  area: { id: string; name: string | null },
  organisations: RecordOf<'organisation'>[],
): { organizations: PopoloOrganization[] } {
  const areaId = `partnership-hub:${area.id}`;
  return {
    organizations: [
      {
        id: areaId,
        name: area.name ?? area.id,
        classification: 'Police force area',
        identifiers: [{ scheme: 'partnership-hub-area', identifier: area.id }],
        parent_id: null,
      },
      ...[...organisations]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((record) => ({
          id: `${areaId}/${record.id}`,
          name: record.state.name,
          classification: CLASSIFICATION[record.state.kind] ?? record.state.kind,
          identifiers: [
            { scheme: 'partnership-hub-organisation', identifier: record.id },
            { scheme: 'partnership-hub-kind', identifier: record.state.kind },
          ],
          parent_id: areaId,
        })),
    ],
  };
}
