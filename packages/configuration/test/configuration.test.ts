import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConfigurationError, parseEnvironment } from '../src/index.ts';

const Environment = z.object({ TABLE_NAME: z.string(), RETRIES: z.coerce.number().int().positive().default(3) });

describe('parseEnvironment', () => {
  it('answers the typed environment, with defaults', () => {
    expect(parseEnvironment('projector', Environment, { TABLE_NAME: 'hub', PATH: '/usr/bin' })).toEqual({ TABLE_NAME: 'hub', RETRIES: 3 });
  });

  it('fails naming every variable that is missing or malformed', () => {
    const read = () => parseEnvironment('projector', Environment, { TABLE_NAME: '', RETRIES: 'many' });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(/^projector cannot start: TABLE_NAME is not set; RETRIES .+\.$/);
  });
});
