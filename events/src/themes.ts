import * as z from 'zod/mini';

/**
 * The controlled list of community-safety themes (PRODUCT.md, "Shared vocabulary").
 * Themes are the join key between bodies' content. Extend the list; never rename a slug,
 * because stored events and subscribers' filters refer to it.
 *
 * A theme may name a `parent`: a wider theme it is part of (domestic abuse is one form of
 * violence against women and girls). Covering a child covers its parent only partly; a
 * subscription or feed for a parent takes in its children. A theme with no parent stands alone.
 */
export const THEMES = [
  { slug: 'child-sexual-exploitation', name: 'Child sexual exploitation' },
  { slug: 'domestic-abuse', name: 'Domestic abuse', parent: 'violence-against-women-and-girls' },
  { slug: 'violence-against-women-and-girls', name: 'Violence against women and girls' },
  { slug: 'stalking-and-harassment', name: 'Stalking and harassment', parent: 'violence-against-women-and-girls' },
  { slug: 'honour-based-abuse', name: 'Honour-based abuse', parent: 'violence-against-women-and-girls' },
  { slug: 'forced-marriage', name: 'Forced marriage', parent: 'violence-against-women-and-girls' },
  { slug: 'female-genital-mutilation', name: 'Female genital mutilation', parent: 'violence-against-women-and-girls' },
  { slug: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { slug: 'criminal-damage-and-arson', name: 'Criminal damage and arson' },
  { slug: 'burglary', name: 'Burglary' },
  { slug: 'vehicle-crime', name: 'Vehicle crime' },
  { slug: 'violent-crime', name: 'Violent crime' },
  { slug: 'sexual-offences', name: 'Sexual offences' },
  { slug: 'serious-violence', name: 'Serious violence' },
  { slug: 'hate-crime', name: 'Hate crime' },
  { slug: 'community-cohesion', name: 'Community cohesion' },
  { slug: 'reoffending', name: 'Reoffending' },
  { slug: 'female-offenders', name: 'Female offenders', parent: 'reoffending' },
  { slug: 'substance-misuse', name: 'Substance misuse' },
  { slug: 'modern-slavery', name: 'Modern slavery' },
  { slug: 'cyber-crime', name: 'Cyber crime' },
  { slug: 'road-safety', name: 'Road safety' },
  { slug: 'mental-health', name: 'Mental health' },
  { slug: 'victims-and-witnesses', name: 'Victims and witnesses' },
  { slug: 'vulnerable-people', name: 'Vulnerable people' },
  { slug: 'public-confidence', name: 'Public confidence' },
  { slug: 'visible-policing', name: 'Visible policing' },
  { slug: 'early-intervention', name: 'Early intervention' },
  { slug: 'value-for-money', name: 'Value for money' },
] as const satisfies readonly { slug: string; name: string; parent?: string }[];

export type ThemeSlug = (typeof THEMES)[number]['slug'];

const slugs = THEMES.map((theme) => theme.slug) as [ThemeSlug, ...ThemeSlug[]];

export const ThemeSlugSchema = z.enum(slugs, {
  error: (issue) => `must be one of the theme slugs listed at GET /v1/themes (got ${JSON.stringify(issue.input)})`,
});

const bySlug = new Map<string, { slug: ThemeSlug; name: string; parent?: ThemeSlug }>(THEMES.map((theme) => [theme.slug, theme]));

export function themeName(slug: ThemeSlug): string {
  return bySlug.get(slug)?.name ?? slug;
}

/** The wider theme a theme is part of, if any. */
export function parentOf(slug: string): ThemeSlug | undefined {
  return bySlug.get(slug)?.parent;
}

/** The themes that name this one as their parent, in the order of the list. */
export function childrenOf(slug: string): ThemeSlug[] {
  return THEMES.filter((theme) => 'parent' in theme && theme.parent === slug).map((theme) => theme.slug);
}

/**
 * A theme and every theme within it (children, their children...), the theme itself first and
 * the rest in the order of the list: what a subscription or feed for the theme takes in.
 */
export function themeWithDescendants(slug: ThemeSlug): ThemeSlug[] {
  const family: ThemeSlug[] = [slug];
  // Breadth-first over a tree the theme tests keep free of cycles.
  for (let index = 0; index < family.length; index++) family.push(...childrenOf(family[index]!));
  return [slug, ...THEMES.map((theme) => theme.slug).filter((candidate) => candidate !== slug && family.includes(candidate))];
}

/** The themes a theme is part of, nearest first (its parent, its parent's parent...). */
export function ancestorsOf(slug: string): ThemeSlug[] {
  const ancestors: ThemeSlug[] = [];
  for (let parent = parentOf(slug); parent && !ancestors.includes(parent); parent = parentOf(parent)) ancestors.push(parent);
  return ancestors;
}
