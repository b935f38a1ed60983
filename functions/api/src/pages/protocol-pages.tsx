/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { Audience, RecordOf } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import type { FC } from 'hono/jsx';
import type { AreaContent } from './area-data.ts';
import { BackLink, PartnersOnlyTag, SummaryList, TableHead, Tag } from './components.tsx';
import { formatDate, formatDateTime, plural } from './format.ts';
import { fieldChanges } from './history-diff.ts';
import { actorName, DiffTable, historyPath, type NameOf } from './history-page.tsx';
import { CSRF_FIELD } from './session.ts';

type Protocol = RecordOf<'protocol'>;

const agreedCurrent = (protocol: Protocol) => protocol.state.agreements.filter((agreement) => agreement.version === protocol.state.version);

const StatusTag: FC<{ protocol: Protocol }> = ({ protocol }) =>
  protocol.state.status === 'agreed' ? (
    <Tag colour="green">Agreed by every party</Tag>
  ) : (
    <Tag colour="yellow">Draft: not yet agreed by every party</Tag>
  );

/** The register: every protocol of the area, its version, how far agreement has got and when it is due for review. */
export const ProtocolRegisterPage: FC<{ content: AreaContent }> = ({ content }) => {
  const base = `/areas/${content.areaId}`;
  const protocols = [...content.protocols].sort((a, b) => a.state.title.localeCompare(b.state.title));
  return (
    <>
      <span class="govuk-caption-xl">{content.areaName}</span>
      <h1 class="govuk-heading-xl">Protocol register</h1>
      <p class="govuk-body-l">
        Agreements between the area's bodies: joint working protocols, memorandums of understanding and information sharing protocols.
      </p>
      {protocols.length === 0 ? (
        <p class="govuk-body">No protocols have been shared.</p>
      ) : (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">
            {plural(protocols.length, 'protocol')} in {content.areaName}
          </caption>
          <TableHead columns={['Protocol', 'Version', 'Agreement', 'Review date']} />
          <tbody class="govuk-table__body">
            {protocols.map((protocol) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`${base}/protocols/${protocol.id}`}>
                    {protocol.state.title}
                  </a>{' '}
                  {protocol.state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
                </td>
                <td class="govuk-table__cell">{protocol.state.version}</td>
                <td class="govuk-table__cell">
                  <StatusTag protocol={protocol} />
                  <span class="hub-note">
                    {agreedCurrent(protocol).length} of {protocol.state.parties.length} parties have agreed version {protocol.state.version}
                  </span>
                </td>
                <td class="govuk-table__cell">{protocol.state.reviewDate ? formatDate(protocol.state.reviewDate) : 'Not set'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};

/** One protocol: its parties and their agreement, its review date, and what changed between versions. */
export const ProtocolPage: FC<{
  content: AreaContent;
  protocol: Protocol;
  events: HubEvent[];
  nameOf: NameOf;
  audience: Audience;
  /** The reader's body, when it is a party that has not yet agreed the current version: the button to record its agreement. */
  agreeAs?: { organisationId: string; csrfToken: string };
  /** The form proposing a new version, for a party's editors and leads. */
  proposeHref?: string;
}> = ({ content, protocol, events, nameOf, audience, agreeAs, proposeHref }) => {
  const base = `/areas/${content.areaId}`;
  const { state } = protocol;
  // A version of the document starts with a proposal; agreements do not change the text.
  const proposals = events.filter((event) => event.detailType === 'ProtocolVersionProposed');
  const documentFields = (data: unknown) => {
    const { title, parties, summary, reviewDate, visibility } = data as Record<string, unknown>;
    return { title, parties, summary, reviewDate, visibility };
  };
  return (
    <>
      <BackLink href={`${base}/protocols`}>Back to the protocol register</BackLink>
      <span class="govuk-caption-xl">Protocol</span>
      <h1 class="govuk-heading-xl">
        {state.title} {state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
      </h1>
      <SummaryList
        rows={[
          { key: 'Status', value: <StatusTag protocol={protocol} /> },
          { key: 'Current version', value: `Version ${state.version}, proposed by ${nameOf(state.proposedBy)}` },
          { key: 'Review date', value: state.reviewDate ? formatDate(state.reviewDate) : 'Not set' },
          { key: 'Summary', value: state.summary },
        ]}
      />

      {agreeAs ? (
        <form method="post" action={`${base}/protocols/${protocol.id}/agree`} novalidate>
          <input type="hidden" name={CSRF_FIELD} value={agreeAs.csrfToken} />
          <input type="hidden" name="version" value={String(state.version)} />
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Record {nameOf(agreeAs.organisationId)}'s agreement to version {state.version}
          </button>
        </form>
      ) : null}
      {proposeHref ? (
        <p class="govuk-body">
          <a class="govuk-link" href={proposeHref}>
            Propose a new version
          </a>
        </p>
      ) : null}
      <h2 class="govuk-heading-l">Parties and their agreement</h2>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">
          {agreedCurrent(protocol).length} of {state.parties.length} parties have agreed version {state.version}
        </caption>
        <TableHead columns={['Party', `Agreed version ${state.version}?`, 'Earlier agreements']} />
        <tbody class="govuk-table__body">
          {state.parties.map((party) => {
            const current = state.agreements.find((agreement) => agreement.organisationId === party && agreement.version === state.version);
            const earlier = state.agreements.filter(
              (agreement) => agreement.organisationId === party && agreement.version !== state.version,
            );
            return (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  <a class="govuk-link" href={`${base}/bodies/${party}`}>
                    {nameOf(party)}
                  </a>
                </th>
                <td class="govuk-table__cell">
                  {current ? `Yes, on ${formatDate(current.agreedAt)}` : <Tag colour="yellow">Not yet agreed</Tag>}
                </td>
                <td class="govuk-table__cell">
                  {earlier.length === 0
                    ? 'None'
                    : earlier.map((agreement) => `Version ${agreement.version} on ${formatDate(agreement.agreedAt)}`).join('; ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2 class="govuk-heading-l">Versions</h2>
      {proposals.length === 0 ? <p class="govuk-body">The versions of this protocol are not available.</p> : null}
      {[...proposals].reverse().map((event) => {
        const data = event.detail.data as Record<string, unknown>;
        const index = proposals.indexOf(event);
        const previous = proposals[index - 1];
        const changes = fieldChanges(previous ? documentFields(previous.detail.data) : undefined, documentFields(data));
        return (
          <section aria-labelledby={`document-version-${String(data.version)}`}>
            <h3 class="govuk-heading-m" id={`document-version-${String(data.version)}`}>
              Version {String(data.version)}
            </h3>
            <p class="govuk-body">
              Proposed on {formatDateTime(event.detail.occurredAt)} by {actorName(event, nameOf, audience)}.
            </p>
            <DiffTable
              caption={
                previous
                  ? `What changed from version ${String((previous.detail.data as Record<string, unknown>).version)}`
                  : `Version ${String(data.version)} as first proposed`
              }
              changes={changes}
              nameOf={nameOf}
              first={!previous}
            />
          </section>
        );
      })}
      <p class="govuk-body">
        <a class="govuk-link" href={historyPath(content.areaId, 'protocol', null, protocol.id)}>
          Full history of this protocol, with every agreement
        </a>
      </p>
    </>
  );
};
