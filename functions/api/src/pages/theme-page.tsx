/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { JointView } from '@partnership-hub/domain';
import type { FC } from 'hono/jsx';
import type { AreaContent } from './area-data.ts';
import { WorkTable } from './body-page.tsx';
import { BackLink, PartnersOnlyTag, TableHead, Tag } from './components.tsx';
import { inWords, quarterName, sortKeyOf, statusName } from './format.ts';

/** Everything on one theme across the area: who holds a priority on it, who has work planned, gaps and overlaps. */
export const ThemePage: FC<{ content: AreaContent; theme: { slug: string; name: string }; view: JointView }> = ({
  content,
  theme,
  view,
}) => {
  const base = `/areas/${content.areaId}`;
  const nameOf = new Map(content.organisations.map((organisation) => [organisation.id, organisation.state.name]));
  const order = new Map(content.organisations.map((organisation, index) => [organisation.id, index]));
  const priorities = content.priorities
    .filter((priority) => priority.state.themes.includes(theme.slug as never) && nameOf.has(priority.organisationId))
    .sort((a, b) => order.get(a.organisationId)! - order.get(b.organisationId)! || a.state.title.localeCompare(b.state.title));
  const work = content.work
    .filter((item) => item.state.themes.includes(theme.slug as never) && nameOf.has(item.organisationId))
    .sort((a, b) => sortKeyOf(a.state).localeCompare(sortKeyOf(b.state)));
  const row = view.themes.find((candidate) => candidate.theme === theme.slug);
  const gap = view.gaps.find((candidate) => candidate.theme === theme.slug);
  const overlaps = view.overlaps.filter((candidate) => candidate.theme === theme.slug);
  const names = (ids: string[]) => inWords(ids.map((id) => nameOf.get(id) ?? id));
  // What the joint view (as at today) says is not in force: past, or not yet begun (which it leaves out).
  const inForce = new Set(
    (row?.organisations ?? []).flatMap((entry) =>
      entry.priorities.filter((priority) => priority.current !== false).map((priority) => `${entry.organisationId}/${priority.id}`),
    ),
  );
  const bodies = new Set([...priorities, ...work].map((record) => record.organisationId));

  return (
    <>
      <span class="govuk-caption-xl">Theme</span>
      <h1 class="govuk-heading-xl">{theme.name}</h1>
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
            Gap: {names(gap.missingFrom)} {gap.missingFrom.length === 1 ? 'has' : 'have'} no current priority or planned work on this theme
            of the Police and Crime Plan.
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
                </td>
                <td class="govuk-table__cell">{priority.state.lead ?? 'Not given'}</td>
                <td class="govuk-table__cell">
                  {statusName(priority.state.status)}
                  {inForce.has(`${priority.organisationId}/${priority.id}`) ? null : ', not in force today'}
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
      <BackLink href={base}>Back to the joint priorities</BackLink>
    </>
  );
};
