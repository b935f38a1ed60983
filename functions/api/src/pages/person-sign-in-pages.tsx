/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { FC } from 'hono/jsx';
import { CSRF_FIELD } from './session.ts';

/** The same answer whether or not the address belongs to a member: the page never tells who is on the hub. */
export const CheckYourEmailPage: FC<{ email: string }> = ({ email }) => (
  <>
    <h1 class="govuk-heading-xl">Check your email</h1>
    <p class="govuk-body">
      If {email} belongs to a member of a body on this hub, we have sent it a link to sign in. The link works once, for 15 minutes.
    </p>
    <p class="govuk-body">
      Nothing there? Check your junk folder, or{' '}
      <a class="govuk-link" href="/sign-in">
        try again
      </a>
      . Ask your body's lead to add you if you are not a member yet.
    </p>
  </>
);

/** A provider's answer the hub could not sign someone in with: what went wrong, in words, and the way back. */
export const SignInRefusedPage: FC<{ message: string }> = ({ message }) => (
  <>
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            <li>
              <a href="/sign-in">{message}</a>
            </li>
          </ul>
        </div>
      </div>
    </div>
    <h1 class="govuk-heading-xl">You could not be signed in</h1>
    <p class="govuk-body">{message}</p>
    <p class="govuk-body">
      <a class="govuk-link" href="/sign-in">
        Go back to the sign-in page
      </a>
    </p>
  </>
);

/**
 * The link from the email lands here and signs in only when the person presses the button: mail
 * scanners that open links must not use up (or use) a single-use link.
 */
export const ConfirmSignInPage: FC<{ csrfToken: string; token: string }> = ({ csrfToken, token }) => (
  <>
    <h1 class="govuk-heading-xl">Sign in to Partnership Hub</h1>
    <form method="post" action="/sign-in/link" novalidate>
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" class="govuk-button" data-module="govuk-button">
        Sign in
      </button>
    </form>
  </>
);

export interface BodyChoice {
  areaId: string;
  organisationId: string;
  label: string;
}

/**
 * A radio's id for one body: from its area and its id both, since one person may be a member of
 * bodies with the same id in two areas. Both are slugs (letters, digits, hyphens); "_" joins them,
 * as no slug holds one, and anything else is replaced so the id stays a valid fragment.
 */
const choiceId = (choice: BodyChoice) => `act-for-${choice.areaId}_${choice.organisationId}`.replace(/[^A-Za-z0-9_-]/g, '-');

/** A person in several bodies chooses which one they act for; everything they change is recorded as that body's. */
export const ActForPage: FC<{ csrfToken: string; choices: BodyChoice[]; current: string | undefined; error?: string }> = ({
  csrfToken,
  choices,
  current,
  error,
}) => (
  <>
    {error ? (
      <div class="govuk-error-summary" data-module="govuk-error-summary">
        <div role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              <li>
                <a href={`#${choices[0] ? choiceId(choices[0]) : 'act-for'}`}>{error}</a>
              </li>
            </ul>
          </div>
        </div>
      </div>
    ) : null}
    <form method="post" action="/sign-in/act-for" novalidate>
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--xl">
            <h1 class="govuk-fieldset__heading">Which body are you acting for?</h1>
          </legend>
          <div class="govuk-radios" data-module="govuk-radios">
            {choices.map((choice) => {
              const value = `${choice.areaId}/${choice.organisationId}`;
              return (
                <div class="govuk-radios__item">
                  <input
                    class="govuk-radios__input"
                    id={choiceId(choice)}
                    name="body"
                    type="radio"
                    value={value}
                    checked={value === current}
                  />
                  <label class="govuk-label govuk-radios__label" for={choiceId(choice)}>
                    {choice.label}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
      <button type="submit" class="govuk-button" data-module="govuk-button">
        Continue
      </button>
    </form>
    <h2 class="govuk-heading-m">Signed in on another computer?</h2>
    <form method="post" action="/sign-out" novalidate>
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      <input type="hidden" name="everywhere" value="yes" />
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        Sign out everywhere
      </button>
    </form>
  </>
);
