/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { RecordOf } from '@partnership-hub/domain';
import type { FC } from 'hono/jsx';
import type { ContentSegment } from '../content-writes.ts';
import type { AreaContent, Organisation } from './area-data.ts';
import { sourceRow } from './change-words.tsx';
import { BackLink, BulletList, ErrorSummary, PartnersOnlyTag, SummaryList, type SummaryRow, TableHead } from './components.tsx';
import {
  type Choice,
  Choices,
  type FormErrors,
  type FormValues,
  fieldId,
  HiddenValues,
  Select,
  TextArea,
  TextInput,
} from './form-fields.tsx';
import { formatDate, KIND_NAMES, periodInWords, statusName, themeName, whenOf, workKindName } from './format.ts';
import { historyPath } from './history-page.tsx';
import { FORM_FIELDS, type FormField, THEME_CHOICES } from './publishing-fields.ts';
import { CSRF_FIELD } from './session.ts';

/** What a kind of content is called on its pages. */
export const SEGMENT_WORDS: Record<
  ContentSegment,
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

export const itemPath = (areaId: string, organisationId: string, segment: ContentSegment, id: string) =>
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

const FieldOf: FC<{ field: FormField; values: FormValues; errors: FormErrors; plans: Choice[] }> = ({ field, values, errors, plans }) => {
  const value = values[field.name];
  const one = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  const common = { name: field.name, label: field.label, error: errors[field.name], ...(field.hint ? { hint: field.hint } : {}) };
  switch (field.type) {
    case 'text':
    case 'date':
    case 'url':
      return <TextInput {...common} value={one} type={field.type} {...(field.type === 'date' ? { width: 10 as const } : {})} />;
    case 'lines':
    case 'paragraphs':
      return <TextArea {...common} value={one} />;
    case 'radios':
      return <Choices {...common} type="radio" choices={field.choices ?? []} chosen={[one]} small />;
    case 'themes':
      return (
        <Choices {...common} type="checkbox" choices={THEME_CHOICES} chosen={Array.isArray(value) ? value : value ? [value] : []} small />
      );
    case 'plan-select':
      return <Select {...common} choices={[{ value: '', label: 'None' }, ...plans]} value={one} />;
  }
};

/**
 * A new item's or an edit's form: GOV.UK's question page with every field of the kind, the error
 * summary ("There is a problem") linking to each field, and its error inline. An edit carries the
 * version it started from, so that a change made meanwhile by someone else is caught.
 */
export const ContentFormPage: FC<{
  segment: ContentSegment;
  content: AreaContent;
  organisation: Organisation;
  action: string;
  csrfToken: string;
  values: FormValues;
  errors: FormErrors;
  /** The body's plans, for the plan a priority is in or the plan a plan supersedes. */
  plans: Choice[];
  editing?: { title: string; version: number; path: string };
}> = ({ segment, content, organisation, action, csrfToken, values, errors, plans, editing }) => {
  const words = SEGMENT_WORDS[segment];
  const fields = FORM_FIELDS[segment];
  const summary = fields
    .filter((field) => errors[field.name])
    .map((field) => ({ href: `#${fieldId(field.name)}`, message: errors[field.name]! }));
  return (
    <>
      <BackLink href={editing ? editing.path : `/areas/${content.areaId}/bodies/${organisation.id}`}>
        Back to {editing ? editing.title : organisation.state.name}
      </BackLink>
      <ErrorSummary errors={summary} />
      <span class="govuk-caption-xl">{organisation.state.name}</span>
      <h1 class="govuk-heading-xl">{editing ? `Edit ${words.theOne}` : words.publish}</h1>
      <form method="post" action={action} novalidate>
        <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
        {editing ? <input type="hidden" name="version" value={String(editing.version)} /> : null}
        {fields.map((field) => (
          <FieldOf field={field} values={values} errors={errors} plans={plans} />
        ))}
        <button type="submit" class="govuk-button" data-module="govuk-button">
          {editing ? 'Save changes' : 'Publish'}
        </button>
      </form>
    </>
  );
};

/** How a field's value reads in the side-by-side comparison of a conflict. */
function shown(field: FormField, value: string | string[] | undefined): string {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return 'Not given';
  if (field.type === 'themes') return (Array.isArray(value) ? value : [value]).map(themeName).join(', ');
  const one = Array.isArray(value) ? value.join(', ') : value;
  return field.choices?.find((choice) => choice.value === one)?.label ?? one;
}

/**
 * Someone else changed the item after this person opened the form: both versions side by side,
 * and the choice. Keeping theirs sends their values again, now against the current version;
 * taking the current one goes back to the item (or its edit form, to start again from it).
 */
export const ConflictPage: FC<{
  segment: ContentSegment;
  action: string;
  csrfToken: string;
  theirs: FormValues;
  current: FormValues | undefined;
  currentVersion: number | undefined;
  path: string;
}> = ({ segment, action, csrfToken, theirs, current, currentVersion, path }) => {
  const words = SEGMENT_WORDS[segment];
  const fields = FORM_FIELDS[segment].filter((field) => !field.name.startsWith('source-') && field.name !== 'effectiveDate');
  return (
    <>
      <h1 class="govuk-heading-xl">Someone else changed this {words.one} while you were editing it</h1>
      {current === undefined || currentVersion === undefined ? (
        <>
          <p class="govuk-body">It has been withdrawn since you opened the form. Your changes have not been saved.</p>
          <p class="govuk-body">
            <a class="govuk-link" href={path.replace(/\/[^/]+$/, '')}>
              Go back
            </a>
          </p>
        </>
      ) : (
        <>
          <p class="govuk-body">Your changes have not been saved yet. Compare the two versions and choose which to keep.</p>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Your changes and the current version</caption>
            <TableHead columns={['Field', 'Your changes', `The current version (version ${currentVersion})`]} />
            <tbody class="govuk-table__body">
              {fields.map((field) => {
                const yours = shown(field, theirs[field.name]);
                const now = shown(field, current[field.name]);
                return (
                  <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                      {field.label.replace(/ \(optional\)$/, '')}
                    </th>
                    <td class="govuk-table__cell">
                      {yours}
                      {yours === now ? null : <strong class="govuk-tag govuk-tag--yellow hub-differs">Differs</strong>}
                    </td>
                    <td class="govuk-table__cell">{now}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <form method="post" action={action} novalidate>
            <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
            <HiddenValues values={{ ...theirs, version: String(currentVersion) }} />
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button" data-module="govuk-button">
                Keep my changes
              </button>
              <a class="govuk-link" href={path}>
                Keep the current version
              </a>
              <a class="govuk-link" href={`${path}/edit`}>
                Edit the current version
              </a>
            </div>
          </form>
        </>
      )}
    </>
  );
};

/** Withdrawing is not undone by a button: GOV.UK's confirmation page first. */
export const WithdrawPage: FC<{ segment: ContentSegment; title: string; path: string; csrfToken: string; version: number }> = ({
  segment,
  title,
  path,
  csrfToken,
  version,
}) => (
  <>
    <BackLink href={path}>Back to {title}</BackLink>
    <h1 class="govuk-heading-xl">Are you sure you want to withdraw “{title}”?</h1>
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        {`The ${SEGMENT_WORDS[segment].one} will no longer be shown on the hub's pages, feeds or joint view. Its history is kept.`}
      </strong>
    </div>
    <form method="post" action={`${path}/withdraw`} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      <input type="hidden" name="version" value={String(version)} />
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
          Withdraw
        </button>
        <a class="govuk-link" href={path}>
          Cancel
        </a>
      </div>
    </form>
  </>
);

/** A refusal in words: changing a body's content is for that body's own people. */
export const NotAllowedPage: FC<{ message: string }> = ({ message }) => (
  <>
    <h1 class="govuk-heading-xl">You cannot do this</h1>
    <p class="govuk-body">{message}</p>
    <p class="govuk-body">
      <a class="govuk-link" href="/">
        Go to the Partnership Hub home page
      </a>
    </p>
  </>
);

/** A priority's or a work programme item's own page: what it is, its history, and for its body's people the links to change it. */
export const ItemPage: FC<{
  content: AreaContent;
  organisation: Organisation;
  item: RecordOf<'priority'> | RecordOf<'work-programme-item'>;
  canChange: boolean;
}> = ({ content, organisation, item, canChange }) => {
  const base = `/areas/${content.areaId}`;
  const segment: ContentSegment = item.subjectType === 'priority' ? 'priorities' : 'work-programme';
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
