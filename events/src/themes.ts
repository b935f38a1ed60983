import * as z from 'zod';

/**
 * The controlled list of community-safety themes (PRODUCT.md, "Shared vocabulary").
 * Themes are the join key between bodies' content. Extend the list; never rename a slug,
 * because stored events and subscribers' filters refer to it.
 */
export const THEMES = [
  { slug: 'child-sexual-exploitation', name: 'Child sexual exploitation' },
  { slug: 'domestic-abuse', name: 'Domestic abuse' },
  { slug: 'violence-against-women-and-girls', name: 'Violence against women and girls' },
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
] as const;

export type ThemeSlug = (typeof THEMES)[number]['slug'];

const slugs = THEMES.map((theme) => theme.slug) as [ThemeSlug, ...ThemeSlug[]];

export const ThemeSlugSchema = z.enum(slugs, {
  error: (issue) => `must be one of the theme slugs listed at GET /v1/themes (got ${JSON.stringify(issue.input)})`,
});

export function themeName(slug: ThemeSlug): string {
  return THEMES.find((theme) => theme.slug === slug)?.name ?? slug;
}
