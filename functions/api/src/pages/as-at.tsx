/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { FC } from 'hono/jsx';
import { ErrorSummary } from './components.tsx';

/** The "As at" date control: one native date input, sent with the filters by the form's GET, so it works without JavaScript. */
export const AsAtInput: FC<{ value: string; error: string | undefined }> = ({ value, error }) => (
  <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
    <label class="govuk-label" for="asOf">
      As at
    </label>
    <div id="asOf-hint" class="govuk-hint">
      The date to see what was in force on; leave blank for today
    </div>
    {error ? (
      <p id="asOf-error" class="govuk-error-message">
        <span class="govuk-visually-hidden">Error:</span> {error}
      </p>
    ) : null}
    <input
      class={`govuk-input govuk-input--width-10${error ? ' govuk-input--error' : ''}`}
      type="date"
      id="asOf"
      name="asOf"
      value={value}
      aria-describedby={error ? 'asOf-hint asOf-error' : 'asOf-hint'}
    />
  </div>
);

/**
 * The "As at" control on its own: a GET form with the date and a labelled button, for pages
 * without other filters. With JavaScript off the browser sends `?asOf=YYYY-MM-DD` itself.
 */
export const AsAtForm: FC<{ action: string; value: string; error: string | undefined }> = ({ action, value, error }) => (
  <>
    <ErrorSummary errors={error ? [{ href: '#asOf', message: error }] : []} />
    <form method="get" action={action} class="hub-filters" aria-label="See the view as at a date">
      <AsAtInput value={value} error={error} />
      <div>
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show as at this date
        </button>
      </div>
    </form>
  </>
);
