/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { ImportError, ImportKind } from '@partnership-hub/feeds';
import type { FC } from 'hono/jsx';
import type { ImportOutcome } from '../import-run.ts';
import type { Organisation } from './area-data.ts';
import { BackLink, ErrorSummary, SummaryList, TableHead } from './components.tsx';
import { Choices, type FormErrors, fieldId } from './form-fields.tsx';
import { plural } from './format.ts';
import { fieldChanges } from './history-diff.ts';
import { DiffTable, type NameOf } from './history-page.tsx';
import { CSRF_FIELD } from './session.ts';

/**
 * The upload page's screens: the form (GOV.UK's file upload), the dry run as tables (what will be
 * added, changed and how, left unchanged, refused and why) with "Confirm and publish", and the result.
 */

export const KIND_CHOICES: { value: ImportKind; label: string }[] = [
  { value: 'work-programme', label: 'Work programme items' },
  { value: 'priorities', label: 'Priorities' },
];
const KIND_WORDS: Record<ImportKind, { one: string; many: string }> = {
  'work-programme': { one: 'work programme item', many: 'work programme items' },
  priorities: { one: 'priority', many: 'priorities' },
};

/** What a file's refused row says: its line (and column), the field, and why. */
export interface Refusal {
  line: number;
  column?: number | undefined;
  field: string;
  detail: string;
}
export const refusalsOf = (errors: readonly ImportError[]): Refusal[] =>
  errors.map(({ line, column, field, detail }) => ({ line, column, field, detail }));

export const UploadFormPage: FC<{
  organisation: Organisation;
  base: string;
  csrfToken: string;
  kind: string;
  errors: FormErrors;
  columns: Record<ImportKind, readonly string[]>;
}> = ({ organisation, base, csrfToken, kind, errors, columns }) => {
  const path = `${base}/bodies/${organisation.id}/import`;
  const summary = ['kind', 'file'].filter((name) => errors[name]).map((name) => ({ href: `#${fieldId(name)}`, message: errors[name]! }));
  return (
    <>
      <BackLink href={`${base}/bodies/${organisation.id}`}>Back to {organisation.state.name}</BackLink>
      <ErrorSummary errors={summary} />
      <span class="govuk-caption-xl">{organisation.state.name}</span>
      <h1 class="govuk-heading-xl">Upload a file</h1>
      <p class="govuk-body">
        Publish many priorities or work programme items at once from a CSV or JSON file, as your council’s system or a spreadsheet exports
        it. You will see what the file changes before anything is published.
      </p>
      <h2 class="govuk-heading-m">What the file must hold</h2>
      <p class="govuk-body">A CSV file has a header row naming its columns, in any order; “id” and “title” are required:</p>
      <ul class="govuk-list govuk-list--bullet">
        {KIND_CHOICES.map((choice) => (
          <li>
            {choice.label}: <code>{columns[choice.value].join(', ')}</code> (
            <a class="govuk-link" href={`${path}/${choice.value}.csv`} download>
              download a CSV template for {KIND_WORDS[choice.value].many}
            </a>
            )
          </li>
        ))}
      </ul>
      <p class="govuk-body">
        Lists (themes, outcomes, indicators) are separated by “;”. A JSON file is a list of items, each with its id and the fields the API
        takes. Items are matched by id: an item already published is changed, a new id is added, and items not in the file are left as they
        are. Up to 1 MB and 2,000 rows.
      </p>
      <form method="post" action={path} enctype="multipart/form-data" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
        <Choices name="kind" label="What the file holds" type="radio" choices={KIND_CHOICES} chosen={[kind]} error={errors.kind} small />
        <div class={`govuk-form-group${errors.file ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for={fieldId('file')}>
            Upload a file
          </label>
          <div id={`${fieldId('file')}-hint`} class="govuk-hint">
            A CSV or JSON file, up to 1 MB
          </div>
          {errors.file ? (
            <p id={`${fieldId('file')}-error`} class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {errors.file}
            </p>
          ) : null}
          <input
            class={`govuk-file-upload${errors.file ? ' govuk-file-upload--error' : ''}`}
            id={fieldId('file')}
            name="file"
            type="file"
            accept=".csv,.json,text/csv,application/json"
            aria-describedby={`${fieldId('file')}-hint${errors.file ? ` ${fieldId('file')}-error` : ''}`}
          />
        </div>
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Check the file
        </button>
      </form>
    </>
  );
};

/** What the confirm form carries back: the file itself and the proof that this page showed it. */
export interface Carried {
  kind: ImportKind;
  format: 'csv' | 'json';
  fileName: string;
  content: string;
  outcomes: string;
  expiresAt: string;
  proof: string;
}

export const DryRunPage: FC<{
  organisation: Organisation;
  base: string;
  kind: ImportKind;
  fileName: string;
  outcomes: ImportOutcome[];
  refused: Refusal[];
  nameOf: NameOf;
  csrfToken: string;
  carried?: Carried | undefined;
  /** The dry run was run again at confirmation and came out differently: say so. */
  changedSince?: boolean;
}> = ({ organisation, base, kind, fileName, outcomes, refused, nameOf, csrfToken, carried, changedSince }) => {
  const path = `${base}/bodies/${organisation.id}/import`;
  const words = KIND_WORDS[kind];
  const added = outcomes.filter((outcome) => outcome.outcome === 'created');
  const changed = outcomes.filter((outcome) => outcome.outcome === 'revised');
  const unchanged = outcomes.filter((outcome) => outcome.outcome === 'unchanged');
  const titleOf = (outcome: ImportOutcome) => String((outcome.after ?? outcome.before)?.title ?? outcome.id);
  return (
    <>
      <BackLink href={`${path}?kind=${kind}`}>Upload a different file</BackLink>
      {/* Refused rows make this a refused form, so GOV.UK's error summary leads to them, as on any other. */}
      <ErrorSummary
        errors={
          refused.length > 0
            ? [
                {
                  href: '#refused-rows',
                  message: `${plural(refused.length, 'row')} of the file ${refused.length === 1 ? 'was' : 'were'} refused: correct ${refused.length === 1 ? 'it' : 'them'} and upload the whole file again`,
                },
              ]
            : []
        }
      />
      <span class="govuk-caption-xl">
        {organisation.state.name}: {fileName}
      </span>
      <h1 class="govuk-heading-xl">{refused.length > 0 ? 'The file cannot be published yet' : 'Check what the file will change'}</h1>
      {changedSince ? (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            Someone changed {organisation.state.name}’s {words.many} after you checked the file, so nothing has been published. This is what
            the file would change now.
          </strong>
        </div>
      ) : null}
      <SummaryList
        rows={[
          { key: 'To add', value: plural(added.length, words.one, words.many) },
          { key: 'To change', value: plural(changed.length, words.one, words.many) },
          { key: 'Unchanged', value: plural(unchanged.length, words.one, words.many) },
          { key: 'Refused', value: plural(refused.length, 'row') },
        ]}
      />
      {refused.length > 0 ? (
        <>
          <h2 class="govuk-heading-l">Refused rows</h2>
          <p class="govuk-body">
            Nothing in the file is published until every row is right. Correct these rows and upload the whole file again.
          </p>
          <table class="govuk-table" id="refused-rows">
            <caption class="govuk-table__caption govuk-table__caption--m">{plural(refused.length, 'refused row')}, and why</caption>
            <TableHead columns={['Row', 'Field', 'Why']} />
            <tbody class="govuk-table__body">
              {refused.map((refusal) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">
                    Line {refusal.line}
                    {refusal.column ? `, column ${refusal.column}` : ''}
                  </td>
                  <td class="govuk-table__cell">{refusal.field}</td>
                  <td class="govuk-table__cell">
                    {refusal.field} {refusal.detail}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="govuk-body">
            <a class="govuk-link" href={`${path}?kind=${kind}`}>
              Upload a corrected file
            </a>
          </p>
        </>
      ) : null}
      {added.length > 0 ? (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">
            {plural(added.length, `${words.one} to add`, `${words.many} to add`)}
          </caption>
          <TableHead columns={['Row', 'Id', 'Title']} />
          <tbody class="govuk-table__body">
            {added.map((outcome) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">Line {outcome.line}</td>
                <td class="govuk-table__cell">{outcome.id}</td>
                <td class="govuk-table__cell">{titleOf(outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {changed.length > 0 ? (
        <>
          <h2 class="govuk-heading-l">{plural(changed.length, `${words.one} to change`, `${words.many} to change`)}</h2>
          {changed.map((outcome) => (
            <section aria-labelledby={`change-${outcome.line}`}>
              <h3 class="govuk-heading-s" id={`change-${outcome.line}`}>
                Line {outcome.line}: {titleOf(outcome)} ({outcome.id})
              </h3>
              <DiffTable
                caption={`What changes in ${titleOf(outcome)}`}
                changes={fieldChanges(outcome.before, outcome.after ?? {})}
                nameOf={nameOf}
                first={false}
              />
            </section>
          ))}
        </>
      ) : null}
      {unchanged.length > 0 ? (
        <p class="govuk-body">
          {plural(unchanged.length, words.one, words.many)} in the file {unchanged.length === 1 ? 'is' : 'are'} already published as the
          file has {unchanged.length === 1 ? 'it' : 'them'}, and will be left as {unchanged.length === 1 ? 'it is' : 'they are'}.
        </p>
      ) : null}
      {carried && refused.length === 0 && added.length + changed.length > 0 ? (
        <form method="post" action={`${path}/confirm`} enctype="multipart/form-data" novalidate>
          <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
          {Object.entries(carried).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Confirm and publish
            </button>
            <a class="govuk-link" href={`${base}/bodies/${organisation.id}`}>
              Cancel
            </a>
          </div>
        </form>
      ) : refused.length === 0 ? (
        <p class="govuk-body">
          Nothing in the file changes what {organisation.state.name} has published.{' '}
          <a class="govuk-link" href={`${base}/bodies/${organisation.id}`}>
            Back to {organisation.state.name}
          </a>
        </p>
      ) : null}
    </>
  );
};

/**
 * After "Confirm and publish": what was published; or, when every row was already as the file has
 * it (the button pressed a second time, after the first press published it), that the file is
 * already published, which is no conflict with anyone.
 */
export const UploadResultPage: FC<{
  organisation: Organisation;
  base: string;
  kind: ImportKind;
  outcomes: ImportOutcome[];
  alreadyPublished?: boolean;
}> = ({ organisation, base, kind, outcomes, alreadyPublished }) => {
  const words = KIND_WORDS[kind];
  const count = (outcome: ImportOutcome['outcome']) => outcomes.filter((one) => one.outcome === outcome).length;
  const touched = alreadyPublished ? outcomes : outcomes.filter((outcome) => outcome.outcome !== 'unchanged');
  const bodyPath = `${base}/bodies/${organisation.id}`;
  const one = outcomes.length === 1;
  return (
    <>
      <div class="govuk-panel govuk-panel--confirmation">
        <h1 class="govuk-panel__title">{alreadyPublished ? 'The file is already published' : 'The file has been published'}</h1>
        <div class="govuk-panel__body">
          {alreadyPublished
            ? `${plural(outcomes.length, words.one, words.many)} in the file ${one ? 'is' : 'are'} already published as the file has ${one ? 'it' : 'them'}, so nothing new was recorded`
            : `${plural(count('created'), words.one, words.many)} added, ${count('revised')} changed, ${count('unchanged')} unchanged`}
        </div>
      </div>
      {touched.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">{alreadyPublished ? 'What the file holds' : 'What was published'}</h2>
          <ul class="govuk-list">
            {touched.map((outcome) => (
              <li>
                <a class="govuk-link" href={`${bodyPath}/${kind}/${outcome.id}`}>
                  {String((outcome.after ?? outcome.before)?.title ?? outcome.id)}
                </a>
                {alreadyPublished ? null : ` (${outcome.outcome === 'created' ? 'added' : 'changed'})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="govuk-body">
        <a class="govuk-link" href={bodyPath}>
          Back to {organisation.state.name}
        </a>
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={`${bodyPath}/import`}>
          Upload another file
        </a>
      </p>
    </>
  );
};
