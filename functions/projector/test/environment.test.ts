import { ConfigurationError, parseEnvironment } from '@partnership-hub/configuration';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProjectorEnvironment, projectorEnvironmentSchema } from '../src/environment.ts';

describe("the projector's environment", () => {
  it('names every variable the projector reads, and no other', () => {
    expect(Object.keys(projectorEnvironmentSchema.shape).sort()).toEqual(Object.values(ProjectorEnvironment).sort());
  });

  it('reads the table name', () => {
    expect(parseEnvironment('projector', projectorEnvironmentSchema, { TABLE_NAME: 'hub', PATH: '/usr/bin' })).toEqual({
      TABLE_NAME: 'hub',
    });
  });

  it('fails naming the table when it is missing or empty', () => {
    for (const env of [{}, { TABLE_NAME: '' }]) {
      const read = () => parseEnvironment('projector', projectorEnvironmentSchema, env);
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow('projector cannot start: TABLE_NAME is not set.');
    }
  });

  describe('the Lambda entry', () => {
    beforeEach(() => vi.resetModules());
    afterEach(() => vi.unstubAllEnvs());

    it('fails at cold start without the table', async () => {
      vi.stubEnv('TABLE_NAME', '');
      await expect(import('../src/lambda.ts')).rejects.toThrow('projector cannot start: TABLE_NAME is not set.');
    });

    it('starts with it', async () => {
      vi.stubEnv('TABLE_NAME', 'hub');
      expect(typeof (await import('../src/lambda.ts')).handler).toBe('function');
    });
  });
});
