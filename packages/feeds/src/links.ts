/**
 * Where an area's, a body's or a theme's feeds are. Kept here, with no dependency, so that the
 * browser pages can link their feeds without bundling the feed libraries.
 */
export function scopePath(scope: { areaId: string; organisationId?: string | undefined; theme?: string | undefined }): string {
  if (scope.organisationId) return `/v1/areas/${scope.areaId}/organisations/${scope.organisationId}`;
  if (scope.theme) return `/v1/areas/${scope.areaId}/themes/${scope.theme}`;
  return `/v1/areas/${scope.areaId}`;
}

export interface AlternateLink {
  rel: 'alternate';
  type: string;
  href: string;
  title: string;
}

/**
 * The `<link rel="alternate">` elements a page about an area, a body or a theme should carry, so
 * browsers and feed readers find its feeds. Relative hrefs: the page and the feeds share a host.
 * A theme has no calendar (work programmes are per body); an area and a body do.
 */
export function alternateLinks(areaId: string, options: { organisationId?: string; theme?: string } = {}): AlternateLink[] {
  const base = scopePath({ areaId, ...options });
  const links: AlternateLink[] = [
    { rel: 'alternate', type: 'application/atom+xml', href: `${base}/feed.atom`, title: 'Atom feed' },
    { rel: 'alternate', type: 'application/feed+json', href: `${base}/feed.json`, title: 'JSON Feed' },
  ];
  if (!options.theme || options.organisationId)
    links.push({ rel: 'alternate', type: 'text/calendar', href: `${base}/calendar.ics`, title: 'Work programme calendar (iCalendar)' });
  return links;
}

/** The same links as HTML, for a page's <head>. */
export function alternateLinksHtml(areaId: string, options: { organisationId?: string; theme?: string } = {}): string {
  const attr = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return alternateLinks(areaId, options)
    .map((link) => `<link rel="alternate" type="${attr(link.type)}" href="${attr(link.href)}" title="${attr(link.title)}">`)
    .join('\n');
}
