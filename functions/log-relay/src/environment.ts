import * as z from 'zod/mini';

/**
 * The environment variables the log relay's functions (the stream relay and the outbox sweep)
 * read, by what each holds. The relay construct (infra/src/aws/constructs/log-relay.ts) sets them
 * under these same names. This module imports zod alone, so that synth can read it without
 * loading the relay.
 */
export const RelayEnvironment = { tableName: 'TABLE_NAME', busName: 'BUS_NAME' } as const;

export const relayEnvironmentSchema = z.object({
  [RelayEnvironment.tableName]: z.string(),
  [RelayEnvironment.busName]: z.string(),
});

/** What the construct must set: every required variable, under its name. */
export type RelayEnvironmentVariables = z.input<typeof relayEnvironmentSchema>;
