import { ConfigurationError, parseEnvironment } from '@partnership-hub/configuration';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RelayEnvironment, relayEnvironmentSchema } from '../src/environment.ts';

describe("the log relay's environment", () => {
  it('names every variable the relay reads, and no other', () => {
    expect(Object.keys(relayEnvironmentSchema.shape).sort()).toEqual(Object.values(RelayEnvironment).sort());
  });

  it('reads the table and the bus', () => {
    expect(parseEnvironment('log-relay', relayEnvironmentSchema, { TABLE_NAME: 'hub', BUS_NAME: 'hub-bus', PATH: '/usr/bin' })).toEqual({
      TABLE_NAME: 'hub',
      BUS_NAME: 'hub-bus',
    });
  });

  it('fails naming each variable that is missing', () => {
    const read = (env: Record<string, string>) => () => parseEnvironment('log-relay', relayEnvironmentSchema, env);
    expect(read({})).toThrow(ConfigurationError);
    expect(read({})).toThrow('log-relay cannot start: TABLE_NAME is not set; BUS_NAME is not set.');
    expect(read({ TABLE_NAME: 'hub' })).toThrow('log-relay cannot start: BUS_NAME is not set.');
  });

  describe.each([
    ['the stream relay', 'log-relay', () => import('../src/stream-lambda.ts')],
    ['the outbox sweep', 'outbox-sweep', () => import('../src/sweep-lambda.ts')],
  ])('the Lambda entry of %s', (_, name, load) => {
    beforeEach(() => {
      vi.resetModules();
      vi.stubEnv('AWS_REGION', 'eu-west-2');
    });
    afterEach(() => vi.unstubAllEnvs());

    it('fails at cold start without the bus', async () => {
      vi.stubEnv('TABLE_NAME', 'hub');
      vi.stubEnv('BUS_NAME', '');
      await expect(load()).rejects.toThrow(`${name} cannot start: BUS_NAME is not set.`);
    });

    it('starts with the table and the bus', async () => {
      vi.stubEnv('TABLE_NAME', 'hub');
      vi.stubEnv('BUS_NAME', 'hub-bus');
      expect(typeof (await load()).handler).toBe('function');
    });
  });
});
