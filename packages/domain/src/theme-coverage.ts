import { type ThemeSlug, themeWithDescendants } from '@partnership-hub/events';

/** How a set of bodies covers one theme: in full, only partly (through themes within it), or not at all. */
export interface ThemeCoverage {
  /** Bodies with something current on the theme itself. */
  coveredBy: string[];
  /** Bodies with nothing current on the theme itself but something on a theme within it: ids, as `coveredBy`. */
  partlyCoveredBy: string[];
  /** The same bodies as `partlyCoveredBy`, each with the themes within it that they cover, in the order of the list. */
  partly: { organisationId: string; through: ThemeSlug[] }[];
  /** Bodies with nothing current on the theme or any theme within it. */
  missingFrom: string[];
}

/**
 * Sorts bodies by how they cover a theme, given the themes each covers. Covering a child theme
 * (domestic abuse) covers its parent (violence against women and girls) only partly: such a body
 * is not missing, and is not counted as covering it either. Covering a parent says nothing about a
 * child: a plan theme of domestic abuse is not covered by a body whose work names only the wider theme.
 */
export function coverageOf(
  theme: ThemeSlug,
  bodies: readonly string[],
  themesOf: (organisationId: string) => ReadonlySet<string>,
): ThemeCoverage {
  const within = themeWithDescendants(theme).slice(1);
  const coverage: ThemeCoverage = { coveredBy: [], partlyCoveredBy: [], partly: [], missingFrom: [] };
  for (const organisationId of bodies) {
    const covered = themesOf(organisationId);
    if (covered.has(theme)) {
      coverage.coveredBy.push(organisationId);
      continue;
    }
    const through = within.filter((slug) => covered.has(slug));
    if (through.length === 0) {
      coverage.missingFrom.push(organisationId);
      continue;
    }
    coverage.partlyCoveredBy.push(organisationId);
    coverage.partly.push({ organisationId, through });
  }
  return coverage;
}
