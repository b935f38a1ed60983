import { changeInWords, headlineOf, londonDaysInWords } from './change-words.ts';
import type { ChangeData } from './payload.ts';

/** Sends one email; throws if it could not be handed over (the worker then retries it). */
export type SendEmail = (message: EmailMessage, messageId: string) => Promise<void>;

/**
 * An email that could not be handed over, in words a person can act on. `retryable`: the sender
 * is only busy (throttled, over its sending rate) and the same email may go through in a minute;
 * otherwise it was refused (an unverified sender, a rejected message) and needs a person to look.
 */
export class EmailNotSentError extends Error {
  override name = 'EmailNotSentError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An email, before it is rendered (to RFC 5322 by nodemailer's composer for the local outbox; by SES in AWS). */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers: Record<string, string>;
}

export interface EmailLinks {
  /** Where the hub's API is served: confirmation and unsubscribe links point there. */
  apiBaseUrl: string;
}

const base = (links: EmailLinks) => links.apiBaseUrl.replace(/\/+$/, '');

export function unsubscribeLink(links: EmailLinks, subscriptionId: string, token: string): string {
  return `${base(links)}/v1/subscriptions/${encodeURIComponent(subscriptionId)}/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** The page where the alerts are changed (how often) or stopped: the same token as the unsubscribe link, so no sign-in. */
export function manageLink(links: EmailLinks, subscriptionId: string, token: string): string {
  return `${base(links)}/v1/subscriptions/${encodeURIComponent(subscriptionId)}/manage?token=${encodeURIComponent(token)}`;
}

export function confirmLink(links: EmailLinks, subscriptionId: string, token: string): string {
  return `${base(links)}/v1/subscriptions/${encodeURIComponent(subscriptionId)}/confirm?token=${encodeURIComponent(token)}`;
}

/** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the link. */
function unsubscribeHeaders(link: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const footer = (links: EmailLinks, subscription: EmailSubscriptionRef) =>
  '\n\n--\nYou get this because you subscribed to changes on Partnership Hub.\n' +
  `Change how often you get these alerts, or stop them: ${manageLink(links, subscription.id, subscription.unsubscribeToken)}\n` +
  `Unsubscribe with one click: ${unsubscribeLink(links, subscription.id, subscription.unsubscribeToken)}\n`;

export interface EmailSubscriptionRef {
  id: string;
  areaId: string;
  address: string;
  unsubscribeToken: string;
}

/** The double opt-in: nothing else is sent until the link in this email is followed. */
export function confirmationEmail(links: EmailLinks, subscription: EmailSubscriptionRef, confirmToken: string): EmailMessage {
  const unsubscribe = unsubscribeLink(links, subscription.id, subscription.unsubscribeToken);
  return {
    to: subscription.address,
    subject: `Confirm your Partnership Hub alerts for ${subscription.areaId}`,
    text:
      `Someone (we hope you) asked Partnership Hub to email ${subscription.address} when the bodies of ${subscription.areaId} change their priorities, work programmes or protocols.\n\n` +
      `To start receiving alerts, confirm here:\n${confirmLink(links, subscription.id, confirmToken)}\n\n` +
      'If this was not you, ignore this email: nothing will be sent unless the link is followed.' +
      footer(links, subscription),
    headers: unsubscribeHeaders(unsubscribe),
  };
}

export function changeEmail(links: EmailLinks, subscription: EmailSubscriptionRef, data: ChangeData): EmailMessage {
  const unsubscribe = unsubscribeLink(links, subscription.id, subscription.unsubscribeToken);
  return {
    to: subscription.address,
    subject: headlineOf(data),
    text: `${changeInWords(data)}${footer(links, subscription)}`,
    headers: unsubscribeHeaders(unsubscribe),
  };
}

/**
 * The day's changes in one email. Its subject is dated by the UK day (or days) the changes
 * happened, in words; `day` only stands in for changes that do not say when they happened.
 */
export function digestEmail(
  links: EmailLinks,
  subscription: EmailSubscriptionRef,
  changes: readonly ChangeData[],
  day: string,
): EmailMessage {
  const unsubscribe = unsubscribeLink(links, subscription.id, subscription.unsubscribeToken);
  const when = londonDaysInWords(changes.flatMap((change) => (change.occurredAt ? [change.occurredAt] : []))) ?? day;
  return {
    to: subscription.address,
    subject: `${changes.length} change${changes.length === 1 ? '' : 's'} in ${changes[0]?.areaName ?? subscription.areaId} (Partnership Hub digest, ${when})`,
    text: `${changes.map(changeInWords).join('\n\n')}${footer(links, subscription)}`,
    headers: unsubscribeHeaders(unsubscribe),
  };
}

/**
 * The link an owner email follows before it is told anything: it was given by whoever subscribed,
 * so until then it is sent only this (and no more of these than the per-address limit allows).
 */
export function ownerConfirmationEmail(
  links: EmailLinks,
  to: string,
  subscriptionId: string,
  endpoint: string,
  token: string,
): EmailMessage {
  return {
    to,
    subject: 'Confirm your email address for a Partnership Hub subscription',
    text:
      `Someone (we hope you) gave ${to} as the address to tell if Partnership Hub ever stops sending to ${endpoint} (subscription ${subscriptionId}).\n\n` +
      `To be told, confirm here:\n${confirmLink(links, subscriptionId, token)}\n\n` +
      'If this was not you, ignore this email: nothing more will be sent to you unless the link is followed.\n',
    headers: {},
  };
}

/** Told to a subscription's owner (its optional ownerEmail, once confirmed) when the hub stops delivering to it. */
export function disabledNoticeEmail(to: string, subscriptionId: string, endpoint: string, reason: string): EmailMessage {
  return {
    to,
    subject: `Partnership Hub stopped sending to ${endpoint}`,
    text:
      `Subscription ${subscriptionId} has been disabled: ${reason}\n\n` +
      'Nothing more will be sent to it. Read it with GET /v1/subscriptions/{id} (header X-Subscription-Token), fix the endpoint and subscribe again.\n',
    headers: {},
  };
}
