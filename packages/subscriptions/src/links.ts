/**
 * What the links in an email need (confirm, unsubscribe), and nothing else: the browser pages'
 * function serves them, and must not carry the webhook sender, the mail library or SQS.
 */
export type { EmailMode, Subscription } from './model.ts';
export type { SubscriptionStore } from './stores.ts';
export { changeEmailMode, confirmSubscription, InvalidLinkError, managedByEmailLink, unsubscribe } from './subscription-rules.ts';
export { DynamoDbSubscriptionStore } from './subscription-store.ts';
export { SUBSCRIPTION_ID } from './tokens.ts';
