/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { type PlanPeriod, planInForceOn, type RecordOf, recordInForceOn } from '@partnership-hub/domain';
import type { FC } from 'hono/jsx';
import { filterRequests } from '../routes/requests.ts';
import { type AreaContent, nameOfIn, type Organisation } from './area-data.ts';
import { SourceWords, sourceRow } from './change-words.tsx';
import { BackLink, BulletList, PartnersOnlyTag, SummaryList, type SummaryRow, TableHead, Tag } from './components.tsx';
import { ChangeLinks, itemPath } from './content-item.tsx';
import {
  formatDate,
  KIND_NAMES,
  PLAN_KIND_NAMES,
  periodInWords,
  plural,
  sortKeyOf,
  statusName,
  themeName,
  whenOf,
  workKindName,
} from './format.ts';
import { historyPath } from './history-page.tsx';
import { byMeetingTime, MeetingTable } from './meetings.tsx';
import { bodyPlans, type PlanGroup, planPath } from './plans.ts';
import { RequestTable } from './tracker-pages.tsx';

/**
 * A body's page: its priorities in full, grouped by plan (plans in force first, earlier plans
 * folded away), its work programme by date, and the protocols it is party to.
 */
export const BodyPage: FC<{
  content: AreaContent;
  organisation: Organisation;
  today: string;
  canChange?: boolean;
  /** Its lead (or the administrator) sees the link to its members page. */
  canManageMembers?: boolean;
}> = ({ content, organisation, today, canChange = false, canManageMembers = false }) => {
  const base = `/areas/${content.areaId}`;
  const nameOf = new Map(content.organisations.map((candidate) => [candidate.id, candidate.state.name]));
  const { groups, unplanned, periods, priorities } = bodyPlans(content, organisation.id, today);
  const current = groups.filter((group) => group.when !== 'earlier');
  const earlier = groups.filter((group) => group.when === 'earlier');
  const work = content.work
    .filter((item) => item.organisationId === organisation.id)
    .sort((a, b) => sortKeyOf(a.state).localeCompare(sortKeyOf(b.state)));
  const protocols = content.protocols.filter((protocol) => protocol.state.parties.includes(organisation.id));
  const meetings = content.meetings.filter((meeting) => meeting.organisationId === organisation.id).sort(byMeetingTime);
  const comingMeetings = meetings.filter((meeting) => meeting.state.date >= today);
  const pastMeetings = meetings.filter((meeting) => meeting.state.date < today).reverse();
  const priorityTitle = (organisationId: string, priorityId: string) =>
    content.priorities.find((candidate) => candidate.organisationId === organisationId && candidate.id === priorityId)?.state.title;
  const newPath = (segment: string) => `${base}/bodies/${organisation.id}/${segment}/new`;
  // What every priority and plan group on the page is shown with.
  const shown: PriorityProps = { base, nameOf, priorityTitle, periods, today, canChange };

  return (
    <>
      <span class="govuk-caption-xl">{KIND_NAMES[organisation.state.kind]}</span>
      <h1 class="govuk-heading-xl">{organisation.state.name}</h1>
      {canChange ? (
        <p class="govuk-body">
          <a class="govuk-link" href={`${base}/bodies/${organisation.id}/import`}>
            Upload a file
          </a>{' '}
          of priorities or work programme items (CSV or JSON)
        </p>
      ) : null}
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href="#priorities">
            Priorities ({priorities.length})
          </a>
        </li>
        <li>
          <a class="govuk-link" href="#work-programme">
            Work programme ({work.length})
          </a>
        </li>
        <li>
          <a class="govuk-link" href="#meetings">
            Meetings ({meetings.length})
          </a>
        </li>
        <li>
          <a class="govuk-link" href="#protocols">
            Protocols ({protocols.length})
          </a>
        </li>
      </ul>
      <p class="govuk-body">
        <a class="govuk-link" href={`${base}/alerts?body=${organisation.id}`}>
          Get email alerts
        </a>{' '}
        about changes by {organisation.state.name}
      </p>
      {canManageMembers ? (
        <p class="govuk-body">
          <a class="govuk-link" href={`${base}/bodies/${organisation.id}/members`}>
            Manage the members of {organisation.state.name}
          </a>
        </p>
      ) : null}

      <h2 class="govuk-heading-l" id="priorities">
        Priorities
      </h2>
      {canChange ? (
        <ul class="govuk-list">
          <li>
            <a class="govuk-link" href={newPath('priorities')}>
              Publish a priority
            </a>
          </li>
          <li>
            <a class="govuk-link" href={newPath('plans')}>
              Publish a plan
            </a>
          </li>
        </ul>
      ) : null}
      {priorities.length === 0 && groups.length === 0 ? (
        <p class="govuk-body">{organisation.state.name} has not shared any priorities.</p>
      ) : null}
      {groups.length === 0 ? (
        unplanned.map((priority) => <PrioritySection priority={priority} {...shown} />)
      ) : (
        <>
          {current.map((group) => (
            <PlanGroupSection group={group} {...shown} />
          ))}
          {unplanned.length > 0 ? (
            <section aria-labelledby="priorities-in-no-plan">
              <h3 class="govuk-heading-m" id="priorities-in-no-plan">
                Priorities in no plan
              </h3>
              {unplanned.map((priority) => (
                <PrioritySection priority={priority} {...shown} level={4} />
              ))}
            </section>
          ) : null}
          {earlier.length > 0 ? (
            <details class="govuk-details" id="earlier-plans">
              <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">Earlier plans ({earlier.length}) and their priorities</span>
              </summary>
              <div class="govuk-details__text">
                {earlier.map((group) => (
                  <PlanGroupSection group={group} {...shown} />
                ))}
              </div>
            </details>
          ) : null}
        </>
      )}

      <h2 class="govuk-heading-l" id="work-programme">
        Work programme
      </h2>
      {canChange ? (
        <p class="govuk-body">
          <a class="govuk-link" href={newPath('work-programme')}>
            Add a work programme item
          </a>
        </p>
      ) : null}
      {work.length === 0 ? (
        <p class="govuk-body">{organisation.state.name} has not shared a work programme.</p>
      ) : (
        <WorkTable
          caption={`${organisation.state.name}'s work programme, earliest first`}
          items={work}
          areaId={content.areaId}
          canChange={canChange}
        />
      )}

      <h2 class="govuk-heading-l" id="meetings">
        Meetings
      </h2>
      {meetings.length === 0 ? <p class="govuk-body">{organisation.state.name} has not shared any meetings.</p> : null}
      {comingMeetings.length > 0 ? (
        <MeetingTable caption="Coming meetings, earliest first" meetings={comingMeetings} areaId={content.areaId} />
      ) : null}
      {pastMeetings.length > 0 ? (
        <MeetingTable caption="Earlier meetings, latest first" meetings={pastMeetings} areaId={content.areaId} />
      ) : null}

      <h2 class="govuk-heading-l" id="protocols">
        Protocols
      </h2>
      {protocols.length === 0 ? (
        <p class="govuk-body">{organisation.state.name} is not party to any protocol shared here.</p>
      ) : (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Protocols {organisation.state.name} is party to</caption>
          <TableHead columns={['Protocol', 'Current version', `Has ${organisation.state.name} agreed it?`]} />
          <tbody class="govuk-table__body">
            {protocols.map((protocol) => {
              const agreement = protocol.state.agreements.find(
                (candidate) => candidate.organisationId === organisation.id && candidate.version === protocol.state.version,
              );
              return (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">
                    <a class="govuk-link" href={`${base}/protocols/${protocol.id}`}>
                      {protocol.state.title}
                    </a>
                  </td>
                  <td class="govuk-table__cell">Version {protocol.state.version}</td>
                  <td class="govuk-table__cell">
                    {agreement ? `Yes, agreed on ${formatDate(agreement.agreedAt)}` : <Tag colour="yellow">Not yet agreed</Tag>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <BodyRequests content={content} organisationId={organisation.id} today={today} />
      <BackLink href={base}>Back to the joint priorities</BackLink>
    </>
  );
};

type PriorityProps = {
  base: string;
  /** Whether the reader may change the body's content: then each priority has its edit and withdraw links. */
  canChange?: boolean;
  nameOf: Map<string, string>;
  priorityTitle: (organisationId: string, priorityId: string) => string | undefined;
  periods: ReadonlyMap<string, PlanPeriod>;
  today: string;
};

/** One plan and its priorities: a heading that links to the plan's page, its dates as they stand, then each priority. */
const PlanGroupSection: FC<PriorityProps & { group: PlanGroup }> = ({ group, ...props }) => {
  const { plan, period } = group;
  return (
    <section aria-labelledby={`plan-${plan.id}`}>
      <h3 class="govuk-heading-m" id={`plan-${plan.id}`}>
        <a class="govuk-link" href={planPath(plan.areaId, plan.organisationId, plan.id)}>
          {plan.state.title}
        </a>{' '}
        {plan.state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
      </h3>
      <p class="govuk-body">
        {PLAN_KIND_NAMES[plan.state.kind]}: {periodInWords(period ?? { start: plan.state.startDate })}.{' '}
        {planInForceOn(period, props.today) ? (
          <Tag colour="green">In force</Tag>
        ) : group.when === 'upcoming' ? (
          <Tag colour="blue">Not yet in force</Tag>
        ) : (
          <Tag colour="grey">Ended</Tag>
        )}
      </p>
      {group.priorities.length === 0 ? <p class="govuk-body">No priorities of this plan are shared here.</p> : null}
      {group.priorities.map((priority) => (
        <PrioritySection priority={priority} {...props} level={4} />
      ))}
    </section>
  );
};

export const PrioritySection: FC<PriorityProps & { priority: RecordOf<'priority'>; level?: 3 | 4 }> = ({
  priority,
  base,
  nameOf,
  priorityTitle,
  periods,
  today,
  canChange = false,
  level = 3,
}) => {
  const { state } = priority;
  const inForce = recordInForceOn(priority, periods, today);
  const rows: SummaryRow[] = [
    {
      key: 'Status',
      value: (
        <>
          {statusName(state.status)}
          {inForce
            ? null
            : state.status === 'active'
              ? ' (its dates have ended or not begun: not in force today)'
              : ' (not in force today)'}
        </>
      ),
    },
    { key: 'Themes', value: <ThemeLinks themes={state.themes} base={base} /> },
    { key: 'Lead', value: state.lead ?? 'Not given' },
    ...(state.period ? [{ key: 'Plan period', value: state.period }] : []),
    ...(state.startDate || state.endDate
      ? [{ key: 'Its own dates', value: periodInWords({ start: state.startDate, end: state.endDate }) }]
      : []),
    { key: 'Outcomes', value: state.outcomes.length ? <BulletList items={state.outcomes} /> : 'None listed' },
    { key: 'Performance indicators', value: state.indicators.length ? <BulletList numbered items={state.indicators} /> : 'None listed' },
    ...sourceRow(priority.change),
  ];
  if (state.supports.length > 0) {
    rows.push({
      key: 'Supports',
      value: (
        <BulletList
          items={state.supports.map((link) => (
            <a class="govuk-link" href={`${base}/bodies/${link.organisationId}#priority-${link.priorityId}`}>
              {priorityTitle(link.organisationId, link.priorityId) ?? link.priorityId} (
              {nameOf.get(link.organisationId) ?? link.organisationId})
            </a>
          ))}
        />
      ),
    });
  }
  const Heading = level === 4 ? 'h4' : 'h3';
  return (
    <section aria-labelledby={`priority-${priority.id}`}>
      <Heading class={level === 4 ? 'govuk-heading-s' : 'govuk-heading-m'} id={`priority-${priority.id}`}>
        <a class="govuk-link" href={itemPath(priority.areaId, priority.organisationId, 'priorities', priority.id)}>
          {state.title}
        </a>{' '}
        {state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
      </Heading>
      {canChange ? (
        <ChangeLinks path={itemPath(priority.areaId, priority.organisationId, 'priorities', priority.id)} title={state.title} />
      ) : null}
      <SummaryList rows={rows} />
      <p class="govuk-body">
        <a class="govuk-link" href={historyPath(priority.areaId, 'priority', priority.organisationId, priority.id)}>
          History of changes to “{state.title}”
        </a>
      </p>
    </section>
  );
};

export const ThemeLinks: FC<{ themes: string[]; base: string }> = ({ themes, base }) => (
  <>
    {themes.map((theme, index) => (
      <>
        {index > 0 ? ', ' : ''}
        <a class="govuk-link" href={`${base}/themes/${theme}`}>
          {themeName(theme)}
        </a>
      </>
    ))}
  </>
);

/**
 * A work programme as a table, on a body's page, a theme's page and the calendar. With `nameOf`,
 * items of several bodies are listed together and a Body column says whose each one is.
 */
export const WorkTable: FC<{
  caption: string;
  captionSize?: 's' | 'm';
  items: RecordOf<'work-programme-item'>[];
  areaId: string;
  nameOf?: Map<string, string>;
  /** Whether the reader may change these items (one body's, on its page): then each has its edit and withdraw links. */
  canChange?: boolean;
}> = ({ caption, captionSize = 'm', items, areaId, nameOf, canChange = false }) => (
  <table class="govuk-table">
    <caption class={`govuk-table__caption govuk-table__caption--${captionSize}`}>{caption}</caption>
    <TableHead columns={['When', nameOf ? 'Body' : null, 'Item', 'Kind and status', 'Themes']} />
    <tbody class="govuk-table__body">
      {items.map((item) => (
        <WorkRow
          item={item}
          areaId={areaId}
          canChange={canChange}
          {...(nameOf ? { bodyName: nameOf.get(item.organisationId) ?? item.organisationId } : {})}
        />
      ))}
    </tbody>
  </table>
);

/** One work programme item as a table row; the body column is shown where items of several bodies are listed together. */
const WorkRow: FC<{ item: RecordOf<'work-programme-item'>; areaId: string; bodyName?: string; canChange: boolean }> = ({
  item,
  areaId,
  bodyName,
  canChange,
}) => {
  const base = `/areas/${areaId}`;
  const { state } = item;
  return (
    <tr class="govuk-table__row" id={bodyName === undefined ? `item-${item.id}` : undefined}>
      <td class="govuk-table__cell">{whenOf(state)}</td>
      {bodyName !== undefined ? (
        <td class="govuk-table__cell">
          <a class="govuk-link" href={`${base}/bodies/${item.organisationId}#item-${item.id}`}>
            {bodyName}
          </a>
        </td>
      ) : null}
      <td class="govuk-table__cell">
        <a class="govuk-link govuk-!-font-weight-bold" href={itemPath(areaId, item.organisationId, 'work-programme', item.id)}>
          {state.title}
        </a>{' '}
        {state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
        {state.description ? <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1">{state.description}</p> : null}
        {item.change?.source ? (
          <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1">
            Source: <SourceWords source={item.change.source} labelled />
          </p>
        ) : null}
        <a class="govuk-link govuk-body-s" href={historyPath(areaId, 'work-programme-item', item.organisationId, item.id)}>
          History<span class="govuk-visually-hidden"> of “{state.title}”</span>
        </a>
        {canChange ? <ChangeLinks path={itemPath(areaId, item.organisationId, 'work-programme', item.id)} title={state.title} /> : null}
      </td>
      <td class="govuk-table__cell">
        {workKindName(state.kind)}, {statusName(state.status).toLowerCase()}
      </td>
      <td class="govuk-table__cell">
        <ThemeLinks themes={state.themes} base={base} />
      </td>
    </tr>
  );
};

/** "Asked of us" and "We asked": the tracked requests this body was asked, and those it raised, overdue first. */
const BodyRequests: FC<{ content: AreaContent; organisationId: string; today: string }> = ({ content, organisationId, today }) => {
  const records = content.records.filter((record): record is RecordOf<'request'> => record.subjectType === 'request');
  const askedOfUs = filterRequests(records, content.audience, { to: organisationId }, today);
  const weAsked = filterRequests(records, content.audience, { from: organisationId }, today);
  const nameOf = nameOfIn(content);
  return (
    <>
      <h2 class="govuk-heading-l" id="asked-of-us">
        Asked of us
      </h2>
      {askedOfUs.length === 0 ? (
        <p class="govuk-body">No other body has asked this body for anything through the hub.</p>
      ) : (
        <RequestTable areaId={content.areaId} caption={plural(askedOfUs.length, 'request')} requests={askedOfUs} nameOf={nameOf} />
      )}
      <h2 class="govuk-heading-l" id="we-asked">
        We asked
      </h2>
      {weAsked.length === 0 ? (
        <p class="govuk-body">This body has not asked another for anything through the hub.</p>
      ) : (
        <RequestTable areaId={content.areaId} caption={plural(weAsked.length, 'request')} requests={weAsked} nameOf={nameOf} />
      )}
      <p class="govuk-body">
        <a class="govuk-link" href={`/areas/${content.areaId}/tracker?organisation=${organisationId}`}>
          This body's requests in the tracker
        </a>
      </p>
    </>
  );
};
