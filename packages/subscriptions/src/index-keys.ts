import { ancestorsOf, type DetailType } from '@partnership-hub/events';
import { isPatternFilter, type SubscriptionFilter } from './filter.ts';

/**
 * Where a subscription is indexed, so that an event reads only the subscriptions that could
 * match it (reads scale with matches, not with subscribers). Each key is a partition:
 *
 *   SUBS#{area}#ORG#{organisation}   subscriptions naming that organisation
 *   SUBS#{area}#THEME#{theme}        subscriptions naming that theme (and no organisations, or more of them);
 *                                    an event reads the partitions of its themes and of the themes they are part of
 *   SUBS#{area}#TYPE#{detail-type}   subscriptions narrowed only by change type
 *   SUBS#{area}#ALL                  subscriptions to everything in the area
 *   SUBS#{area}#PATTERN              raw-pattern subscriptions: read for every event of the area
 *
 * A filter with organisations AND themes needs only one of the two key sets (an event that
 * matches it is by definition in one of them); the smaller set is taken, as it is the more
 * selective. The exact check is the pattern, afterwards.
 */
export function indexKeysFor(areaId: string, filter: SubscriptionFilter): string[] {
  const prefix = `SUBS#${areaId}#`;
  if (isPatternFilter(filter)) return [`${prefix}PATTERN`];
  const byOrganisation = filter.organisations?.map((id) => `${prefix}ORG#${id}`);
  const byTheme = filter.themes?.map((slug) => `${prefix}THEME#${slug}`);
  if (byOrganisation && byTheme) return byOrganisation.length <= byTheme.length ? byOrganisation : byTheme;
  if (byOrganisation) return byOrganisation;
  if (byTheme) return byTheme;
  if (filter.changeTypes) return filter.changeTypes.map((type) => `${prefix}TYPE#${type}`);
  return [`${prefix}ALL`];
}

/** What the notifier needs to know about an event to find its candidate subscriptions. */
export interface EventKeys {
  detailType: DetailType | string;
  areaId: string;
  organisationId: string | null;
  themes?: readonly string[];
  /** The parties of a protocol: a subscription to any of them hears about it. */
  parties?: readonly string[];
}

/**
 * The partitions an event reads: everything a subscription that matches it could be indexed under.
 * A subscription to a theme takes in the themes within it, so an event on domestic abuse also
 * reads the partition of violence against women and girls.
 */
export function candidatePartitions(event: EventKeys): string[] {
  const prefix = `SUBS#${event.areaId}#`;
  const organisations = new Set([...(event.organisationId ? [event.organisationId] : []), ...(event.parties ?? [])]);
  return [
    `${prefix}ALL`,
    `${prefix}PATTERN`,
    `${prefix}TYPE#${event.detailType}`,
    ...[...organisations].map((id) => `${prefix}ORG#${id}`),
    ...[...new Set((event.themes ?? []).flatMap((slug) => [slug, ...ancestorsOf(slug)]))].map((slug) => `${prefix}THEME#${slug}`),
  ];
}
