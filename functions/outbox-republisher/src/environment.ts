import * as z from 'zod';

/**
 * The environment variables the outbox republisher reads, by what each holds. The outbox
 * construct (infra/src/aws/constructs/outbox.ts) sets them under these same names. This module
 * imports zod alone, so that synth can read it without loading the republisher.
 */
export const RepublisherEnvironment = { tableName: 'TABLE_NAME', busName: 'BUS_NAME' } as const;

export const republisherEnvironmentSchema = z.object({
  [RepublisherEnvironment.tableName]: z.string(),
  [RepublisherEnvironment.busName]: z.string(),
});

/** What the construct must set: every required variable, under its name. */
export type RepublisherEnvironmentVariables = z.input<typeof republisherEnvironmentSchema>;
