import type * as z from 'zod/mini';

/** Thrown at cold start when the environment a function was deployed with is not what it needs. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * Reads a function's environment through its schema, once, at cold start. A missing or malformed
 * variable fails the start with every problem named, rather than a request failing later (or a
 * feature silently switching itself off).
 */
export function parseEnvironment<TSchema extends z.ZodMiniObject>(
  functionName: string,
  schema: TSchema,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<TSchema> {
  // An empty variable is as good as a missing one: CloudFormation writes "" for an unset parameter.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    return issue.code === 'invalid_type' && issue.input === undefined ? `${name} is not set` : `${name} ${issue.message}`;
  });
  throw new ConfigurationError(`${functionName} cannot start: ${problems.join('; ')}.`);
}
