/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { JointView } from '@partnership-hub/domain';
import { childrenOf, parentOf, type ThemeSlug, themeWithDescendants } from '@partnership-hub/events';
import type { FC } from 'hono/jsx';
import type { AreaContent } from './area-data.ts';
import { AsAtForm } from './as-at.tsx';
import { WorkTable } from './body-page.tsx';
import { BackLink, PartnersOnlyTag, TableHead, Tag } from './components.tsx';
import { formatDate, inWords, missingInWords, partlyInWords, quarterName, sortKeyOf, statusName, themeInSentence } from './format.ts';
import { byMeetingTime, meetingPath } from './meetings.tsx';

/**
 * Everything on one theme across the area: who holds a priority on it, who has work planned, gaps
 * and overlaps. A theme with themes within it (violence against women and girls holds domestic
 * abuse) lists their priorities and work too, as its feeds do, saying which theme each is on.
 */
export const ThemePage: FC<{
  content: AreaContent;
  theme: { slug: string; name: string };
  view: JointView;
  /** The date asked for with "As at" (empty for today), and why it could not be used, if it could not. */
  asOf?: string;
  asOfError?: string | undefined;
}> = ({ content, theme, view, asOf = '', asOfError }) => {
  const base = `/areas/${content.areaId}`;
  const slug = theme.slug as ThemeSlug;
  const family = new Set<string>(themeWithDescendants(slug));
  const onTheme = (themes: readonly string[]) => themes.some((candidate) => family.has(candidate));
  /** For an item on a theme within this one only: which, in words ("through domestic abuse"). */
  const through = (themes: readonly string[]) =>
    themes.includes(slug) ? '' : `through ${inWords(themes.filter((candidate) => family.has(candidate)).map(themeInSentence))}`;
  const parent = parentOf(slug);
  const children = childrenOf(slug);
  const nameOf = new Map(content.organisations.map((organisation) => [organisation.id, organisation.state.name]));
  const order = new Map(content.organisations.map((organisation, index) => [organisation.id, index]));
  const priorities = content.priorities
    .filter((priority) => onTheme(priority.state.themes) && nameOf.has(priority.organisationId))
    .sort((a, b) => order.get(a.organisationId)! - order.get(b.organisationId)! || a.state.title.localeCompare(b.state.title));
  const work = content.work
    .filter((item) => onTheme(item.state.themes) && nameOf.has(item.organisationId))
    .sort((a, b) => sortKeyOf(a.state).localeCompare(sortKeyOf(b.state)));
  const row = view.themes.find((candidate) => candidate.theme === theme.slug);
  const gap = view.gaps.find((candidate) => candidate.theme === theme.slug);
  const overlaps = view.overlaps.filter((candidate) => candidate.theme === theme.slug);
  const names = (ids: string[]) => inWords(ids.map((id) => nameOf.get(id) ?? id));
  // What the joint view (as at its date) says is not in force: past, or not yet begun (which it leaves out).
  const inForce = new Set(
    (row?.organisations ?? []).flatMap((entry) =>
      entry.priorities.filter((priority) => priority.current !== false).map((priority) => `${entry.organisationId}/${priority.id}`),
    ),
  );
  const bodies = new Set([...priorities, ...work].map((record) => record.organisationId));
  // Agenda items on the theme: a note of when a body takes it to a meeting, not coverage. The
  // public's records have no themes on restricted items (see publicAgenda), so none shows here.
  const agenda = content.meetings
    .filter((meeting) => nameOf.has(meeting.organisationId) && meeting.state.status !== 'cancelled')
    .sort(byMeetingTime)
    .flatMap((meeting) => meeting.state.agenda.filter((item) => onTheme(item.themes ?? [])).map((item) => ({ meeting, item })));

  return (
    <>
      <span class="govuk-caption-xl">Theme{view.asOf ? `: as at ${formatDate(view.asOf)}` : ''}</span>
      <h1 class="govuk-heading-xl">
        {theme.name}
        {asOf ? ` as at ${formatDate(asOf)}` : ''}
      </h1>
      <AsAtForm action={`${base}/themes/${theme.slug}`} value={asOf} error={asOfError} />
      <p class="govuk-body">
        <a class="govuk-link" href={`${base}/alerts?theme=${theme.slug}`}>
          Get email alerts
        </a>{' '}
        about {themeInSentence(theme.slug)}
      </p>
      {parent ? (
        <p class="govuk-body">
          Part of{' '}
          <a class="govuk-link" href={`${base}/themes/${parent}`}>
            {themeInSentence(parent)}
          </a>
          : work on {theme.name.toLowerCase()} covers that theme only partly.
        </p>
      ) : null}
      {children.length > 0 ? (
        <p class="govuk-body">
          Takes in{' '}
          {children.map((child, index) => (
            <>
              {index === 0 ? '' : index === children.length - 1 ? ' and ' : ', '}
              <a class="govuk-link" href={`${base}/themes/${child}`}>
                {themeInSentence(child)}
              </a>
            </>
          ))}
          : the priorities and work on them are listed here too, and this theme's feeds and subscriptions carry them.
        </p>
      ) : null}
      <p class="govuk-body-l">
        {bodies.size === 0
          ? `No body in ${content.areaName} has shared anything on ${theme.name.toLowerCase()}.`
          : `${names([...bodies])} ${bodies.size === 1 ? 'has' : 'have'} shared priorities or work on it.`}
      </p>
      {row?.inPoliceAndCrimePlan ? (
        <p class="govuk-body">
          <Tag colour="blue">Police and Crime Plan</Tag> This theme is among the Police and Crime Commissioner's current priorities.
        </p>
      ) : null}
      {gap ? (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            Gap:{' '}
            {gap.missingFrom.length > 0 && gap.missing
              ? `${missingInWords(gap.missing, names, view.asOf)}.`
              : gap.missingFrom.length > 0
                ? `${names(gap.missingFrom)} ${gap.missingFrom.length === 1 ? 'has' : 'have'} no current priority or planned work on this theme of the Police and Crime Plan.`
                : 'not every Community Safety Partnership covers this theme of the Police and Crime Plan in full.'}
            {gap.partly.length > 0 ? ` ${partlyInWords(gap.partly, (id) => nameOf.get(id) ?? id)}.` : ''}
          </strong>
        </div>
      ) : null}
      {overlaps.map((overlap) => (
        <div class="govuk-inset-text">
          <strong>Overlap in {quarterName(overlap.quarter)}:</strong>{' '}
          {inWords(overlap.items.map((item) => `${nameOf.get(item.organisationId) ?? item.organisationId} (“${item.title}”)`))} all plan
          scrutiny of this theme.
        </div>
      ))}

      <h2 class="govuk-heading-l">Priorities on {theme.name.toLowerCase()}</h2>
      {priorities.length === 0 ? (
        <p class="govuk-body">None shared.</p>
      ) : (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Priorities on {theme.name.toLowerCase()}, by body</caption>
          <TableHead columns={['Body', 'Priority', 'Lead', 'Status']} />
          <tbody class="govuk-table__body">
            {priorities.map((priority) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{nameOf.get(priority.organisationId)}</td>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`${base}/bodies/${priority.organisationId}#priority-${priority.id}`}>
                    {priority.state.title}
                  </a>{' '}
                  {priority.state.visibility === 'partners' ? <PartnersOnlyTag /> : null}
                  {through(priority.state.themes) ? <span class="hub-kind">{capitalise(through(priority.state.themes))}</span> : null}
                </td>
                <td class="govuk-table__cell">{priority.state.lead ?? 'Not given'}</td>
                <td class="govuk-table__cell">
                  {statusName(priority.state.status)}
                  {inForce.has(`${priority.organisationId}/${priority.id}`)
                    ? null
                    : asOf && view.asOf
                      ? `, not in force on ${formatDate(view.asOf)}`
                      : ', not in force today'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 class="govuk-heading-l">Work on {theme.name.toLowerCase()}</h2>
      {work.length === 0 ? (
        <p class="govuk-body">None planned.</p>
      ) : (
        <WorkTable
          caption={`Work programme items on ${theme.name.toLowerCase()}, earliest first`}
          items={work}
          areaId={content.areaId}
          nameOf={nameOf}
        />
      )}

      <h2 class="govuk-heading-l">On meetings' agendas</h2>
      {agenda.length === 0 ? (
        <p class="govuk-body">No meeting's agenda shared here names this theme.</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {agenda.map(({ meeting, item }) => (
            <li>
              “{item.title}” is on the agenda of{' '}
              <a class="govuk-link" href={meetingPath(content.areaId, meeting.organisationId, meeting.id)}>
                {nameOf.get(meeting.organisationId)} on {formatDate(meeting.state.date)}
              </a>{' '}
              (item {item.number}){through(item.themes ?? []) ? `, ${through(item.themes ?? [])}` : ''}.
            </li>
          ))}
        </ul>
      )}
      <BackLink href={base}>Back to the joint priorities</BackLink>
    </>
  );
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
