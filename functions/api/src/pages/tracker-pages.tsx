/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { TrackerRow } from '@partnership-hub/domain';
import { REQUEST_KINDS, REQUEST_STATUSES } from '@partnership-hub/events';
import type { FC } from 'hono/jsx';
import type { RequestFilters, TrackedRequest } from '../routes/requests.ts';
import type { AreaContent } from './area-data.ts';
import { BackLink, ErrorSummary, Pagination, PartnersOnlyTag, SummaryList, TableHead, Tag } from './components.tsx';
import { fieldId, TextArea } from './form-fields.tsx';
import { formatDate, plural, themeName } from './format.ts';
import type { NameOf } from './history-page.tsx';
import { pageOf, pagesOf } from './paging.ts';
import { CSRF_FIELD } from './session.ts';

const KIND_NAMES: Record<string, string> = {
  recommendation: 'Recommendation',
  'information-request': 'Information request',
  action: 'Action',
  undertaking: 'Undertaking',
};
const STATUS_NAMES: Record<string, string> = {
  open: 'Open',
  overdue: 'Overdue',
  responded: 'Responded',
  accepted: 'Accepted',
  'partially-accepted': 'Partially accepted',
  rejected: 'Rejected',
  'in-progress': 'In progress',
  implemented: 'Implemented',
  closed: 'Closed',
};
const STATUS_COLOURS: Record<string, string> = {
  overdue: 'red',
  open: 'blue',
  responded: 'turquoise',
  accepted: 'green',
  'partially-accepted': 'yellow',
  rejected: 'orange',
  'in-progress': 'light-blue',
  implemented: 'green',
  closed: 'grey',
};

const RequestStatusTag: FC<{ status: string }> = ({ status }) => (
  <Tag colour={STATUS_COLOURS[status] ?? 'grey'}>{STATUS_NAMES[status] ?? status}</Tag>
);

const Select: FC<{ id: keyof RequestFilters; label: string; value: string | undefined; options: [string, string][] }> = ({
  id,
  label,
  value,
  options,
}) => (
  <div class="govuk-form-group">
    <label class="govuk-label" for={`filter-${id}`}>
      {label}
    </label>
    <select class="govuk-select" id={`filter-${id}`} name={id}>
      <option value="" selected={!value}>
        Any
      </option>
      {options.map(([option, name]) => (
        <option value={option} selected={option === value}>
          {name}
        </option>
      ))}
    </select>
  </div>
);

/** The requests as a table: what was asked, of whom, by whom, when it is due and where it stands. */
export const RequestTable: FC<{ areaId: string; caption: string; requests: TrackerRow[]; nameOf: NameOf; id?: string }> = ({
  areaId,
  caption,
  requests,
  nameOf,
  id,
}) => (
  <table class="govuk-table" id={id}>
    <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
    <TableHead columns={['Request', 'From', 'To', 'Raised', 'Due', 'Status']} />
    <tbody class="govuk-table__body">
      {requests.map((request) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            <a class="govuk-link" href={`/areas/${areaId}/requests/${request.id}`}>
              {request.title}
            </a>{' '}
            <span class="hub-note">{KIND_NAMES[request.kind]}</span> {request.visibility === 'partners' ? <PartnersOnlyTag /> : null}
          </td>
          <td class="govuk-table__cell">{nameOf(request.from)}</td>
          <td class="govuk-table__cell">{nameOf(request.to)}</td>
          <td class="govuk-table__cell">{formatDate(request.raisedOn)}</td>
          <td class="govuk-table__cell">{request.dueDate ? formatDate(request.dueDate) : 'No date'}</td>
          <td class="govuk-table__cell">
            <RequestStatusTag status={request.status} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** The area's tracker: every request the reader may see, filtered with a plain GET form, overdue first. */
/** How many requests a page of the tracker lists: 500 rows would be slow to render and to read. */
export const REQUESTS_PER_PAGE = 50;

/** Which page of the tracker: a number from 1, or `all` (every request on one page, for printing). */
export type TrackerPageChoice = number | 'all';

/** The page a `page` parameter asks for: `all`, or a page number there is; any other is the first, with an error (see pageOf). */
export const trackerPageOf = (parameter: string | undefined, count: number) =>
  pageOf(parameter, pagesOf(count, REQUESTS_PER_PAGE), 'requests', true);

/** A filter (or the page number) the tracker cannot use, for the error summary: the field it came in and why. */
export interface TrackerError {
  field: keyof RequestFilters | 'page';
  message: string;
}

/** The tracker's address with these filters and page (page 1 is the address without one), so paging keeps the filters. */
const trackerHref = (areaId: string, filters: RequestFilters, page: TrackerPageChoice) => {
  const query = new URLSearchParams();
  for (const field of ['from', 'to', 'organisation', 'kind', 'status', 'theme'] as const) {
    const value = filters[field];
    if (value) query.set(field, value);
  }
  if (page !== 1) query.set('page', String(page));
  const text = query.toString();
  return `/areas/${areaId}/tracker${text ? `?${text}` : ''}`;
};

export const TrackerPage: FC<{
  content: Pick<AreaContent, 'areaId' | 'areaName' | 'organisations'>;
  requests: TrackerRow[];
  filters: RequestFilters;
  nameOf: NameOf;
  page: TrackerPageChoice;
  errors: TrackerError[];
}> = ({ content, requests, filters, nameOf, page, errors }) => {
  const bodies = content.organisations.map((organisation): [string, string] => [organisation.id, organisation.state.name]);
  const themes = [...new Set(requests.flatMap((request) => request.themes))].map((slug): [string, string] => [slug, themeName(slug)]);
  const overdue = requests.filter((request) => request.status === 'overdue').length;
  const pages = Math.ceil(requests.length / REQUESTS_PER_PAGE);
  const paged = pages > 1;
  const first = page === 'all' ? 0 : (page - 1) * REQUESTS_PER_PAGE;
  // Overdue first (the tracker's order), so the first page leads with what is overdue.
  const shown = page === 'all' ? requests : requests.slice(first, first + REQUESTS_PER_PAGE);
  const href = (choice: TrackerPageChoice) => trackerHref(content.areaId, filters, choice);
  return (
    <>
      <ErrorSummary
        errors={errors.map(({ field, message }) => ({
          // Each filter to its control; the page number to the pages, else to the list.
          href: field === 'page' ? (paged ? '#pages' : '#requests') : `#filter-${field}`,
          message,
        }))}
      />
      <span class="govuk-caption-xl">{content.areaName}</span>
      <h1 class="govuk-heading-xl">Requests tracker</h1>
      <p class="govuk-body-l">
        What the area's bodies have asked of each other (recommendations, information requests, actions and undertakings) and whether it has
        been answered.
      </p>
      <form method="get" action={`/areas/${content.areaId}/tracker`} class="hub-filters" aria-label="Filter the requests">
        <Select id="from" label="Asked by" value={filters.from} options={bodies} />
        <Select id="to" label="Asked of" value={filters.to} options={bodies} />
        {/* A body's page links here with this one: its control keeps it through the form. */}
        <Select id="organisation" label="Asked by or of" value={filters.organisation} options={bodies} />
        <Select id="kind" label="Kind" value={filters.kind} options={REQUEST_KINDS.map((kind) => [kind, KIND_NAMES[kind]!])} />
        <Select
          id="status"
          label="Status"
          value={filters.status}
          options={REQUEST_STATUSES.map((status) => [status, STATUS_NAMES[status]!])}
        />
        <Select id="theme" label="Theme" value={filters.theme} options={themes} />
        {/* Showing every request stays chosen through the filters; a page number does not (the filters change the pages). */}
        {page === 'all' && paged ? <input type="hidden" name="page" value="all" /> : null}
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Show
        </button>
      </form>
      {overdue > 0 ? (
        <p class="govuk-body">
          <strong>{plural(overdue, 'request is', 'requests are')} overdue.</strong>
        </p>
      ) : null}
      {paged ? (
        <p class="govuk-body hub-no-print" id="requests-shown">
          {page === 'all' ? (
            <>
              All {requests.length} requests are listed below.{' '}
              <a class="govuk-link" href={href(1)}>
                Show {REQUESTS_PER_PAGE} requests at a time
              </a>
            </>
          ) : (
            <>
              {plural(requests.length, 'request')} match, shown {REQUESTS_PER_PAGE} at a time, overdue first: this page shows {first + 1} to{' '}
              {first + shown.length}.{' '}
              <a class="govuk-link" href={href('all')}>
                Show all {requests.length} requests on one page
              </a>{' '}
              (for printing)
            </>
          )}
          .
        </p>
      ) : null}
      {requests.length === 0 ? (
        <p class="govuk-body" id="requests">
          No requests match.
        </p>
      ) : (
        <RequestTable
          id="requests"
          areaId={content.areaId}
          caption={
            paged && page !== 'all'
              ? `${plural(requests.length, 'request')} (${first + 1} to ${first + shown.length})`
              : plural(requests.length, 'request')
          }
          requests={shown}
          nameOf={nameOf}
        />
      )}
      {paged && page !== 'all' ? (
        <Pagination
          id="pages"
          label="Pages of requests"
          current={page}
          pages={Array.from({ length: pages }, (_, index) => {
            const from = index * REQUESTS_PER_PAGE + 1;
            return {
              number: index + 1,
              href: href(index + 1),
              label: `Page ${index + 1}: requests ${from} to ${Math.min(from + REQUESTS_PER_PAGE - 1, requests.length)}`,
            };
          })}
        />
      ) : null}
    </>
  );
};

/** What a signed-in body may do on a request's page, as the domain's rules decided. */
export interface RequestActions {
  csrfToken: string;
  respond: boolean;
  update: boolean;
  close: boolean;
}

const OUTCOME_CHOICES = [
  ['', 'No outcome yet'],
  ['accepted', 'Accepted'],
  ['partially-accepted', 'Partially accepted'],
  ['rejected', 'Rejected'],
] as const;
const STATUS_CHOICES = [
  ['', 'No change'],
  ['in-progress', 'In progress'],
  ['implemented', 'Implemented'],
] as const;

/** A response or update the hub refused: shown again in its form, as it was sent. */
export interface SentStep {
  form: 'respond' | 'update';
  text: string;
  choice: string | undefined;
}

/** One request: what was asked, its thread of responses and updates, and the forms for the bodies it concerns. */
export const RequestPage: FC<{
  content: AreaContent;
  request: TrackedRequest;
  nameOf: NameOf;
  actions: RequestActions | undefined;
  error?: string | undefined;
  sent?: SentStep | undefined;
}> = ({ content, request, nameOf, actions, error, sent }) => {
  const base = `/areas/${content.areaId}/requests/${request.id}`;
  const thread = [
    ...request.responses.map((entry) => ({ ...entry, heading: `Response from ${nameOf(entry.by)}`, tag: entry.outcome })),
    ...request.updates.map((entry) => ({ ...entry, heading: `Update from ${nameOf(entry.by)}`, tag: entry.status })),
  ].sort((a, b) => a.on.localeCompare(b.on) || a.recordedAt.localeCompare(b.recordedAt));
  // What was sent goes back in its form when the form is on the page; when it is not (the request
  // was closed meanwhile, or the sender may no longer add to it), it is shown to copy. The error
  // summary links to whichever is there, and never to a field that is not.
  const formShown = sent !== undefined && actions !== undefined && !request.closed && actions[sent.form];
  const sentBack = sent !== undefined && !formShown && sent.text.trim() !== '';
  const errorHref = formShown
    ? `#${fieldId(sent.form === 'update' ? 'update-text' : 'text')}`
    : sentBack
      ? '#sent-text'
      : request.closed
        ? '#closed'
        : actions?.close
          ? '#close-request'
          : '#request-status';
  return (
    <>
      <BackLink href={`/areas/${content.areaId}/tracker`}>Requests tracker</BackLink>
      {error ? <ErrorSummary errors={[{ href: errorHref, message: error }]} /> : null}
      <span class="govuk-caption-xl">{KIND_NAMES[request.kind]}</span>
      <h1 class="govuk-heading-xl">{request.title}</h1>
      <p class="govuk-body" id="request-status">
        <RequestStatusTag status={request.status} /> {request.visibility === 'partners' ? <PartnersOnlyTag /> : null}
      </p>
      <SummaryList
        rows={[
          { key: 'Asked by', value: nameOf(request.from) },
          { key: 'Asked of', value: nameOf(request.to) },
          { key: 'Raised', value: formatDate(request.raisedOn) },
          { key: 'Due', value: request.dueDate ? formatDate(request.dueDate) : 'No date set' },
          ...(request.meeting
            ? [
                {
                  key: 'Meeting',
                  value: `${nameOf(request.meeting.organisationId)}, ${formatDate(request.meeting.date)}${request.meeting.reference ? ` (${request.meeting.reference})` : ''}`,
                },
              ]
            : []),
          ...(request.themes.length > 0 ? [{ key: 'Themes', value: request.themes.map(themeName).join(', ') }] : []),
          ...(request.detail ? [{ key: 'Detail', value: request.detail }] : []),
        ]}
      />
      <h2 class="govuk-heading-l">Thread</h2>
      {thread.length === 0 ? <p class="govuk-body">No response or update yet.</p> : null}
      {thread.map((entry) => (
        <div class="govuk-inset-text">
          <h3 class="govuk-heading-s">
            {entry.heading}, {formatDate(entry.on)} {entry.tag ? <RequestStatusTag status={entry.tag} /> : null}
          </h3>
          <p class="govuk-body">{entry.text}</p>
        </div>
      ))}
      {request.closed ? (
        <p class="govuk-body" id="closed">
          Closed by {nameOf(request.closed.by)} on {formatDate(request.closed.on)}
          {request.closed.text ? `: ${request.closed.text}` : '.'}
        </p>
      ) : null}
      {sentBack ? (
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--m" for="sent-text">
            {sent.form === 'update' ? 'Your update' : 'Your response'}, not saved
          </label>
          <div class="govuk-hint" id="sent-text-hint">
            Copy it if you want to keep it.
          </div>
          <textarea class="govuk-textarea" id="sent-text" rows={5} readonly aria-describedby="sent-text-hint">
            {sent.text}
          </textarea>
        </div>
      ) : null}
      {actions && !request.closed ? <RequestForms base={base} kind={request.kind} actions={actions} sent={sent} error={error} /> : null}
    </>
  );
};

const RequestForms: FC<{ base: string; kind: string; actions: RequestActions; sent: SentStep | undefined; error: string | undefined }> = ({
  base,
  kind,
  actions,
  sent,
  error,
}) => (
  <div class="hub-no-print">
    {actions.respond ? (
      <form method="post" action={`${base}/respond`} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={actions.csrfToken} />
        <h2 class="govuk-heading-m">Respond</h2>
        <TextArea
          name="text"
          label="Your response"
          rows={5}
          value={sent?.form === 'respond' ? sent.text : ''}
          error={sent?.form === 'respond' ? error : undefined}
        />
        {kind === 'recommendation' ? (
          <div class="govuk-form-group">
            <label class="govuk-label" for="outcome">
              Outcome
            </label>
            <select class="govuk-select" id="outcome" name="outcome">
              {OUTCOME_CHOICES.map(([value, label]) => (
                <option value={value} selected={sent?.form === 'respond' && (sent.choice ?? '') === value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Send response
        </button>
      </form>
    ) : null}
    {actions.update ? (
      <form method="post" action={`${base}/update`} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={actions.csrfToken} />
        <h2 class="govuk-heading-m">Add an update</h2>
        <TextArea
          name="text"
          id="update-text"
          label="Progress"
          rows={3}
          value={sent?.form === 'update' ? sent.text : ''}
          error={sent?.form === 'update' ? error : undefined}
        />
        <div class="govuk-form-group">
          <label class="govuk-label" for="update-status">
            Status
          </label>
          <select class="govuk-select" id="update-status" name="status">
            {STATUS_CHOICES.map(([value, label]) => (
              <option value={value} selected={sent?.form === 'update' && (sent.choice ?? '') === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          Add update
        </button>
      </form>
    ) : null}
    {actions.close ? (
      <form method="post" action={`${base}/close`}>
        <input type="hidden" name={CSRF_FIELD} value={actions.csrfToken} />
        <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" id="close-request">
          Close this request
        </button>
      </form>
    ) : null}
  </div>
);
