import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig } from '../src/index.ts';

const serviceSchema = z.object({
  STRATEGIES: z.string({ error: 'missing (comma-separated strategy names)' }),
});

describe('parseConfig', () => {
  it('applies defaults and merges the service’s variables with the kit’s', () => {
    const config = parseConfig('svc', serviceSchema, {
      REDIS_URL: 'redis://127.0.0.1:7000',
      STRATEGIES: 'sma',
    });
    expect(config).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:7000',
      STRATEGIES: 'sma',
      TICKFLOW_NAMESPACE: 'live',
      TICKFLOW_PARTITIONS: 8,
      HTTP_PORT: 8080,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: 20_000,
      OTEL_SDK_DISABLED: false,
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      HTTP_BODY_LIMIT_BYTES: 65_536,
    });
    expect(config.API_READ_TOKEN).toBeUndefined();
    expect(config.API_OPERATOR_TOKEN).toBeUndefined();
  });

  it('lists every bad or missing variable in one error', () => {
    const attempt = () =>
      parseConfig('svc', serviceSchema, {
        HTTP_PORT: 'eighty',
        TICKFLOW_PARTITIONS: '0',
        LOG_LEVEL: 'loud',
        OTEL_SDK_DISABLED: 'maybe',
        TICKFLOW_NAMESPACE: 'Has Spaces',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect(issues.map((issue) => issue.variable).sort()).toEqual(
        [
          'HTTP_PORT',
          'LOG_LEVEL',
          'OTEL_SDK_DISABLED',
          'REDIS_URL',
          'STRATEGIES',
          'TICKFLOW_NAMESPACE',
          'TICKFLOW_PARTITIONS',
        ].sort(),
      );
      const message = (error as Error).message;
      expect(message).toContain('svc: invalid configuration (7 problems)');
      expect(message).toContain('REDIS_URL: missing (e.g. redis://127.0.0.1:6379)');
      expect(message).toContain('HTTP_PORT: expected an integer from 0 to 65535');
      expect(message).toContain('STRATEGIES: missing (comma-separated strategy names)');
    }
  });

  it('treats an empty variable as unset', () => {
    const config = parseConfig('svc', serviceSchema, {
      REDIS_URL: 'redis://h:1',
      STRATEGIES: 'a',
      HTTP_PORT: '',
    });
    expect(config.HTTP_PORT).toBe(8080);
  });
});

describe('parseConfig with checks across the service’s variables', () => {
  const ranged = z
    .object({ LOW: z.coerce.number().default(1), HIGH: z.coerce.number().default(2) })
    .refine((config) => config.LOW < config.HIGH, { error: 'LOW must be below HIGH', path: ['LOW'] });

  it('runs them, and reports their issues with the kit’s', () => {
    expect(() => parseConfig('svc', ranged, { REDIS_URL: 'redis://h:1', LOW: '5', HIGH: '3' })).toThrow(
      'LOW: LOW must be below HIGH',
    );
    try {
      parseConfig('svc', ranged, { LOW: '5', HIGH: '3' });
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.variable)).toEqual(['REDIS_URL', 'LOW']);
    }
    expect(parseConfig('svc', ranged, { REDIS_URL: 'redis://h:1' })).toMatchObject({ LOW: 1, HIGH: 2 });
  });
});

describe('parseConfig of the API tokens', () => {
  const env = { REDIS_URL: 'redis://h:1', STRATEGIES: 'a' };
  const issuesOf = (attempt: () => unknown) => {
    try {
      attempt();
    } catch (error) {
      return (error as ConfigError).issues.map((issue) => `${issue.variable}: ${issue.message}`);
    }
    return [];
  };

  it('takes tokens of 16 printable characters or more', () => {
    const config = parseConfig('svc', serviceSchema, {
      ...env,
      API_READ_TOKEN: 'r'.repeat(16),
      API_OPERATOR_TOKEN: 'o'.repeat(40),
    });
    expect([config.API_READ_TOKEN, config.API_OPERATOR_TOKEN]).toEqual(['r'.repeat(16), 'o'.repeat(40)]);
  });

  it('rejects a short token, a token with spaces, and equal tokens', () => {
    expect(issuesOf(() => parseConfig('svc', serviceSchema, { ...env, API_READ_TOKEN: 'short' }))).toEqual([
      'API_READ_TOKEN: expected at least 16 printable characters, no spaces',
    ]);
    expect(
      issuesOf(() =>
        parseConfig('svc', serviceSchema, { ...env, API_OPERATOR_TOKEN: 'has spaces in it, sadly' }),
      ),
    ).toEqual(['API_OPERATOR_TOKEN: expected at least 16 printable characters, no spaces']);
    const same = 's'.repeat(20);
    expect(
      issuesOf(() =>
        parseConfig('svc', serviceSchema, { ...env, API_READ_TOKEN: same, API_OPERATOR_TOKEN: same }),
      ),
    ).toEqual(['API_OPERATOR_TOKEN: must differ from API_READ_TOKEN']);
  });

  it('requires both tokens when the service says so, listing each missing one with the other problems', () => {
    expect(
      issuesOf(() => parseConfig('svc', serviceSchema, { STRATEGIES: 'a' }, { requireTokens: true })),
    ).toEqual([
      'REDIS_URL: missing (e.g. redis://127.0.0.1:6379)',
      'API_READ_TOKEN: missing: this service requires API tokens (at least 16 printable characters each)',
      'API_OPERATOR_TOKEN: missing: this service requires API tokens (at least 16 printable characters each)',
    ]);
    expect(() =>
      parseConfig(
        'svc',
        serviceSchema,
        { ...env, API_READ_TOKEN: 'r'.repeat(16), API_OPERATOR_TOKEN: 'o'.repeat(16) },
        { requireTokens: true },
      ),
    ).not.toThrow();
  });
});
