/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import { ErrorSummary, SuccessBanner } from './components.tsx';
import { CSRF_FIELD } from './session.ts';

/** An area as the start page lists it. */
export interface AreaLink {
  areaId: string;
  name: string;
}

/**
 * The front page: what the hub is, and every area it serves as a link, with a search by name (a
 * GET form, so it works without JavaScript and a search can be bookmarked). A signed-in partner is
 * offered their own area first. An area can still be gone to by its identifier.
 */
export const StartPage: FC<{
  areas: AreaLink[];
  /** The search as typed, when there is one: `areas` are then those that match it. */
  search?: string;
  total: number;
  signedInArea?: { id: string; name: string };
  error?: string;
  notice?: string;
}> = ({ areas, search, total, signedInArea, error, notice }) => (
  <>
    {notice ? <SuccessBanner title="Success">{notice}</SuccessBanner> : null}
    <ErrorSummary errors={error ? [{ href: '#area', message: error }] : []} />
    <h1 class="govuk-heading-xl">Partnership Hub</h1>
    <p class="govuk-body-l">
      Where the bodies that keep a police force area safe share their priorities, work programmes and protocols: the Police and Crime
      Commissioner, the Police and Crime Panel, Community Safety Partnerships and councils' crime and disorder scrutiny committees.
    </p>
    {signedInArea ? (
      <p class="govuk-body">
        <a class="govuk-link" href={`/areas/${signedInArea.id}`}>
          Joint priorities in {signedInArea.name}
        </a>
      </p>
    ) : null}
    <h2 class="govuk-heading-l" id="areas">
      Police force areas
    </h2>
    <form method="get" action="/" novalidate>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="search">
          Search the areas by name
        </label>
        <div class="hub-search">
          <input class="govuk-input govuk-input--width-20" id="search" name="search" type="search" value={search ?? ''} />
          <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
            Search
          </button>
        </div>
      </div>
    </form>
    {search ? (
      <p class="govuk-body" role="status">
        {areas.length === 0
          ? `No area’s name has “${search}” in it.`
          : `${areas.length} of the ${total} areas ${areas.length === 1 ? 'has' : 'have'} “${search}” in ${areas.length === 1 ? 'its' : 'their'} name.`}{' '}
        <a class="govuk-link" href="/#areas">
          Show all areas
        </a>
      </p>
    ) : null}
    {total === 0 ? <p class="govuk-body">No areas have been registered on this hub yet.</p> : null}
    {areas.length > 0 ? (
      <ul class="govuk-list govuk-list--spaced">
        {areas.map((area) => (
          <li>
            <a class="govuk-link govuk-!-font-size-24" href={`/areas/${area.areaId}`}>
              {area.name}
            </a>
          </li>
        ))}
      </ul>
    ) : null}
    <details class="govuk-details" open={error ? true : undefined}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Go to a police force area by its identifier</span>
      </summary>
      <div class="govuk-details__text">
        <form method="get" action="/areas" novalidate>
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label" for="area">
              The area's identifier
            </label>
            <div id="area-hint" class="govuk-hint">
              For example south-yorkshire
            </div>
            {error ? (
              <p id="area-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            <input
              class={`govuk-input govuk-input--width-20${error ? ' govuk-input--error' : ''}`}
              id="area"
              name="area"
              type="text"
              spellcheck={false}
              autocomplete="off"
              aria-describedby={error ? 'area-hint area-error' : 'area-hint'}
            />
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
            Go to area
          </button>
        </form>
      </div>
    </details>
  </>
);

export const SignInPage: FC<{
  csrfToken: string | undefined;
  returnTo: string;
  error?: string;
  /** People sign in as themselves with their email address (a hub with people); the key stays for those who use one. */
  emailSignIn?: { error?: string | undefined; email?: string | undefined } | undefined;
}> = ({ csrfToken, returnTo, error, emailSignIn }) => (
  <>
    <ErrorSummary
      errors={[
        ...(emailSignIn?.error ? [{ href: '#email', message: emailSignIn.error }] : []),
        ...(error ? [{ href: '#access-key', message: error }] : []),
      ]}
    />
    <h1 class="govuk-heading-xl">Sign in</h1>
    {csrfToken !== undefined && emailSignIn ? <EmailSignInForm csrfToken={csrfToken} returnTo={returnTo} {...emailSignIn} /> : null}
    {csrfToken !== undefined && emailSignIn ? <h2 class="govuk-heading-m">Sign in with your organisation's access key</h2> : null}
    {csrfToken === undefined ? (
      <p class="govuk-body">
        Signing in is not available on this hub: its administrator has not set a session secret. Everything public can still be seen.
      </p>
    ) : (
      <>
        <p class="govuk-body">
          Members of an area's bodies sign in with their organisation's access key (the API key the hub administrator issued to it) to see
          partners-only items. The key is checked and then forgotten: you stay signed in for 8 hours, or until you sign out.
        </p>
        <form method="post" action="/sign-in" novalidate>
          <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
          <input type="hidden" name="return" value={returnTo} />
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label govuk-label--m" for="access-key">
              Access key
            </label>
            <div id="access-key-hint" class="govuk-hint">
              It starts with phk_. You can paste it.
            </div>
            {error ? (
              <p id="access-key-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            <input
              class={`govuk-input${error ? ' govuk-input--error' : ''}`}
              id="access-key"
              name="accessKey"
              type="password"
              spellcheck={false}
              autocomplete="current-password"
              aria-describedby={error ? 'access-key-hint access-key-error' : 'access-key-hint'}
            />
          </div>
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Sign in
          </button>
        </form>
      </>
    )}
  </>
);

/** A person signs in with their email address: we email them a link (or, later, send them to their council's sign-in). */
const EmailSignInForm: FC<{ csrfToken: string; returnTo: string; error?: string | undefined; email?: string | undefined }> = ({
  csrfToken,
  returnTo,
  error,
  email,
}) => (
  <form method="post" action="/sign-in/email" novalidate>
    <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
    <input type="hidden" name="return" value={returnTo} />
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--m" for="email">
        Email address
      </label>
      <div id="email-hint" class="govuk-hint">
        The address your organisation gave the hub. We will send you to your organisation's sign-in page, or email you a link to sign in.
      </div>
      {error ? (
        <p id="email-error" class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        class={`govuk-input${error ? ' govuk-input--error' : ''}`}
        id="email"
        name="email"
        type="email"
        spellcheck={false}
        autocomplete="email"
        value={email ?? ''}
        aria-describedby={error ? 'email-hint email-error' : 'email-hint'}
      />
    </div>
    <button type="submit" class="govuk-button" data-module="govuk-button">
      Continue
    </button>
  </form>
);

/**
 * Too many sign-in attempts from here: GOV.UK's pattern for a locked-out journey (say what
 * happened, how long to wait, what can still be done), with no form to try again from.
 */
export const TooManySignInAttemptsPage: FC<{ wait: string; returnTo: string; withKey?: boolean }> = ({ wait, returnTo, withKey }) => (
  <>
    <h1 class="govuk-heading-xl">You cannot sign in at the moment</h1>
    {/* Only wrong keys count against the key form; every ask for a link or a provider counts against the email form, so the words differ. */}
    <p class="govuk-body">
      {withKey
        ? 'There have been too many attempts to sign in with an access key that was not recognised.'
        : 'There have been too many attempts to sign in from here.'}
    </p>
    <p class="govuk-body">
      Wait {wait}, then{' '}
      <a class="govuk-link" href={`/sign-in?return=${encodeURIComponent(returnTo)}`}>
        try signing in again
      </a>
      .
    </p>
    <p class="govuk-body">
      Everything public can still be seen without signing in.{' '}
      <a class="govuk-link" href="/">
        Go to the Partnership Hub home page
      </a>
    </p>
  </>
);

export const NotFoundPage: FC<{ message?: string }> = ({ message }) => (
  <>
    <h1 class="govuk-heading-xl">Page not found</h1>
    <p class="govuk-body">
      {message ?? 'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.'}
    </p>
    <p class="govuk-body">
      <a class="govuk-link" href="/">
        Go to the Partnership Hub home page
      </a>
    </p>
  </>
);

export const ProblemPage: FC<{ title: string; message: string }> = ({ title, message }) => (
  <>
    <h1 class="govuk-heading-xl">{title}</h1>
    <p class="govuk-body">{message}</p>
  </>
);
