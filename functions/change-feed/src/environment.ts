import * as z from 'zod/mini';

/**
 * The environment variables the change-feed appender reads, by what each holds. The change-feed
 * construct (infra/src/aws/constructs/change-feed.ts) sets them under these same names. This
 * module imports zod alone, so that synth can read it without loading the appender.
 */
export const ChangeFeedEnvironment = { tableName: 'TABLE_NAME' } as const;

export const changeFeedEnvironmentSchema = z.object({
  [ChangeFeedEnvironment.tableName]: z.string(),
});

/** What the construct must set: every required variable, under its name. */
export type ChangeFeedEnvironmentVariables = z.input<typeof changeFeedEnvironmentSchema>;
