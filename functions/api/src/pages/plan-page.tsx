/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { dayBefore, isVisibleTo, planInForceOn, type RecordOf } from '@partnership-hub/domain';
import type { FC } from 'hono/jsx';
import type { AreaContent, Organisation } from './area-data.ts';
import { PrioritySection } from './body-page.tsx';
import { sourceRow } from './change-words.tsx';
import { BackLink, PartnersOnlyTag, SummaryList, type SummaryRow, Tag } from './components.tsx';
import { ChangeLinks } from './content-item.tsx';
import { formatDate, KIND_NAMES, PLAN_KIND_NAMES, periodInWords } from './format.ts';
import { historyPath } from './history-page.tsx';
import { bodyPlans, planPath } from './plans.ts';
import { variationPath } from './variation-page.tsx';

/** A plan's page: what it is, its dates as they stand today (and why), the plans before and after it, and its priorities. */
export const PlanPage: FC<{
  content: AreaContent;
  organisation: Organisation;
  plan: RecordOf<'plan'>;
  today: string;
  canChange?: boolean;
}> = ({ content, organisation, plan, today, canChange = false }) => {
  const base = `/areas/${content.areaId}`;
  const { groups, periods } = bodyPlans(content, organisation.id, today);
  const group = groups.find((candidate) => candidate.plan.id === plan.id)!;
  const { state } = plan;
  const period = group.period;
  const titleOf = (id: string) => groups.find((candidate) => candidate.plan.id === id)?.plan.state.title ?? id;
  const nameOf = new Map(content.organisations.map((candidate) => [candidate.id, candidate.state.name]));
  const priorityTitle = (organisationId: string, priorityId: string) =>
    content.priorities.find((candidate) => candidate.organisationId === organisationId && candidate.id === priorityId)?.state.title;
  const rows: SummaryRow[] = [
    { key: 'Kind', value: PLAN_KIND_NAMES[state.kind] },
    { key: 'Dates', value: periodInWords({ start: state.startDate, end: state.endDate }) },
    {
      key: 'Today',
      value: planInForceOn(period, today) ? (
        <Tag colour="green">In force</Tag>
      ) : group.when === 'upcoming' ? (
        `Not yet in force: it starts on ${formatDate(state.startDate)}`
      ) : (
        `Not in force: it ended on ${formatDate(period?.end ?? state.startDate)}`
      ),
    },
  ];
  if (period?.supersededBy) {
    rows.push({
      key: 'Superseded by',
      value: (
        <>
          <a class="govuk-link" href={planPath(content.areaId, organisation.id, period.supersededBy.id)}>
            {titleOf(period.supersededBy.id)}
          </a>
          , from {formatDate(period.supersededBy.startDate)}
          {period.end === dayBefore(period.supersededBy.startDate)
            ? `: this plan ends the day before, on ${formatDate(period.end)}`
            : `, after this plan had ended on ${formatDate(period.end ?? state.startDate)}`}
        </>
      ),
    });
  }
  if (state.supersedes && groups.some((candidate) => candidate.plan.id === state.supersedes)) {
    rows.push({
      key: 'Supersedes',
      value: (
        <a class="govuk-link" href={planPath(content.areaId, organisation.id, state.supersedes)}>
          {titleOf(state.supersedes)}
        </a>
      ),
    });
  }
  rows.push(...sourceRow(plan.change));
  if (state.documentUrl)
    rows.push({
      key: 'The document',
      value: (
        <a class="govuk-link" href={state.documentUrl} rel="noreferrer noopener">
          {state.title} (on another website)
        </a>
      ),
    });

  return (
    <>
      <BackLink href={`${base}/bodies/${organisation.id}#priorities`}>Back to {organisation.state.name}</BackLink>
      <span class="govuk-caption-xl">
        {PLAN_KIND_NAMES[state.kind]} of {organisation.state.name} ({KIND_NAMES[organisation.state.kind]})
      </span>
      <h1 class="govuk-heading-xl">
        {state.title} {state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
      </h1>
      {canChange ? <ChangeLinks path={planPath(content.areaId, organisation.id, plan.id)} title={state.title} /> : null}
      <SummaryList rows={rows} />
      <p class="govuk-body">
        <a class="govuk-link" href={historyPath(plan.areaId, 'plan', plan.organisationId, plan.id)}>
          History of changes to “{state.title}”
        </a>
      </p>
      <PlanVariations content={content} plan={plan} />
      <h2 class="govuk-heading-l" id="priorities">
        Priorities in this plan ({group.priorities.length})
      </h2>
      {group.priorities.length === 0 ? <p class="govuk-body">No priorities of this plan are shared here.</p> : null}
      {group.priorities.map((priority) => (
        <PrioritySection
          priority={priority}
          base={base}
          nameOf={nameOf}
          priorityTitle={priorityTitle}
          periods={periods}
          today={today}
          canChange={canChange}
        />
      ))}
    </>
  );
};

/** The plan's variations the reader may see, each linked to its page of statutory steps. */
const PlanVariations: FC<{ content: AreaContent; plan: RecordOf<'plan'> }> = ({ content, plan }) => {
  const variations = content.records
    .filter(
      (record): record is RecordOf<'plan-variation'> =>
        record.subjectType === 'plan-variation' &&
        record.organisationId === plan.organisationId &&
        record.state.planId === plan.id &&
        isVisibleTo(content.audience, record.state.visibility),
    )
    .sort((a, b) => a.state.startedOn.localeCompare(b.state.startedOn) || a.id.localeCompare(b.id));
  if (variations.length === 0) return null;
  return (
    <>
      <h2 class="govuk-heading-l" id="variations">
        Variations of this plan ({variations.length})
      </h2>
      <ul class="govuk-list">
        {variations.map((variation) => (
          <li>
            <a class="govuk-link" href={variationPath(content.areaId, plan.organisationId, plan.id, variation.id)}>
              {variation.state.title}
            </a>{' '}
            (started {formatDate(variation.state.startedOn)})
          </li>
        ))}
      </ul>
    </>
  );
};
