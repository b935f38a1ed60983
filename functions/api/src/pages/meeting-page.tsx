/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { RecordOf } from '@partnership-hub/domain';
import type { FC } from 'hono/jsx';
import type { AreaContent, Organisation } from './area-data.ts';
import { ThemeLinks } from './body-page.tsx';
import { sourceRow } from './change-words.tsx';
import { BackLink, PartnersOnlyTag, SummaryList, type SummaryRow, Tag } from './components.tsx';
import { formatDate, KIND_NAMES } from './format.ts';
import { historyPath } from './history-page.tsx';
import { MeetingStatusTag, meetingPath, meetingWhen } from './meetings.tsx';

type Meeting = RecordOf<'meeting'>;

/**
 * A meeting's agenda as a numbered list. The records reaching a page are the reader's own (see
 * AreaContent): to the public, a restricted item is already "Restricted item" and its number, and
 * restricted papers are gone; to partners, a restricted item is tagged so.
 */
const Agenda: FC<{ meeting: Meeting; base: string; work?: RecordOf<'work-programme-item'>[] }> = ({ meeting, base, work = [] }) => (
  <ol class="govuk-list">
    {meeting.state.agenda.map((item) => {
      const planned = item.workProgrammeItemId
        ? work.find((candidate) => candidate.organisationId === meeting.organisationId && candidate.id === item.workProgrammeItemId)
        : undefined;
      return (
        <li>
          <span class="govuk-!-font-weight-bold">{item.number}.</span> {item.title}{' '}
          {item.restricted ? <Tag colour="orange">Restricted</Tag> : null}
          {item.themes && item.themes.length > 0 ? (
            <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1">
              Themes: <ThemeLinks themes={item.themes} base={base} />
            </p>
          ) : null}
          {planned ? (
            <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1">
              From the work programme:{' '}
              <a class="govuk-link" href={`${base}/bodies/${meeting.organisationId}#item-${planned.id}`}>
                {planned.state.title}
              </a>
            </p>
          ) : null}
          {item.links && item.links.length > 0 ? (
            <ul class="govuk-list govuk-body-s">
              {item.links.map((link) => (
                <li>
                  <a class="govuk-link" href={link.url} rel="noreferrer noopener">
                    {link.title} (on another website)
                  </a>{' '}
                  {link.restricted ? <Tag colour="orange">Restricted</Tag> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      );
    })}
  </ol>
);

/** A meeting's page: when and where, its status, its papers and its agenda. */
export const MeetingPage: FC<{ content: AreaContent; organisation: Organisation; meeting: Meeting }> = ({
  content,
  organisation,
  meeting,
}) => {
  const base = `/areas/${content.areaId}`;
  const { state } = meeting;
  const rows: SummaryRow[] = [
    { key: 'When', value: `${meetingWhen(state)}${state.time ? ' (UK time)' : ''}` },
    ...(state.location ? [{ key: 'Where', value: state.location }] : []),
    { key: 'Status', value: <MeetingStatusTag status={state.status} /> },
    ...sourceRow(meeting.change),
  ];
  if (state.links && state.links.length > 0)
    rows.push({
      key: 'Papers',
      value: (
        <ul class="govuk-list">
          {state.links.map((link) => (
            <li>
              <a class="govuk-link" href={link.url} rel="noreferrer noopener">
                {link.title} (on another website)
              </a>
            </li>
          ))}
        </ul>
      ),
    });
  return (
    <>
      <BackLink href={`${base}/bodies/${organisation.id}#meetings`}>Back to {organisation.state.name}</BackLink>
      <span class="govuk-caption-xl">
        Meeting of {organisation.state.name} ({KIND_NAMES[organisation.state.kind]})
      </span>
      <h1 class="govuk-heading-xl">
        {state.title}, {formatDate(state.date)} {state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
      </h1>
      <SummaryList rows={rows} />
      <p class="govuk-body">
        <a class="govuk-link" href={historyPath(meeting.areaId, 'meeting', meeting.organisationId, meeting.id)}>
          History of changes to this meeting
        </a>
      </p>
      <h2 class="govuk-heading-l" id="agenda">
        Agenda
      </h2>
      {state.agenda.length === 0 ? (
        <p class="govuk-body">No agenda has been shared for this meeting.</p>
      ) : (
        <Agenda meeting={meeting} base={base} work={content.work} />
      )}
    </>
  );
};

/** "Coming to the panel": the panel's next meetings, each with its agenda, on the overview. */
export const ComingToThePanel: FC<{ areaId: string; meetings: Meeting[]; nameOf: Map<string, string> }> = ({
  areaId,
  meetings,
  nameOf,
}) => (
  <section aria-labelledby="coming-to-the-panel">
    <h2 class="govuk-heading-l" id="coming-to-the-panel">
      Coming to the panel
    </h2>
    {meetings.length === 0 ? <p class="govuk-body">No coming meetings of the panel have been shared.</p> : null}
    {meetings.map((meeting) => (
      <>
        <h3 class="govuk-heading-m">
          <a class="govuk-link" href={meetingPath(areaId, meeting.organisationId, meeting.id)}>
            {nameOf.get(meeting.organisationId) ?? meeting.state.title}, {meetingWhen(meeting.state)}
          </a>{' '}
          {meeting.state.status === 'cancelled' ? <MeetingStatusTag status="cancelled" /> : null}
        </h3>
        {meeting.state.agenda.length === 0 ? (
          <p class="govuk-body">No agenda has been shared yet.</p>
        ) : (
          <Agenda meeting={meeting} base={`/areas/${areaId}`} />
        )}
      </>
    ))}
  </section>
);
