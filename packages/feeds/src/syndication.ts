import type { RecordOf } from '@partnership-hub/domain';
import { agendaThemes, parseQuarter, quarterLabel, type ThemeSlug, themeName, themeWithDescendants } from '@partnership-hub/events';
import { Feed, type Item } from 'feed';
import { scopePath } from './links.ts';
import { xmlSafe } from './xml-text.ts';

export { scopePath };

export type ContentRecord = RecordOf<'priority'> | RecordOf<'work-programme-item'> | RecordOf<'meeting'> | RecordOf<'request'>;

/** A tracked request's body: it belongs to the body that raised it (its record names no organisation). */
const ownerOf = (record: ContentRecord): string => (record.subjectType === 'request' ? record.state.from : record.organisationId);

/** Whether a record is of a body's feed: its own content, or a request it raised or was asked. */
export const isOfBody = (record: ContentRecord, organisationId: string): boolean =>
  record.subjectType === 'request'
    ? record.state.from === organisationId || record.state.to === organisationId
    : record.organisationId === organisationId;

/**
 * The themes a record is on: its own, or for a meeting those its unrestricted agenda items name
 * (agendaThemes). Meetings reach feeds as their reader may see them: to the public, a restricted
 * item is already "Restricted item" and its number (publicAgenda in the domain).
 */
export const themesOfRecord = (record: ContentRecord): ThemeSlug[] =>
  record.subjectType === 'meeting' ? agendaThemes(record.state.agenda) : record.state.themes;

/** What a feed is of: an area, one body in it, or one theme across its bodies. */
export interface FeedScope {
  areaId: string;
  areaName: string | null;
  organisationId?: string;
  theme?: string;
}

export interface SyndicationInput {
  scope: FeedScope;
  /** The hub's origin (https://host), for the absolute links feeds need. */
  origin: string;
  /** Live, visible records only: the route filters by audience. */
  records: ContentRecord[];
  /** Organisation id -> name. */
  organisationNames: ReadonlyMap<string, string>;
  /** The feed's `updated` when it has no entries (e.g. the area's own record). */
  emptyUpdated: string;
}

/** The newest this many entries are in a feed; the change feed has the full history. */
export const MAX_FEED_ENTRIES = 100;

const TAG_AUTHORITY = 'tag:partnership-hub,2026:';

/** Where a scope's feeds live under /v1. */

const itemSegment = (record: ContentRecord) =>
  record.subjectType === 'priority' ? 'priorities' : record.subjectType === 'meeting' ? 'meetings' : 'work-programme';

/** Stable across revisions, so readers update an entry rather than add a new one. */
export const entryId = (record: ContentRecord) =>
  record.subjectType === 'request'
    ? `${TAG_AUTHORITY}${record.areaId}/request/${record.id}`
    : `${TAG_AUTHORITY}${record.areaId}/${record.organisationId}/${record.subjectType}/${record.id}`;

/**
 * An item's page, where a person reads it: an entry's and a calendar event's link. (Until
 * 2026-12-02 they linked the JSON API's read, which a feed reader opens as raw JSON.)
 */
export const itemPageUrl = (origin: string, record: Exclude<ContentRecord, RecordOf<'request'>>) =>
  `${origin}/areas/${record.areaId}/bodies/${record.organisationId}/${itemSegment(record)}/${record.id}`;

/** A body's page, where an entry's author links. */
const bodyPageUrl = (origin: string, areaId: string, organisationId: string) => `${origin}/areas/${areaId}/bodies/${organisationId}`;

/** The page of what a feed is of: the area's, the body's or the theme's. */
const scopePageUrl = (origin: string, scope: FeedScope) =>
  scope.organisationId
    ? bodyPageUrl(origin, scope.areaId, scope.organisationId)
    : scope.theme
      ? `${origin}/areas/${scope.areaId}/themes/${scope.theme}`
      : `${origin}/areas/${scope.areaId}`;

/** A request's page, where its thread is read and answered (requests have no JSON link of a body's own). */
export const requestPageUrl = (origin: string, record: RecordOf<'request'>) => `${origin}/areas/${record.areaId}/requests/${record.id}`;

/** A plan variation's page, where its steps show as a timeline. */
export const variationPageUrl = (origin: string, record: RecordOf<'plan-variation'>) =>
  `${origin}/areas/${record.areaId}/bodies/${record.organisationId}/plans/${record.state.planId}/variations/${record.id}`;

function feedTitle(input: SyndicationInput): string {
  const area = input.scope.areaName ?? input.scope.areaId;
  if (input.scope.organisationId)
    return `${input.organisationNames.get(input.scope.organisationId) ?? input.scope.organisationId} (${area}): priorities and work programme`;
  if (input.scope.theme)
    return `${themeName(input.scope.theme as ThemeSlug) ?? input.scope.theme} in ${area}: priorities and work programmes`;
  return `${area}: priorities, work programmes and meetings of the area's bodies`;
}

/** Builds the feed with the `feed` package, newest change first, with no clock: the same records give the same bytes (ETags depend on it). */
function buildFeed(input: SyndicationInput, titles: 'html' | 'text'): Feed {
  const { scope, origin } = input;
  const path = scopePath(scope);
  const records = [...input.records]
    .sort((a, b) => (a.updatedAt === b.updatedAt ? entryId(a).localeCompare(entryId(b)) : a.updatedAt < b.updatedAt ? 1 : -1))
    .slice(0, MAX_FEED_ENTRIES);
  const updated = records[0]?.updatedAt ?? input.emptyUpdated;
  const feed = new Feed({
    id: `${TAG_AUTHORITY}${path.replace('/v1/areas/', '')}`,
    title: feedTitle(input),
    description:
      'Published on Partnership Hub, where the bodies of a police force area share their priorities, work programmes and protocols.',
    link: scopePageUrl(origin, scope),
    language: 'en-GB',
    updated: new Date(updated),
    generator: 'Partnership Hub',
    feedLinks: { atom: `${origin}${path}/feed.atom`, json: `${origin}${path}/feed.json` },
    copyright: 'Published by the bodies named in each entry',
  });
  for (const record of records) feed.addItem(toItem(record, input, titles));
  return feed;
}

/** Atom titles are written as type="html" by the `feed` package, so they are escaped; JSON Feed titles are plain text. Summaries are HTML in both. */
function toItem(record: ContentRecord, input: SyndicationInput, titles: 'html' | 'text'): Item {
  const owner = ownerOf(record);
  const organisation = input.organisationNames.get(owner) ?? owner;
  const titleText = titles === 'html' ? escapeHtml : String;
  const category = themesOfRecord(record).map((slug) => ({
    name: themeName(slug) ?? slug,
    term: slug,
    scheme: `${input.origin}/v1/themes`,
  }));
  if (record.subjectType === 'request') {
    // One entry per request, updated with each step (raised, responded, updated, closed, due soon,
    // overdue): its title says the latest, so a reader sees the step without opening it.
    const recipient = input.organisationNames.get(record.state.to) ?? record.state.to;
    return {
      id: entryId(record),
      title: titleText(`${organisation} asked ${recipient} — ${REQUEST_STEP[record.lastEventType] ?? 'Request'}: ${record.state.title}`),
      link: requestPageUrl(input.origin, record),
      date: new Date(record.updatedAt),
      description: escapeHtml(summaryOf(record)),
      author: [{ name: organisation, link: bodyPageUrl(input.origin, record.areaId, owner) }],
      category,
    };
  }
  const label = record.subjectType === 'priority' ? 'Priority' : record.subjectType === 'meeting' ? 'Meeting' : 'Work programme';
  return {
    id: entryId(record),
    title: titleText(`${organisation} — ${label}: ${record.state.title}`),
    link: itemPageUrl(input.origin, record),
    date: new Date(record.updatedAt),
    description: escapeHtml(summaryOf(record)),
    author: [{ name: organisation, link: bodyPageUrl(input.origin, record.areaId, record.organisationId) }],
    category,
  };
}

/** What a request's latest event did, as its feed entry's title says it. */
const REQUEST_STEP: Readonly<Record<string, string>> = {
  RequestRaised: 'Raised',
  RequestRevised: 'Changed',
  RequestResponded: 'Responded',
  RequestUpdated: 'Progress update',
  RequestClosed: 'Closed',
  RequestDueSoon: 'Due soon',
  RequestOverdue: 'Overdue',
};

const KIND_WORDS: Readonly<Record<string, string>> = {
  recommendation: 'Recommendation',
  'information-request': 'Information request',
  action: 'Action',
  undertaking: 'Undertaking',
};

/**
 * A request in words, from its state alone (no clock, so the same record gives the same bytes):
 * what it is, when it was raised and is due, and its latest step.
 */
function requestSummary(record: RecordOf<'request'>): string {
  const { kind, raisedOn, dueDate, detail, responses, updates, closed, themes } = record.state;
  const response = responses.at(-1);
  const update = updates.at(-1);
  const latest =
    record.lastEventType === 'RequestOverdue'
      ? `Overdue: due by the end of ${dueDate}, with no response.`
      : record.lastEventType === 'RequestDueSoon'
        ? `Due soon: by the end of ${dueDate}, with no response yet.`
        : closed
          ? `Closed on ${closed.on}${closed.text ? `: ${closed.text}` : '.'}`
          : record.lastEventType === 'RequestUpdated' && update
            ? `Update on ${update.on}${update.status ? ` (${update.status.replaceAll('-', ' ')})` : ''}: ${update.text}`
            : response
              ? `Response on ${response.on}${response.outcome ? ` (${response.outcome.replaceAll('-', ' ')})` : ''}: ${response.text}`
              : 'No response yet.';
  return [
    `${KIND_WORDS[kind] ?? kind} raised on ${raisedOn}${dueDate ? `, due by ${dueDate}` : ''}.`,
    themes.length ? `Themes: ${themes.map((slug) => themeName(slug) ?? slug).join(', ')}.` : '',
    detail ?? '',
    latest,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The records on a theme, for its feed: those on the theme itself or on a theme within it (the
 * feed of violence against women and girls carries domestic abuse), as a subscription does.
 */
export function recordsOnTheme<T extends ContentRecord>(records: readonly T[], theme: ThemeSlug): T[] {
  const family = new Set<string>(themeWithDescendants(theme));
  return records.filter((record) => themesOfRecord(record).some((slug) => family.has(slug)));
}

/** A quarter as pages and feeds name it, in financial years ("Q3 2014/15"), whichever spelling it was written in. */
const quarterWords = (quarter: string) => {
  const parsed = parseQuarter(quarter);
  return parsed ? quarterLabel(parsed) : quarter;
};

/** One plain-text paragraph saying what the item is. */
export function summaryOf(record: ContentRecord): string {
  if (record.subjectType === 'request') return requestSummary(record);
  if (record.subjectType === 'meeting') {
    const { date, time, location, status, agenda } = record.state;
    return [
      `Meeting on ${date}${time ? ` at ${time} (Europe/London)` : ''}${location ? `, ${location}` : ''} (${status}).`,
      agenda.length ? `Agenda: ${agenda.map((item) => `${item.number}. ${item.title}`).join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
  const themes = record.state.themes.map((slug) => themeName(slug) ?? slug).join(', ');
  if (record.subjectType === 'priority') {
    const { lead, period, status, outcomes } = record.state;
    return [
      `Themes: ${themes}.`,
      lead ? `Lead: ${lead}.` : '',
      period ? `Period: ${period}.` : '',
      `Status: ${status}.`,
      outcomes.length ? `Outcomes: ${outcomes.join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
  const { kind, date, quarter, status, description } = record.state;
  const when = date ?? (quarter ? quarterWords(quarter) : undefined);
  return [`${kind.replaceAll('-', ' ')}${when ? `, ${when}` : ''} (${status}).`, `Themes: ${themes}.`, description ?? '']
    .filter(Boolean)
    .join(' ');
}

/** Atom 1.0 (RFC 4287). */
export function atomFeed(input: SyndicationInput): string {
  // The `feed` package escapes markup but passes control characters through.
  return xmlSafe(buildFeed(input, 'html').atom1());
}

/**
 * JSON Feed 1.1. The `feed` package writes version 1; 1.1 renamed `author` to `authors` and
 * added `language`, so its output is brought up to 1.1 here rather than written by hand.
 */
export function jsonFeed(input: SyndicationInput): string {
  const document = JSON.parse(buildFeed(input, 'text').json1()) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const upgrade = (holder: Record<string, unknown>) => {
    if (holder.author) {
      holder.authors = [holder.author];
      delete holder.author;
    }
  };
  upgrade(document);
  for (const item of document.items) upgrade(item);
  return JSON.stringify({ ...document, version: 'https://jsonfeed.org/version/1.1', language: 'en-GB' });
}

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
