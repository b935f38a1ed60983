import { parseRetryDelays, RetryScheduleError } from '@partnership-hub/subscriptions/retry';
import * as z from 'zod/mini';

/**
 * The environment variables the notifier's functions (notifier, delivery worker, digest) read, by
 * what each holds. The notifications construct (infra/src/aws/constructs/notifications.ts) sets
 * them under these same names. This module imports zod and the retry schedule's parser alone, so
 * that synth can read it without loading the notifier.
 */
export const NotifierEnvironment = {
  tableName: 'TABLE_NAME',
  deliveryQueueUrl: 'DELIVERY_QUEUE_URL',
  publicBaseUrl: 'HUB_PUBLIC_BASE_URL',
  emailFrom: 'HUB_EMAIL_FROM',
  sesConfigurationSet: 'HUB_SES_CONFIGURATION_SET',
  retryDelays: 'HUB_WEBHOOK_RETRY_DELAYS',
  allowLoopbackWebhooks: 'HUB_ALLOW_LOOPBACK_WEBHOOKS',
} as const;

export const notifierEnvironmentSchema = z.object({
  [NotifierEnvironment.tableName]: z.string(),
  [NotifierEnvironment.deliveryQueueUrl]: z.url(),
  /** Where the pages and the API are: the links in webhooks and emails. */
  [NotifierEnvironment.publicBaseUrl]: z.url(),
  /** An SES verified identity, as SES takes it (an address, or `Name <address>`). */
  [NotifierEnvironment.emailFrom]: z.string(),
  [NotifierEnvironment.sesConfigurationSet]: z.optional(z.string()),
  /** Unset: the production schedule. A schedule that cannot be read stops the start rather than falling back. */
  [NotifierEnvironment.retryDelays]: z.pipe(
    z.optional(z.string()),
    z.transform((text, context) => {
      try {
        return parseRetryDelays(text);
      } catch (error) {
        if (!(error instanceof RetryScheduleError)) throw error;
        context.issues.push({ code: 'custom', message: error.message, input: text });
        return z.NEVER;
      }
    }),
  ),
  // Local development only; "0" or "1" so that a mistyped value fails the start instead of meaning "off".
  [NotifierEnvironment.allowLoopbackWebhooks]: z.pipe(
    z._default(z.enum(['0', '1']), '0'),
    z.transform((value) => value === '1'),
  ),
});

/** What the functions' environment parses to. */
export type ParsedNotifierEnvironment = z.output<typeof notifierEnvironmentSchema>;
/** What the construct must set: every required variable, under its name. */
export type NotifierEnvironmentVariables = z.input<typeof notifierEnvironmentSchema>;
