/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { JointView, RecordOf } from '@partnership-hub/domain';
import { THEMES } from '@partnership-hub/events';
import type { FC } from 'hono/jsx';
import type { Organisation } from './area-data.ts';
import { AsAtInput } from './as-at.tsx';
import { ErrorSummary, Pagination, PartnersOnlyTag, Tag } from './components.tsx';
import { formatDate, inWords, KIND_NAMES, missingInWords, partlyInWords, periodName, plural, quarterName, whenOf } from './format.ts';
import { ComingToThePanel } from './meeting-page.tsx';
import { meetingPath } from './meetings.tsx';
import { BODIES_PER_PAGE, bodiesOnPage, type FilterError, type OverviewFilters, pageCount } from './overview-filters.ts';

/** A row names the partnerships with a gap when there are this many or fewer; beyond, it counts them and the Gaps list names them. */
const GAP_NAMES_IN_ROW = 5;

export interface OverviewProps {
  areaId: string;
  areaName: string;
  organisations: Organisation[];
  /** The joint view after filtering. */
  view: JointView;
  filters: OverviewFilters;
  errors: FilterError[];
  periods: string[];
  isPartnersOnly: (kind: 'priority' | 'work', organisationId: string, id: string) => boolean;
  /** The panel's next meetings, for "Coming to the panel". */
  panelMeetings?: RecordOf<'meeting'>[];
}

/** The area overview: the joint priorities matrix, themes down and bodies across, with gaps and overlaps in words. */
export const OverviewPage: FC<OverviewProps> = ({
  areaId,
  areaName,
  organisations,
  view,
  filters,
  errors,
  periods,
  isPartnersOnly,
  panelMeetings = [],
}) => {
  const base = `/areas/${areaId}`;
  const bodies = organisations.filter((organisation) => !filters.body || organisation.id === filters.body);
  const paging = pagingOf(bodies, filters, base);
  const nameOf = new Map(organisations.map((organisation) => [organisation.id, organisation.state.name]));
  const names = (ids: string[]) => inWords(ids.map((id) => nameOf.get(id) ?? id));
  const partly = (gap: Gap) => partlyInWords(gap.partly, (id) => nameOf.get(id) ?? id);
  const filtered = filters.theme !== '' || filters.body !== '' || filters.period !== '';

  return (
    <>
      {/* A page error links to the pages of bodies; with only one page, to the table, or to the words that stand in for it. */}
      <ErrorSummary
        errors={errors.map((error) => ({
          href:
            error.field !== 'page' || (paging.paged && filters.page !== 'all')
              ? `#${error.field}`
              : view.themes.length === 0
                ? '#nothing-shared'
                : '#matrix-caption',
          message: error.message,
        }))}
      />
      <span class="govuk-caption-xl">
        {areaName}
        {view.asOf ? `: as at ${formatDate(view.asOf)}` : ''}
      </span>
      <h1 class="govuk-heading-xl">Joint priorities{filters.asOf ? ` as at ${formatDate(filters.asOf)}` : ''}</h1>
      <p class="govuk-body-l">
        What each body in {areaName} is working on, theme by theme: {plural(view.themes.length, 'theme')} with shared work,{' '}
        <a class="govuk-link" href="#gaps">
          {plural(view.gaps.length, 'gap')}
        </a>{' '}
        and{' '}
        <a class="govuk-link" href="#overlaps">
          {plural(view.overlaps.length, 'overlap')}
        </a>
        {filtered ? ' for the filters chosen' : ''}.
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={`${base}/alerts`}>
          Get email alerts
        </a>{' '}
        about changes in {areaName}
      </p>
      {view.noPlanInForce && view.noPlanInForce.length > 0 && view.asOf ? (
        <p class="govuk-body" id="no-plan-in-force">
          No plan in force on {formatDate(view.asOf)}: {names(view.noPlanInForce)} {view.noPlanInForce.length === 1 ? 'has' : 'have'} no
          plan or priority in force on that date that you can see.
        </p>
      ) : null}

      <FilterForm
        base={base}
        organisations={organisations}
        filters={filters}
        filtered={filtered}
        errors={errors}
        periods={periods}
        paging={paging}
      />

      <p class="govuk-body">
        Each cell lists a body's priorities and planned work on a theme; follow a title to read it in full. Themes of the current Police and
        Crime Plan are marked “Police and Crime Plan”. A “Gap” is a plan theme that a Community Safety Partnership has no current priority
        or planned work on, or covers only partly, through a narrower theme within it (such as domestic abuse within violence against women
        and girls). An “Overlap” is two or more scrutinising bodies planning work on the same theme in the same financial quarter (financial
        years run April to March). A “Past priority” has ended, for example superseded by a newer plan: it is shown so you can see what came
        before, but it covers no theme.
        {filters.period ? ' The period narrows planned work only: priorities run for their whole plan period.' : ''}
      </p>

      {paging.paged ? <BodiesShown areaName={areaName} filters={filters} paging={paging} /> : null}

      {view.themes.length === 0 ? (
        <p class="govuk-body govuk-!-font-weight-bold" id="nothing-shared">
          Nothing shared matches these filters yet.
        </p>
      ) : (
        <Matrix base={base} areaName={areaName} view={view} paging={paging} names={names} partly={partly} isPartnersOnly={isPartnersOnly} />
      )}
      {paging.paged && filters.page !== 'all' ? <BodyPages current={filters.page} paging={paging} /> : null}

      <Gaps base={base} view={view} names={names} partly={partly} filtered={filtered} />
      <Overlaps base={base} view={view} nameOf={nameOf} filtered={filtered} />
      {organisations.some((organisation) => organisation.state.kind === 'panel') ? (
        <ComingToThePanel areaId={areaId} meetings={panelMeetings} nameOf={nameOf} />
      ) : null}
    </>
  );
};

/** Which of the bodies the filters left are across the table: all of them, or a page of BODIES_PER_PAGE. */
interface Paging {
  bodies: Organisation[];
  columns: Organisation[];
  pages: number;
  paged: boolean;
  /** The position of the first column among `bodies`, from 1. */
  first: number;
  /** " (bodies 1 to 12 of 26)", for the table's caption. */
  shown: string;
  href: (page: number | 'all') => string;
}

function pagingOf(bodies: Organisation[], filters: OverviewFilters, base: string): Paging {
  const pages = pageCount(bodies.length);
  const paged = pages > 1;
  const columns = bodiesOnPage(bodies, filters.page);
  const first = filters.page === 'all' ? 1 : (filters.page - 1) * BODIES_PER_PAGE + 1;
  const shown = paged
    ? filters.page === 'all'
      ? ` (all ${bodies.length} bodies)`
      : ` (bodies ${first} to ${first + columns.length - 1} of ${bodies.length})`
    : '';
  const href = (page: number | 'all') => {
    const query = new URLSearchParams();
    if (filters.theme) query.set('theme', filters.theme);
    if (filters.period) query.set('period', filters.period);
    if (filters.asOf) query.set('asOf', filters.asOf);
    if (page !== 1) query.set('page', String(page));
    return query.size > 0 ? `${base}?${query}` : base;
  };
  return { bodies, columns, pages, paged, first, shown, href };
}

const FilterForm: FC<{
  base: string;
  organisations: Organisation[];
  filters: OverviewFilters;
  filtered: boolean;
  errors: FilterError[];
  periods: string[];
  paging: Paging;
}> = ({ base, organisations, filters, filtered, errors, periods, paging }) => {
  const errorFor = (field: keyof OverviewFilters) => errors.find((error) => error.field === field)?.message;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers councils still run; role="search" on the form is the supported equivalent.
    <form method="get" action={base} class="hub-filters" role="search" aria-label="Filter the joint priorities">
      <h2 class="govuk-heading-s">Filter</h2>
      <FilterSelect
        id="theme"
        label="Theme"
        value={filters.theme}
        error={errorFor('theme')}
        all="All themes"
        options={THEMES.map(({ slug, name }) => ({ value: slug, text: name }))}
      />
      <FilterSelect
        id="body"
        label="Body"
        value={filters.body}
        error={errorFor('body')}
        all="All bodies"
        options={organisations.map((organisation) => ({ value: organisation.id, text: organisation.state.name }))}
      />
      <FilterSelect
        id="period"
        label="Period of planned work"
        value={filters.period}
        error={errorFor('period')}
        all="Any time"
        options={(periods.includes(filters.period) || !filters.period ? periods : [filters.period, ...periods]).map((period) => ({
          value: period,
          text: periodName(period),
        }))}
      />
      <AsAtInput value={filters.asOf ?? ''} error={errorFor('asOf')} />
      {paging.paged && filters.page === 'all' ? <input type="hidden" name="page" value="all" /> : null}
      <div>
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Apply filters
        </button>
        {filtered ? (
          <a class="govuk-link govuk-body" href={base}>
            Clear filters
          </a>
        ) : null}
      </div>
    </form>
  );
};

/** Which bodies this page shows, and the way to the other choice (a page at a time, or all at once). */
const BodiesShown: FC<{ areaName: string; filters: OverviewFilters; paging: Paging }> = ({ areaName, filters, paging }) => {
  const { bodies, columns, first } = paging;
  return (
    <p class="govuk-body" id="bodies-shown">
      {filters.page === 'all' ? (
        <>
          All {bodies.length} bodies are across the table below.{' '}
          <a class="govuk-link" href={paging.href(1)}>
            Show {BODIES_PER_PAGE} bodies at a time
          </a>
        </>
      ) : (
        <>
          {areaName} has {bodies.length} bodies, shown {BODIES_PER_PAGE} at a time: this page shows bodies {first} to{' '}
          {first + columns.length - 1}, from {columns[0]!.state.name} to {columns[columns.length - 1]!.state.name}.{' '}
          <a class="govuk-link" href={paging.href('all')}>
            Show all {bodies.length} bodies on one page
          </a>{' '}
          (a wide table, for printing)
        </>
      )}
      .
    </p>
  );
};

type PartnersOnly = OverviewProps['isPartnersOnly'];

const Matrix: FC<{
  base: string;
  areaName: string;
  view: JointView;
  paging: Paging;
  names: (ids: string[]) => string;
  partly: (gap: Gap) => string;
  isPartnersOnly: PartnersOnly;
}> = ({ base, areaName, view, paging, names, partly, isPartnersOnly }) => {
  const gapOf = new Map(view.gaps.map((gap) => [gap.theme, gap]));
  return (
    // biome-ignore lint/a11y/useSemanticElements: a scrollable region for a wide table, as GOV.UK advises; <section> would add a landmark without a heading of its own.
    <div class="hub-scroll" role="region" aria-labelledby="matrix-caption" tabindex={0}>
      <table class="govuk-table hub-matrix">
        <caption class="govuk-table__caption govuk-table__caption--m" id="matrix-caption">
          Joint priorities in {areaName}: themes down, bodies across{paging.shown}
        </caption>
        <thead>
          <tr>
            <th scope="col">Theme</th>
            {paging.columns.map((organisation) => (
              <th scope="col">
                <a href={`${base}/bodies/${organisation.id}`}>{organisation.state.name}</a>
                <span class="hub-kind">{KIND_NAMES[organisation.state.kind]}</span>
                {view.asOf && view.noPlanInForce?.includes(organisation.id) ? (
                  <strong class="govuk-tag govuk-tag--grey">No plan in force on {formatDate(view.asOf)}</strong>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.themes.map((theme) => {
            const cells = new Map(theme.organisations.map((organisation) => [organisation.organisationId, organisation]));
            return (
              <tr>
                <ThemeHeader
                  base={base}
                  theme={theme}
                  gap={gapOf.get(theme.theme)}
                  overlaps={view.overlaps.filter((overlap) => overlap.theme === theme.theme)}
                  names={names}
                  partly={partly}
                />
                {paging.columns.map((organisation) => (
                  <MatrixCell
                    base={base}
                    organisationId={organisation.id}
                    cell={cells.get(organisation.id)}
                    isPartnersOnly={isPartnersOnly}
                  />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};

type ThemeRow = JointView['themes'][number];
type Gap = JointView['gaps'][number];

/** A theme's row header: its name, whether the Police and Crime Plan has it, and its gap and overlaps in brief. */
const ThemeHeader: FC<{
  base: string;
  theme: ThemeRow;
  gap: Gap | undefined;
  overlaps: JointView['overlaps'];
  names: (ids: string[]) => string;
  partly: (gap: Gap) => string;
}> = ({ base, theme, gap, overlaps, names, partly }) => (
  <th scope="row">
    <a href={`${base}/themes/${theme.theme}`}>{theme.name}</a>
    {theme.inPoliceAndCrimePlan ? (
      <span class="hub-note">
        <Tag colour="blue">Police and Crime Plan</Tag>
      </span>
    ) : null}
    {gap ? (
      <span class="hub-note">
        <strong>Gap:</strong>{' '}
        {gap.missingFrom.length === 0 ? null : gap.missingFrom.length <= GAP_NAMES_IN_ROW ? (
          <>nothing current from {names(gap.missingFrom)}.</>
        ) : (
          <>
            nothing current from {gap.missingFrom.length} of the {cspCount(gap)} Community Safety Partnerships (
            <a href={`#gap-${gap.theme}`}>which ones</a>).
          </>
        )}
        {gap.partly.length === 0 ? null : gap.partly.length <= GAP_NAMES_IN_ROW ? (
          <>
            {gap.missingFrom.length > 0 ? ' ' : ''}
            {partly(gap)}.
          </>
        ) : (
          <>
            {gap.missingFrom.length > 0 ? ' ' : ''}
            {gap.partly.length} of the {cspCount(gap)} cover it only partly, through themes within it (
            <a href={`#gap-${gap.theme}`}>which ones</a>).
          </>
        )}
      </span>
    ) : null}
    {overlaps.map((overlap) => (
      <span class="hub-note">
        <strong>Overlap:</strong>{' '}
        {plural(new Set(overlap.items.map((item) => item.organisationId)).size, 'scrutinising body', 'scrutinising bodies')} in{' '}
        {quarterName(overlap.quarter)}.
      </span>
    ))}
  </th>
);

/** One body's priorities and planned work on one theme. */
const MatrixCell: FC<{
  base: string;
  organisationId: string;
  cell: ThemeRow['organisations'][number] | undefined;
  isPartnersOnly: PartnersOnly;
}> = ({ base, organisationId, cell, isPartnersOnly }) => {
  if (!cell) return <td></td>;
  const body = `${base}/bodies/${organisationId}`;
  return (
    <td>
      <ul>
        {currentFirst(cell.priorities).map((priority) => (
          <MatrixEntry
            label={priority.current === false ? pastLabel(priority.status) : 'Priority'}
            href={`${body}#priority-${priority.id}`}
            title={priority.title}
            partnersOnly={isPartnersOnly('priority', organisationId, priority.id)}
          />
        ))}
        {cell.workProgramme.map((item) => (
          <MatrixEntry
            label={`Work: ${whenOf(item)}`}
            href={`${body}#item-${item.id}`}
            title={item.title}
            partnersOnly={isPartnersOnly('work', organisationId, item.id)}
          />
        ))}
        {/* A note, not coverage: the body takes the theme to a meeting. */}
        {(cell.agenda ?? []).map((item) => (
          <MatrixEntry
            label={`On the agenda on ${formatDate(item.date)}`}
            href={meetingPath(base.slice('/areas/'.length), organisationId, item.meetingId)}
            title={item.title}
            partnersOnly={false}
          />
        ))}
      </ul>
    </td>
  );
};

const BodyPages: FC<{ current: number; paging: Paging }> = ({ current, paging }) => (
  <Pagination
    id="page"
    label="Pages of bodies"
    current={current}
    pages={Array.from({ length: paging.pages }, (_, index) => {
      const number = index + 1;
      const from = index * BODIES_PER_PAGE + 1;
      return {
        number,
        href: paging.href(number),
        label: `Page ${number}: bodies ${from} to ${Math.min(from + BODIES_PER_PAGE - 1, paging.bodies.length)}`,
      };
    })}
  />
);

const Gaps: FC<{ base: string; view: JointView; names: (ids: string[]) => string; partly: (gap: Gap) => string; filtered: boolean }> = ({
  base,
  view,
  names,
  partly,
  filtered,
}) => (
  <>
    <h2 class="govuk-heading-l" id="gaps">
      Gaps
    </h2>
    {view.gaps.length === 0 ? (
      <p class="govuk-body">
        No gaps: every Community Safety Partnership has current work on each theme of the Police and Crime Plan
        {filtered ? ' shown here' : ''}.
      </p>
    ) : (
      <ul class="govuk-list govuk-list--bullet">
        {view.gaps.map((gap) => (
          <li id={`gap-${gap.theme}`}>
            <a class="govuk-link" href={`${base}/themes/${gap.theme}`}>
              {gap.name}
            </a>{' '}
            is in the Police and Crime Plan
            {gap.missingFrom.length === 0
              ? '.'
              : gap.missing
                ? `, but ${missingInWords(gap.missing, names, view.asOf)}.`
                : `, but ${names(gap.missingFrom)} ${gap.missingFrom.length === 1 ? 'has' : 'have'} no current priority or planned work on it.`}{' '}
            {gap.partly.length > 0 ? `${partly(gap)}. ` : ''}
            {gap.coveredBy.length > 0
              ? `${names(gap.coveredBy)} ${gap.coveredBy.length === 1 ? 'covers' : 'cover'} it.`
              : gap.partly.length > 0
                ? 'No Community Safety Partnership covers it in full.'
                : 'No Community Safety Partnership covers it.'}
          </li>
        ))}
      </ul>
    )}
  </>
);

const Overlaps: FC<{ base: string; view: JointView; nameOf: Map<string, string>; filtered: boolean }> = ({
  base,
  view,
  nameOf,
  filtered,
}) => (
  <>
    <h2 class="govuk-heading-l" id="overlaps">
      Overlaps
    </h2>
    {view.overlaps.length === 0 ? (
      <p class="govuk-body">
        No overlaps: no two scrutinising bodies plan work on the same theme in the same quarter{filtered ? ' for these filters' : ''}.
      </p>
    ) : (
      <ul class="govuk-list govuk-list--bullet">
        {view.overlaps.map((overlap) => (
          <li>
            <a class="govuk-link" href={`${base}/themes/${overlap.theme}`}>
              {overlap.name}
            </a>
            , {quarterName(overlap.quarter)}:{' '}
            {overlap.items.map((item, index) => (
              <>
                {index > 0 ? '; ' : ''}
                {nameOf.get(item.organisationId) ?? item.organisationId} plans “
                <a class="govuk-link" href={`${base}/bodies/${item.organisationId}#item-${item.id}`}>
                  {item.title}
                </a>
                ”
              </>
            ))}
            .
          </li>
        ))}
      </ul>
    )}
  </>
);

/** One priority or work item in a cell: what it is, its title linking to it, and whether only partners see it. */
const MatrixEntry: FC<{ label: string; href: string; title: string; partnersOnly: boolean }> = ({ label, href, title, partnersOnly }) => (
  <li>
    <span class="hub-label">{label}</span>
    <a href={href}>{title}</a>
    {partnersOnly ? (
      <>
        {' '}
        <PartnersOnlyTag />
      </>
    ) : null}
  </li>
);

/** Current priorities before past ones, each group in the order the view holds them. */
/** A priority not in force: its status says why, unless it is still "active" and its dates are what ended it. */
const pastLabel = (status: string | undefined) =>
  status === undefined || status === 'active' ? 'Past priority: its dates have ended' : `Past priority: ${status.toLowerCase()}`;

const currentFirst = <T extends { current?: boolean }>(priorities: T[]): T[] => [
  ...priorities.filter((priority) => priority.current !== false),
  ...priorities.filter((priority) => priority.current === false),
];

const FilterSelect: FC<{
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  all: string;
  options: { value: string; text: string }[];
}> = ({ id, label, value, error, all, options }) => (
  <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
    <label class="govuk-label" for={id}>
      {label}
    </label>
    {error ? (
      <p id={`${id}-error`} class="govuk-error-message">
        <span class="govuk-visually-hidden">Error:</span> {error}
      </p>
    ) : null}
    <select
      class={`govuk-select${error ? ' govuk-select--error' : ''}`}
      id={id}
      name={id}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <option value="" selected={value === ''}>
        {all}
      </option>
      {options.map((option) => (
        <option value={option.value} selected={option.value === value}>
          {option.text}
        </option>
      ))}
    </select>
  </div>
);

/** How many Community Safety Partnerships a gap was judged across. */
const cspCount = (gap: Gap) => gap.missingFrom.length + gap.partlyCoveredBy.length + gap.coveredBy.length;
