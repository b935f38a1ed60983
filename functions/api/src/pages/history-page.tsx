/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { type Audience, describeActor } from '@partnership-hub/domain';
import type { HubEvent } from '@partnership-hub/events';
import type { Child, FC } from 'hono/jsx';
import { ChangeWords } from './change-words.tsx';
import { BackLink, PartnersOnlyTag, TableHead } from './components.tsx';
import { formatDate, PLAN_KIND_NAMES, quarterName, themeName } from './format.ts';
import { type FieldChange, fieldName, historyEntries, listChanges } from './history-diff.ts';

export type HistorySubject = 'priority' | 'work-programme-item' | 'protocol' | 'plan' | 'meeting';
export const HISTORY_SUBJECTS: HistorySubject[] = ['priority', 'work-programme-item', 'protocol', 'plan', 'meeting'];

export function historyPath(areaId: string, subjectType: HistorySubject, organisationId: string | null, id: string): string {
  return `/areas/${areaId}/history/${subjectType}/${organisationId ?? '-'}/${encodeURIComponent(id)}`;
}

const VERBS: Record<string, string> = {
  PlanPublished: 'Published',
  PlanRevised: 'Revised',
  PlanWithdrawn: 'Withdrawn',
  PriorityPublished: 'Published',
  PriorityRevised: 'Revised',
  PriorityWithdrawn: 'Withdrawn',
  WorkProgrammeItemScheduled: 'Scheduled',
  WorkProgrammeItemRevised: 'Revised',
  WorkProgrammeItemWithdrawn: 'Withdrawn',
  ProtocolVersionProposed: 'New version proposed',
  ProtocolAgreed: 'Agreed',
  MeetingScheduled: 'Scheduled',
  MeetingRevised: 'Revised',
  MeetingCancelled: 'Cancelled',
  MeetingWithdrawn: 'Withdrawn',
};

export type NameOf = (organisationId: string) => string;

/** Who made a change, in words: a person's name only for the area's partners, the body and role for everyone else. */
export function actorName(event: HubEvent, nameOf: NameOf, audience: Audience): string {
  return describeActor(event.detail.actor, audience, nameOf);
}

function describeEvent(event: HubEvent, nameOf: NameOf): string {
  const data = event.detail.data as Record<string, unknown>;
  if (event.detailType === 'ProtocolAgreed' && typeof data.agreedBy === 'string') return `Agreed by ${nameOf(data.agreedBy)}`;
  if (event.detailType === 'ProtocolVersionProposed') return `Version ${String(data.version)} of the document proposed`;
  return VERBS[event.detailType] ?? event.detailType;
}

/** One value of a field, readable: theme and body names instead of slugs, dates in words. */
function FieldValue({ field, value, nameOf }: { field: string; value: unknown; nameOf: NameOf }): Child {
  if (value === undefined || value === null || value === '') return <span class="govuk-hint govuk-!-margin-0">Not set</span>;
  return formatValue(field, value, nameOf);
}

function formatValue(field: string, value: unknown, nameOf: NameOf): string {
  if (typeof value === 'string') {
    if (field === 'themes') return themeName(value);
    if (field === 'parties' || field === 'proposedBy') return nameOf(value);
    if (field === 'visibility') return value === 'partners' ? 'Partners only' : 'Everyone (public)';
    if (field === 'date' || field === 'reviewDate' || field === 'startDate' || field === 'endDate') return formatDate(value);
    if (field === 'quarter') return quarterName(value);
    if (field === 'kind' && value in PLAN_KIND_NAMES) return PLAN_KIND_NAMES[value as keyof typeof PLAN_KIND_NAMES];
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((entry) => formatValue(field, entry, nameOf)).join('; ');
  const record = value as Record<string, unknown>;
  if (typeof record.agreedAt === 'string' && typeof record.organisationId === 'string') {
    return `${nameOf(record.organisationId)} agreed version ${String(record.version)} on ${formatDate(record.agreedAt)}`;
  }
  if (typeof record.organisationId === 'string' && typeof record.priorityId === 'string')
    return `${record.priorityId} (${nameOf(record.organisationId)})`;
  // A meeting's agenda item (as its reader may see it: a restricted one is "Restricted item" to the public), or a paper.
  if (typeof record.number === 'string' && typeof record.title === 'string')
    return `${record.number}. ${record.title}${record.restricted ? ' (restricted)' : ''}`;
  if (typeof record.title === 'string' && typeof record.url === 'string') return `${record.title} (${record.url})`;
  if (record.system === 'moderngov') return `ModernGov committee ${String(record.committeeId)}, meeting ${String(record.meetingId)}`;
  return JSON.stringify(value);
}

/** A list field before or after: the entries that went or came are marked in words as well as struck through or highlighted. */
const ListValue: FC<{ field: string; values: unknown[]; marked: unknown[]; mark: 'added' | 'removed'; nameOf: NameOf }> = ({
  field,
  values,
  marked,
  mark,
  nameOf,
}) => {
  if (values.length === 0) return <span class="govuk-hint govuk-!-margin-0">None</span>;
  const markedText = new Set(marked.map((value) => JSON.stringify(value)));
  return (
    <ul class="govuk-list hub-diff">
      {values.map((value) => {
        const text = formatValue(field, value, nameOf);
        if (!markedText.has(JSON.stringify(value))) return <li>{text}</li>;
        return <li>{mark === 'added' ? <ins>{text} (added)</ins> : <del>{text} (removed)</del>}</li>;
      })}
    </ul>
  );
};

/** The field-by-field difference between two versions, before and after. */
export const DiffTable: FC<{ caption: string; changes: FieldChange[]; nameOf: NameOf; first: boolean }> = ({
  caption,
  changes,
  nameOf,
  first,
}) => {
  if (changes.length === 0) return <p class="govuk-body">No field changed.</p>;
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <TableHead columns={['Field', first ? null : 'Before', first ? 'Value' : 'After']} />
      <tbody class="govuk-table__body">
        {changes.map((change) => {
          const lists = listChanges(change.before, change.after);
          return (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                {fieldName(change.field)}
              </th>
              {first ? null : (
                <td class="govuk-table__cell">
                  {lists ? (
                    <ListValue
                      field={change.field}
                      values={(change.before as unknown[] | undefined) ?? []}
                      marked={lists.removed}
                      mark="removed"
                      nameOf={nameOf}
                    />
                  ) : (
                    <FieldValue field={change.field} value={change.before} nameOf={nameOf} />
                  )}
                </td>
              )}
              <td class="govuk-table__cell">
                {Array.isArray(change.after) ? (
                  <ListValue
                    field={change.field}
                    values={change.after}
                    marked={first ? [] : (lists?.added ?? [])}
                    mark="added"
                    nameOf={nameOf}
                  />
                ) : (
                  <FieldValue field={change.field} value={change.after} nameOf={nameOf} />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};

export interface HistoryProps {
  areaId: string;
  subjectType: HistorySubject;
  title: string;
  ownerName: string | undefined;
  backHref: string;
  /** The events this reader may see, oldest first. */
  events: HubEvent[];
  nameOf: NameOf;
  /** Who reads: partners see who made each change by name, the public only the body and role. */
  audience: Audience;
}

const SUBJECT_NAMES: Record<HistorySubject, string> = {
  priority: 'Priority',
  'work-programme-item': 'Work programme item',
  protocol: 'Protocol',
  plan: 'Plan',
  meeting: 'Meeting',
};

/**
 * Who changed what and when, newest first, each change with the difference from the version before
 * it that this reader could see; a revision that changed nothing they can see is not listed.
 */
export const HistoryPage: FC<HistoryProps> = ({ subjectType, title, ownerName, backHref, events, nameOf, audience }) => {
  const entries = historyEntries(events);
  return (
    <>
      <BackLink href={backHref}>Back</BackLink>
      <span class="govuk-caption-xl">
        {SUBJECT_NAMES[subjectType]}
        {ownerName ? ` of ${ownerName}` : ''}
      </span>
      <h1 class="govuk-heading-xl">History of “{title}”</h1>
      <p class="govuk-body">
        Every change is kept. Newest first; each shows when it happened, where its writer said so, and when the hub recorded it, and what
        changed from the version before it.
      </p>
      {entries.reverse().map(({ event, changes, first }) => (
        <section aria-labelledby={`version-${event.detail.subject.version}`}>
          <h2 class="govuk-heading-m" id={`version-${event.detail.subject.version}`}>
            Version {event.detail.subject.version}: {describeEvent(event, nameOf)}{' '}
            {event.detail.visibility === 'partners' ? <PartnersOnlyTag /> : null}
          </h2>
          <ChangeWords
            verb={describeEvent(event, nameOf)}
            change={event.detail.change}
            recordedAt={event.detail.occurredAt}
            recordedBy={actorName(event, nameOf, audience)}
          />
          <DiffTable
            caption={first ? `What version ${event.detail.subject.version} set` : `What changed in version ${event.detail.subject.version}`}
            changes={changes}
            nameOf={nameOf}
            first={first}
          />
        </section>
      ))}
    </>
  );
};
