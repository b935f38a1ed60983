import { ConfigurationError, parseEnvironment } from '@partnership-hub/configuration';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeedEnvironment, changeFeedEnvironmentSchema } from '../src/environment.ts';

describe("the change-feed appender's environment", () => {
  it('names every variable the appender reads, and no other', () => {
    expect(Object.keys(changeFeedEnvironmentSchema.shape).sort()).toEqual(Object.values(ChangeFeedEnvironment).sort());
  });

  it('reads the table name', () => {
    expect(parseEnvironment('change-feed', changeFeedEnvironmentSchema, { TABLE_NAME: 'hub', BUS_NAME: 'unused' })).toEqual({
      TABLE_NAME: 'hub',
    });
  });

  it('fails naming the table when it is missing or empty', () => {
    for (const env of [{}, { TABLE_NAME: '' }]) {
      const read = () => parseEnvironment('change-feed', changeFeedEnvironmentSchema, env);
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow('change-feed cannot start: TABLE_NAME is not set.');
    }
  });

  describe('the Lambda entry', () => {
    beforeEach(() => vi.resetModules());
    afterEach(() => vi.unstubAllEnvs());

    it('fails at cold start without the table', async () => {
      vi.stubEnv('TABLE_NAME', '');
      await expect(import('../src/lambda.ts')).rejects.toThrow('change-feed cannot start: TABLE_NAME is not set.');
    });

    it('starts with it', async () => {
      vi.stubEnv('TABLE_NAME', 'hub');
      expect(typeof (await import('../src/lambda.ts')).handler).toBe('function');
    });
  });
});
