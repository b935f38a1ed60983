/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { ConnectorRecord, ConnectorRunRecord } from '@partnership-hub/store';
import type { FC } from 'hono/jsx';
import { BackLink, BulletList, SummaryList, TableHead, Tag } from './components.tsx';
import { formatDateTime, plural } from './format.ts';
import type { NameOf } from './history-page.tsx';
import { CSRF_FIELD } from './session.ts';

const STATUS_COLOURS: Record<ConnectorRunRecord['status'], string> = {
  queued: 'grey',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
};

const RunStatus: FC<{ run: ConnectorRunRecord }> = ({ run }) => (
  <Tag colour={STATUS_COLOURS[run.status]}>{run.status.charAt(0).toUpperCase() + run.status.slice(1)}</Tag>
);

/** "PT6H" → "every 6 hours"; "P1DT30M" → "every 1 day and 30 minutes". */
function everyInWords(every: string | undefined): string {
  if (!every) return 'Only when asked (no schedule)';
  const [, days, hours, minutes] = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(every) ?? [];
  const parts = [
    days ? plural(Number(days), 'day') : null,
    hours ? plural(Number(hours), 'hour') : null,
    minutes ? plural(Number(minutes), 'minute') : null,
  ].filter((part) => part !== null);
  return `Every ${parts.join(' and ')} (${every})`;
}

const countsInWords = ({ created, revised, cancelled, unchanged }: ConnectorRunRecord['meetings']) =>
  `${created} created, ${revised} revised, ${cancelled} cancelled, ${unchanged} unchanged`;

/** The area's connectors the reader may see: those mapped onto their body (all, for the administrator). */
export const ConnectorListPage: FC<{ areaId: string; connectors: ConnectorRecord[]; nameOf: NameOf }> = ({
  areaId,
  connectors,
  nameOf,
}) => (
  <>
    <h1 class="govuk-heading-xl">Connectors</h1>
    <p class="govuk-body">
      Connectors read councils' committee systems (ModernGov) and keep the mapped bodies' meetings up to date. You see the ones that keep
      your body's meetings.
    </p>
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--m">{plural(connectors.length, 'connector')}</caption>
      <TableHead columns={['Connector', 'Bodies', 'Schedule']} />
      <tbody class="govuk-table__body">
        {connectors.map((connector) => (
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              <a class="govuk-link" href={`/areas/${areaId}/connectors/${connector.id}`}>
                {connector.id}
              </a>
            </th>
            <td class="govuk-table__cell">
              {[...new Set(connector.committees.map((committee) => nameOf(committee.organisationId)))].join(', ')}
            </td>
            <td class="govuk-table__cell">{everyInWords(connector.every)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </>
);

/** One connector: its mapping, schedule, next run and last runs, and a "Run now" button (a form POST, no script). */
export const ConnectorPage: FC<{
  areaId: string;
  connector: ConnectorRecord;
  runs: ConnectorRunRecord[];
  nameOf: NameOf;
  csrfToken: string | undefined;
}> = ({ areaId, connector, runs, nameOf, csrfToken }) => (
  <>
    <BackLink href={`/areas/${areaId}/connectors`}>Back to the connectors</BackLink>
    <span class="govuk-caption-xl">ModernGov connector</span>
    <h1 class="govuk-heading-xl">{connector.id}</h1>
    <SummaryList
      rows={[
        { key: 'Council web service', value: connector.baseUrl },
        {
          key: 'Committees',
          value: (
            <BulletList
              items={connector.committees.map((committee) => `Committee ${committee.committeeId} into ${nameOf(committee.organisationId)}`)}
            />
          ),
        },
        { key: 'Meetings read', value: `From ${connector.daysBack} days ago to ${connector.daysAhead} days ahead` },
        { key: 'Schedule', value: everyInWords(connector.every) },
        { key: 'Next run', value: connector.every && connector.nextRunAt ? formatDateTime(connector.nextRunAt) : 'None scheduled' },
      ]}
    />
    {csrfToken ? (
      <form method="post" action={`/areas/${areaId}/connectors/${connector.id}/runs`} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Run now
        </button>
      </form>
    ) : null}
    <h2 class="govuk-heading-l">Last runs</h2>
    {runs.length === 0 ? (
      <p class="govuk-body">It has not run yet.</p>
    ) : (
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">The latest {plural(runs.length, 'run')}, latest first</caption>
        <TableHead columns={['Asked for', 'Started by', 'Status', 'Meetings', 'Errors']} />
        <tbody class="govuk-table__body">
          {runs.map((run) => (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                {formatDateTime(run.requestedAt)}
              </th>
              <td class="govuk-table__cell">{run.trigger === 'schedule' ? 'The schedule' : 'Asked for'}</td>
              <td class="govuk-table__cell">
                <RunStatus run={run} />
              </td>
              <td class="govuk-table__cell">{run.status === 'queued' ? run.progress : countsInWords(run.meetings)}</td>
              <td class="govuk-table__cell">{run.errors.length === 0 ? 'None' : <BulletList items={run.errors} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </>
);
