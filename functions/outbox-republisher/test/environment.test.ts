import { ConfigurationError, parseEnvironment } from '@partnership-hub/configuration';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RepublisherEnvironment, republisherEnvironmentSchema } from '../src/environment.ts';

describe("the outbox republisher's environment", () => {
  it('names every variable the republisher reads, and no other', () => {
    expect(Object.keys(republisherEnvironmentSchema.shape).sort()).toEqual(Object.values(RepublisherEnvironment).sort());
  });

  it('reads the table and the bus', () => {
    expect(
      parseEnvironment('outbox-republisher', republisherEnvironmentSchema, { TABLE_NAME: 'hub', BUS_NAME: 'hub-bus', PATH: '/usr/bin' }),
    ).toEqual({
      TABLE_NAME: 'hub',
      BUS_NAME: 'hub-bus',
    });
  });

  it('fails naming each variable that is missing', () => {
    const read = (env: Record<string, string>) => () => parseEnvironment('outbox-republisher', republisherEnvironmentSchema, env);
    expect(read({})).toThrow(ConfigurationError);
    expect(read({})).toThrow('outbox-republisher cannot start: TABLE_NAME is not set; BUS_NAME is not set.');
    expect(read({ TABLE_NAME: 'hub' })).toThrow('outbox-republisher cannot start: BUS_NAME is not set.');
  });

  describe('the Lambda entry', () => {
    beforeEach(() => {
      vi.resetModules();
      vi.stubEnv('AWS_REGION', 'eu-west-2');
    });
    afterEach(() => vi.unstubAllEnvs());

    it('fails at cold start without the bus', async () => {
      vi.stubEnv('TABLE_NAME', 'hub');
      vi.stubEnv('BUS_NAME', '');
      await expect(import('../src/lambda.ts')).rejects.toThrow('outbox-republisher cannot start: BUS_NAME is not set.');
    });

    it('starts with the table and the bus', async () => {
      vi.stubEnv('TABLE_NAME', 'hub');
      vi.stubEnv('BUS_NAME', 'hub-bus');
      expect(typeof (await import('../src/lambda.ts')).handler).toBe('function');
    });
  });
});
