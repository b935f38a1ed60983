/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { FC } from 'hono/jsx';
import type { FormSegment } from '../content-writes.ts';
import type { AreaContent, Organisation } from './area-data.ts';
import { BackLink, ErrorSummary, TableHead } from './components.tsx';
import { SEGMENT_WORDS } from './content-item.tsx';
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
import { themeName } from './format.ts';
import { FORM_FIELDS, type FormField, THEME_CHOICES } from './publishing-fields.ts';
import { CSRF_FIELD } from './session.ts';

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
  segment: FormSegment;
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
  segment: FormSegment;
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
export const WithdrawPage: FC<{ segment: FormSegment; title: string; path: string; csrfToken: string; version: number }> = ({
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
