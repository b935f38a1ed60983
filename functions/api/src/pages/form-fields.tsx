/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child, FC } from 'hono/jsx';

/**
 * GOV.UK Design System form fields (text input, textarea, radios, checkboxes, select), as
 * govuk-frontend's component fixtures mark them up: a label (or a fieldset and legend), a hint,
 * an inline error message that the field's aria-describedby names, and the error classes. The
 * Nunjucks macros are not usable from hono/jsx, so the markup is written here once.
 */

/** What the person typed or chose, by field name: text as typed, a set of checkboxes as a list. */
export type FormValues = Record<string, string | string[]>;

/** The error of each field, by field name, already in words ("Enter a title"). */
export type FormErrors = Record<string, string>;

export const fieldId = (name: string) => `field-${name}`;

interface FieldProps {
  name: string;
  /** What the field's ids are made from, where two fields of a page share a name (two forms' `text`): the name by default. */
  id?: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

const describedBy = (name: string, hint: string | undefined, error: string | undefined) =>
  [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ') || undefined;

const Hint: FC<{ name: string; hint?: string | undefined }> = ({ name, hint }) =>
  hint ? (
    <div id={`${fieldId(name)}-hint`} class="govuk-hint">
      {hint}
    </div>
  ) : null;

const ErrorMessage: FC<{ name: string; error?: string | undefined }> = ({ name, error }) =>
  error ? (
    <p id={`${fieldId(name)}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {error}
    </p>
  ) : null;

const Group: FC<{ error?: string | undefined; children: Child }> = ({ error, children }) => (
  <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>{children}</div>
);

/** A single field's label, hint and error message, in the order the GOV.UK Design System gives them. */
const FieldLabel: FC<FieldProps> = ({ name, label, hint, error }) => (
  <>
    <label class="govuk-label govuk-label--s" for={fieldId(name)}>
      {label}
    </label>
    <Hint name={name} hint={hint} />
    <ErrorMessage name={name} error={error} />
  </>
);

export const TextInput: FC<
  FieldProps & { value: string; type?: 'text' | 'date' | 'url' | 'email'; width?: 10 | 20 | 30; autocomplete?: string }
> = ({ name, label, hint, error, value, type = 'text', width, autocomplete }) => (
  <Group error={error}>
    <FieldLabel name={name} label={label} hint={hint} error={error} />
    <input
      class={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
      id={fieldId(name)}
      name={name}
      type={type}
      value={value}
      spellcheck={type === 'text' ? undefined : false}
      autocomplete={autocomplete}
      aria-describedby={describedBy(name, hint, error)}
    />
  </Group>
);

export const TextArea: FC<FieldProps & { value: string; rows?: number }> = ({ name, id = name, label, hint, error, value, rows = 5 }) => (
  <Group error={error}>
    <FieldLabel name={id} label={label} hint={hint} error={error} />
    <textarea
      class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
      id={fieldId(id)}
      name={name}
      rows={rows}
      aria-describedby={describedBy(id, hint, error)}
    >
      {value}
    </textarea>
  </Group>
);

export interface Choice {
  value: string;
  label: string;
  /** What choosing it means, under its label (GOV.UK's radio and checkbox item hints). */
  hint?: string;
}

/**
 * Radios or checkboxes in a fieldset. The first option's input takes the field's id, so the
 * error summary's link lands on it (as govuk-frontend does).
 */
export const Choices: FC<FieldProps & { type: 'radio' | 'checkbox'; choices: Choice[]; chosen: string[]; small?: boolean }> = ({
  name,
  label,
  hint,
  error,
  type,
  choices,
  chosen,
  small,
}) => {
  const block = type === 'radio' ? 'govuk-radios' : 'govuk-checkboxes';
  return (
    <Group error={error}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        <div class={`${block}${small ? ` ${block}--small` : ''}`} data-module={block}>
          {choices.map((choice, index) => {
            const id = index === 0 ? fieldId(name) : `${fieldId(name)}-${index + 1}`;
            return (
              <div class={`${block}__item`}>
                <input
                  class={`${block}__input`}
                  id={id}
                  name={name}
                  type={type}
                  value={choice.value}
                  checked={chosen.includes(choice.value)}
                  aria-describedby={choice.hint ? `${id}-item-hint` : undefined}
                />
                <label class={`govuk-label ${block}__label`} for={id}>
                  {choice.label}
                </label>
                {choice.hint ? (
                  <div id={`${id}-item-hint`} class={`govuk-hint ${block}__hint`}>
                    {choice.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </Group>
  );
};

export const Select: FC<FieldProps & { choices: Choice[]; value: string }> = ({ name, label, hint, error, choices, value }) => (
  <Group error={error}>
    <FieldLabel name={name} label={label} hint={hint} error={error} />
    <select
      class={`govuk-select${error ? ' govuk-select--error' : ''}`}
      id={fieldId(name)}
      name={name}
      aria-describedby={describedBy(name, hint, error)}
    >
      {choices.map((choice) => (
        <option value={choice.value} selected={choice.value === value}>
          {choice.label}
        </option>
      ))}
    </select>
  </Group>
);

/** Every value of a form again, as hidden fields: for a page that asks a question about what was sent (a conflict) before sending it on. */
export const HiddenValues: FC<{ values: FormValues }> = ({ values }) => (
  <>
    {Object.entries(values).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((one) => <input type="hidden" name={name} value={one} />),
    )}
  </>
);
