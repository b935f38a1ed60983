/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import type { FC } from 'hono/jsx';
import { BackLink, ErrorSummary } from './components.tsx';
import { Choices, type FormErrors, type FormValues, fieldId, TextInput } from './form-fields.tsx';
import { CSRF_FIELD } from './session.ts';
import { MODE_CHOICES } from './subscription-pages.tsx';

/**
 * "Get email alerts" on the area, body and theme pages: an email address and how often. What
 * the alerts are about is fixed by the page the person came from (`about`, kept in hidden
 * fields), so the form asks only what only they can answer.
 */
export interface AlertsAbout {
  /** The page the link was on, to go back to. */
  back: { href: string; name: string };
  /** "changes by Safer Rotherham Partnership in South Yorkshire" */
  topic: string;
  /** The hidden fields that say so again when the form is sent. */
  hidden: Record<string, string>;
}

export const AlertFormPage: FC<{
  action: string;
  about: AlertsAbout;
  csrfToken: string | undefined;
  values: FormValues;
  errors: FormErrors;
}> = ({ action, about, csrfToken, values, errors }) => {
  const one = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  };
  // `about` is what the alerts are about: its error (a body or theme not in the area) links to the words that say it.
  const summary = ['about', 'email', 'mode']
    .filter((name) => errors[name])
    .map((name) => ({ href: `#${fieldId(name)}`, message: errors[name]! }));
  return (
    <>
      <BackLink href={about.back.href}>Back to {about.back.name}</BackLink>
      <ErrorSummary errors={summary} />
      <h1 class="govuk-heading-xl">Get email alerts</h1>
      <p class="govuk-body" id={fieldId('about')}>
        We will email you about {about.topic}: what changed, who changed it and when, with a link to it.
      </p>
      <form method="post" action={action} novalidate>
        {csrfToken ? <input type="hidden" name={CSRF_FIELD} value={csrfToken} /> : null}
        {Object.entries(about.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <TextInput
          name="email"
          label="Email address"
          hint="We will send you an email to check it is yours before any alerts"
          type="email"
          autocomplete="email"
          value={one('email')}
          error={errors.email}
        />
        <Choices
          name="mode"
          label="How often do you want alerts?"
          type="radio"
          choices={MODE_CHOICES}
          chosen={[one('mode')]}
          error={errors.mode}
        />
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Get email alerts
        </button>
      </form>
    </>
  );
};

/** Double opt-in: nothing is sent but the confirmation email until its link is followed. */
export const CheckYourEmailPage: FC<{ address: string; about: AlertsAbout }> = ({ address, about }) => (
  <>
    <h1 class="govuk-heading-xl">Check your email</h1>
    <p class="govuk-body">
      We have sent an email to <strong>{address}</strong>. Follow the link in it to turn on your alerts about {about.topic}.
    </p>
    <p class="govuk-body">Nothing else will be sent to this address unless the link is followed.</p>
    <p class="govuk-body">
      <a class="govuk-link" href={about.back.href}>
        Back to {about.back.name}
      </a>
    </p>
  </>
);

export const TooManyAlertRequestsPage: FC<{ message: string }> = ({ message }) => (
  <>
    <h1 class="govuk-heading-xl">Sorry, there have been too many requests</h1>
    <p class="govuk-body">{message}</p>
  </>
);
