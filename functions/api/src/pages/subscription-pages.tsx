/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { Layout } from './layout.tsx';

/**
 * The pages an email's links open: confirming a subscription, and unsubscribing. They are
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

const Confirmed: FC<{ areaId: string }> = ({ areaId }) => (
  <ConfirmationPanel title="Subscription confirmed">
    You will get email alerts about changes in {areaId}. Every email has a link to unsubscribe.
  </ConfirmationPanel>
);

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

async function render(c: Context, title: string, content: Child): Promise<Response> {
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
  return c.html(`<!DOCTYPE html>${await page.toString()}`, 200);
}

export const confirmedPage = (c: Context, areaId: string) => render(c, 'Subscription confirmed', <Confirmed areaId={areaId} />);
export const alreadyConfirmedPage = (c: Context) => render(c, 'Already confirmed', <AlreadyConfirmed />);
export const unsubscribePage = (c: Context, action: string) => render(c, 'Unsubscribe', <Unsubscribe action={action} />);
export const unsubscribedPage = (c: Context) => render(c, 'Unsubscribed', <Unsubscribed />);
