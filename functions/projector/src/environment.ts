import * as z from 'zod/mini';

/**
 * The environment variables the projector reads, by what each holds. The projections construct
 * (infra/src/aws/constructs/projections.ts) sets them under these same names. This module imports
 * zod alone, so that synth can read it without loading the projector.
 */
export const ProjectorEnvironment = { tableName: 'TABLE_NAME' } as const;

export const projectorEnvironmentSchema = z.object({
  [ProjectorEnvironment.tableName]: z.string(),
});

/** What the construct must set: every required variable, under its name. */
export type ProjectorEnvironmentVariables = z.input<typeof projectorEnvironmentSchema>;
