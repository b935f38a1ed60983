/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { ErrorSummary, SummaryList } from './components.tsx';
import { Choices, fieldId } from './form-fields.tsx';
import { Layout } from './layout.tsx';

/**
 * The pages an email's links open: confirming a subscription, changing or stopping alerts, and unsubscribing. They are
 * answered by the subscription routes (the links point at the API), in the same GOV.UK layout as
 * every other page. Their URLs carry a token, so no referrer leaves them and nothing caches them.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The GOV.UK confirmation panel: the outcome in the heading, what follows underneath. */
const ConfirmationPanel: FC<{ title: string; children: Child }> = ({ title, children }) => (
  <div class="govuk-panel govuk-panel--confirmation">
    <h1 class="govuk-panel__title">{title}</h1>
    <div class="govuk-panel__body">{children}</div>
  </div>
);

/** What a subscription's alerts are about and how often they come, in words: "changes by Safer Rotherham Partnership in South Yorkshire". */
export interface AlertsInWords {
  topic: string;
  mode: 'immediate' | 'daily-digest';
}

export const MODE_CHOICES = [
  { value: 'immediate', label: 'As they happen', hint: 'An email for each change.' },
  { value: 'daily-digest', label: 'Daily digest', hint: 'One email a day listing the day’s changes, on days when something changed.' },
];

const modeInWords = (mode: AlertsInWords['mode']) =>
  mode === 'immediate' ? 'an email as each change happens' : 'one email a day (a daily digest)';

const Confirmed: FC<{ alerts: AlertsInWords }> = ({ alerts }) => (
  <>
    <ConfirmationPanel title="Your email alerts are on">
      You will get {modeInWords(alerts.mode)} about {alerts.topic}.
    </ConfirmationPanel>
    <p class="govuk-body">Every alert has a link to change how often you get them, or to stop them.</p>
  </>
);

/**
 * Changing or stopping alerts from the link in any of their emails (no sign-in: the link's token
 * is the permission). How often is a form of its own; stopping POSTs to the unsubscribe link.
 */
const Manage: FC<{ alerts: AlertsInWords; address: string; action: string; unsubscribe: string; error?: string | undefined }> = ({
  alerts,
  address,
  action,
  unsubscribe,
  error,
}) => (
  <>
    <ErrorSummary errors={error ? [{ href: `#${fieldId('mode')}`, message: error }] : []} />
    <h1 class="govuk-heading-xl">Your email alerts</h1>
    <SummaryList
      rows={[
        { key: 'Email address', value: address },
        { key: 'About', value: capitalise(alerts.topic) },
      ]}
    />
    <form method="post" action={action} novalidate>
      <Choices name="mode" label="How often do you want alerts?" type="radio" choices={MODE_CHOICES} chosen={[alerts.mode]} error={error} />
      <button type="submit" class="govuk-button" data-module="govuk-button">
        Save
      </button>
    </form>
    <h2 class="govuk-heading-l">Stop your alerts</h2>
    <form method="post" action={unsubscribe} novalidate>
      <button type="submit" name="List-Unsubscribe" value="One-Click" class="govuk-button govuk-button--warning" data-module="govuk-button">
        Stop these emails
      </button>
    </form>
  </>
);

const Changed: FC<{ alerts: AlertsInWords }> = ({ alerts }) => (
  <ConfirmationPanel title="Your alerts have been changed">
    You will get {modeInWords(alerts.mode)} about {alerts.topic}.
  </ConfirmationPanel>
);

const capitalise = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;

const AlreadyConfirmed: FC = () => (
  <>
    <h1 class="govuk-heading-xl">Already confirmed</h1>
    <p class="govuk-body">These alerts are already on.</p>
  </>
);

/** A GET changes nothing (mail scanners follow links): the button POSTs, as RFC 8058's one-click unsubscribe does. */
const Unsubscribe: FC<{ action: string }> = ({ action }) => (
  <>
    <h1 class="govuk-heading-xl">Unsubscribe</h1>
    <form method="post" action={action} novalidate>
      <button type="submit" name="List-Unsubscribe" value="One-Click" class="govuk-button govuk-button--warning" data-module="govuk-button">
        Stop these emails
      </button>
    </form>
  </>
);

const Unsubscribed: FC = () => (
  <ConfirmationPanel title="Unsubscribed">You will get no more emails from this subscription.</ConfirmationPanel>
);

async function render(c: Context, title: string, content: Child, status: 200 | 400 | 404 = 200): Promise<Response> {
  // No session is read here: these pages show nothing but the outcome, so they are the public view.
  const page = (
    <Layout title={title} viewer={{ partners: false }} path="/">
      {content}
    </Layout>
  );
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'private, no-store');
  return c.html(`<!DOCTYPE html>${await page.toString()}`, status);
}

export const confirmedPage = (c: Context, alerts: AlertsInWords) => render(c, 'Your email alerts are on', <Confirmed alerts={alerts} />);
export const managePage = (
  c: Context,
  page: { alerts: AlertsInWords; address: string; action: string; unsubscribe: string; error?: string | undefined },
) => render(c, page.error ? 'Error: Your email alerts' : 'Your email alerts', <Manage {...page} />, page.error ? 400 : 200);
export const alertsChangedPage = (c: Context, alerts: AlertsInWords) =>
  render(c, 'Your alerts have been changed', <Changed alerts={alerts} />);
export const alreadyConfirmedPage = (c: Context) => render(c, 'Already confirmed', <AlreadyConfirmed />);
/** An owner email that followed its link (the first time or again): it is now told if the hub stops sending to the subscription. */
export const ownerEmailConfirmedPage = (c: Context) =>
  render(
    c,
    'Email address confirmed',
    <ConfirmationPanel title="Email address confirmed">
      We will email you if Partnership Hub stops sending to this subscription.
    </ConfirmationPanel>,
  );
export const unsubscribePage = (c: Context, action: string) => render(c, 'Unsubscribe', <Unsubscribe action={action} />);
export const unsubscribedPage = (c: Context) => render(c, 'Unsubscribed', <Unsubscribed />);

/** A link from an email that is wrong, spent or cut short: a page saying so, for the person who followed it. */
export const linkNotValidPage = (c: Context, status: 400 | 404) =>
  render(
    c,
    'This link does not work',
    <>
      <h1 class="govuk-heading-xl">This link does not work</h1>
      <p class="govuk-body">
        It may have been copied only in part, or the alerts it was for may have been stopped. Check the link is the whole of the one in the
        email, or use the link in the latest email you have.
      </p>
    </>,
    status,
  );
