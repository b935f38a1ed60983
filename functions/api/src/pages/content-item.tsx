/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { authoriseContentChange, NotAuthenticatedError, NotPermittedError, type Principal, type RecordOf } from '@partnership-hub/domain';
import type { FC } from 'hono/jsx';
import type { FormSegment } from '../content-writes.ts';
import type { AreaContent, Organisation } from './area-data.ts';
import { sourceRow } from './change-words.tsx';
import { BackLink, BulletList, PartnersOnlyTag, SummaryList, type SummaryRow } from './components.tsx';
import { formatDate, KIND_NAMES, periodInWords, statusName, themeName, whenOf, workKindName } from './format.ts';
import { historyPath } from './history-page.tsx';

/**
 * A body's content as the pages link to it: each priority's and work programme item's own page,
 * and, for those the domain lets change the body's content, the links to the forms that do
 * (pages/routes/publishing.tsx, served apart from these read-only pages on AWS).
 */

/** Whether the domain's rule lets this principal change the body's content: the forms and their links follow it, never the session itself. */
export function mayChangeContent(principal: Principal, target: { areaId: string; organisationId: string }): boolean {
  try {
    authoriseContentChange(principal, target);
    return true;
  } catch (error) {
    if (error instanceof NotAuthenticatedError || error instanceof NotPermittedError) return false;
    throw error;
  }
}

/** What a kind of content is called on its pages. */
export const SEGMENT_WORDS: Record<
  FormSegment,
  { one: string; theOne: string; publish: string; history: 'priority' | 'work-programme-item' | 'plan' }
> = {
  priorities: { one: 'priority', theOne: 'the priority', publish: 'Publish a priority', history: 'priority' },
  'work-programme': {
    one: 'work programme item',
    theOne: 'the work programme item',
    publish: 'Add a work programme item',
    history: 'work-programme-item',
  },
  plans: { one: 'plan', theOne: 'the plan', publish: 'Publish a plan', history: 'plan' },
};

export const itemPath = (areaId: string, organisationId: string, segment: FormSegment, id: string) =>
  `/areas/${areaId}/bodies/${organisationId}/${segment}/${id}`;

/** The links to change an item, for those who may: on its own page and beside it on its body's page. */
export const ChangeLinks: FC<{ path: string; title: string }> = ({ path, title }) => (
  <ul class="govuk-list hub-change-links">
    <li>
      <a class="govuk-link" href={`${path}/edit`}>
        Edit<span class="govuk-visually-hidden"> “{title}”</span>
      </a>
    </li>
    <li>
      <a class="govuk-link" href={`${path}/withdraw`}>
        Withdraw<span class="govuk-visually-hidden"> “{title}”</span>
      </a>
    </li>
  </ul>
);

/** A priority's or a work programme item's own page: what it is, its history, and for its body's people the links to change it. */
export const ItemPage: FC<{
  content: AreaContent;
  organisation: Organisation;
  item: RecordOf<'priority'> | RecordOf<'work-programme-item'>;
  canChange: boolean;
}> = ({ content, organisation, item, canChange }) => {
  const base = `/areas/${content.areaId}`;
  const segment: FormSegment = item.subjectType === 'priority' ? 'priorities' : 'work-programme';
  const rows: SummaryRow[] = [
    {
      key: 'Body',
      value: (
        <a class="govuk-link" href={`${base}/bodies/${organisation.id}`}>
          {organisation.state.name}
        </a>
      ),
    },
    {
      key: 'Themes',
      value: (
        <BulletList
          items={item.state.themes.map((theme) => (
            <a class="govuk-link" href={`${base}/themes/${theme}`}>
              {themeName(theme)}
            </a>
          ))}
        />
      ),
    },
  ];
  if (item.subjectType === 'work-programme-item') {
    const { state } = item;
    rows.push(
      { key: 'When', value: whenOf(state) },
      { key: 'Kind', value: workKindName(state.kind) },
      { key: 'Status', value: statusName(state.status) },
      ...(state.description ? [{ key: 'Description', value: state.description }] : []),
    );
  } else {
    const { state } = item;
    const plan = state.planId
      ? content.plans.find((candidate) => candidate.organisationId === organisation.id && candidate.id === state.planId)
      : undefined;
    rows.push(
      { key: 'Status', value: statusName(state.status) },
      { key: 'Lead', value: state.lead ?? 'Not given' },
      ...(plan
        ? [
            {
              key: 'Plan',
              value: (
                <a class="govuk-link" href={itemPath(content.areaId, organisation.id, 'plans', plan.id)}>
                  {plan.state.title}
                </a>
              ),
            },
          ]
        : []),
      ...(state.period ? [{ key: 'Plan period', value: state.period }] : []),
      ...(state.startDate || state.endDate
        ? [{ key: 'Its own dates', value: periodInWords({ start: state.startDate, end: state.endDate }) }]
        : []),
      { key: 'Outcomes', value: state.outcomes.length ? <BulletList items={state.outcomes} /> : 'None listed' },
      { key: 'Performance indicators', value: state.indicators.length ? <BulletList numbered items={state.indicators} /> : 'None listed' },
    );
  }
  rows.push(
    { key: 'Visibility', value: item.state.visibility === 'partners' ? 'Partners only' : 'Public' },
    { key: 'Last changed', value: formatDate(item.updatedAt) },
    ...sourceRow(item.change),
  );
  const path = itemPath(content.areaId, organisation.id, segment, item.id);
  return (
    <>
      <BackLink href={`${base}/bodies/${organisation.id}`}>Back to {organisation.state.name}</BackLink>
      <span class="govuk-caption-xl">
        {item.subjectType === 'priority' ? 'Priority' : 'Work programme item'} of {organisation.state.name} (
        {KIND_NAMES[organisation.state.kind]})
      </span>
      <h1 class="govuk-heading-xl">
        {item.state.title} {item.state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
      </h1>
      {canChange ? <ChangeLinks path={path} title={item.state.title} /> : null}
      <SummaryList rows={rows} />
      <p class="govuk-body">
        <a class="govuk-link" href={historyPath(item.areaId, SEGMENT_WORDS[segment].history, item.organisationId, item.id)}>
          History of changes to “{item.state.title}”
        </a>
      </p>
    </>
  );
};
