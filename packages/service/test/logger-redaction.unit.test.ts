// No secret reaches a log line, whatever form it takes: a config object, connection options,
// headers, an error whose message or stack holds a credentialed URL, a message string.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, type Logger, parseConfig } from '../src/index.ts';
import { configSecrets } from '../src/log-redaction.ts';

const REDIS_PASSWORD = 'redis-pa55word-for-acl';
const URL_PASSWORD = 'pw-in-redis-url/9'; // '/' percent-encoded in the URL
const READ_TOKEN = 'read-token-0123456789';
const OPERATOR_TOKEN = 'operator-token-9876543210';
const OTLP_HEADER_SECRET = 'otlp-api-key-abcdef';
const OTLP_URL_PASSWORD = 'otlp-url-pass-777';

const env = {
  REDIS_URL: `redis://app:${encodeURIComponent(URL_PASSWORD)}@redis.internal:6379/0`,
  REDIS_USERNAME: 'app',
  REDIS_PASSWORD,
  API_READ_TOKEN: READ_TOKEN,
  API_OPERATOR_TOKEN: OPERATOR_TOKEN,
  OTEL_EXPORTER_OTLP_ENDPOINT: `https://tenant:${OTLP_URL_PASSWORD}@otlp.example:4318`,
  OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${OTLP_HEADER_SECRET},x-team=core`,
};
const SECRETS = [
  REDIS_PASSWORD,
  URL_PASSWORD,
  encodeURIComponent(URL_PASSWORD),
  READ_TOKEN,
  OPERATOR_TOKEN,
  OTLP_HEADER_SECRET,
  OTLP_URL_PASSWORD,
];

function kitLogger(): { logger: Logger; output: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const config = parseConfig('svc', z.object({}), env);
  const logger = createLogger({
    service: 'svc',
    level: 'info',
    pretty: false,
    secrets: configSecrets(config),
    destination: { write: (chunk: string) => void chunks.push(chunk) },
  });
  return {
    logger,
    output: () => chunks.join(''),
    lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}

function expectNoSecret(output: string): void {
  for (const secret of SECRETS) expect(output, `leaked ${secret}`).not.toContain(secret);
}

describe('log redaction', () => {
  it('hides every secret of a logged config object, keeping the rest', () => {
    const { logger, output, lines } = kitLogger();
    logger.info({ config: parseConfig('svc', z.object({}), env) }, 'configured');
    expectNoSecret(output());
    const config = lines()[0]?.config as Record<string, unknown>;
    expect(config.REDIS_URL).toBe('redis://app:[redacted]@redis.internal:6379/0');
    expect(config.REDIS_PASSWORD).toBe('[redacted]');
    expect(config.OTEL_EXPORTER_OTLP_HEADERS).toBe('[redacted]');
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('https://tenant:[redacted]@otlp.example:4318');
    expect(config.TICKFLOW_NAMESPACE).toBe('live');
  });

  it('hides credentialed URLs in error messages and stacks, and in their causes', () => {
    const { logger, output, lines } = kitLogger();
    const cause = new Error('connect ECONNREFUSED https://bob:hunter2-cause@10.0.0.1:443');
    const error = new Error(`cannot reach redis://:s3cret-no-user@cache:6379 (via ${env.REDIS_URL})`, {
      cause,
    });
    logger.error({ err: error }, 'connection failed');
    expectNoSecret(output());
    expect(output()).not.toContain('hunter2-cause');
    expect(output()).not.toContain('s3cret-no-user');
    const err = lines()[0]?.err as { message: string; stack: string };
    expect(err.message).toBe(
      'cannot reach redis://:[redacted]@cache:6379 (via redis://app:[redacted]@redis.internal:6379/0)' +
        ': connect ECONNREFUSED https://bob:[redacted]@10.0.0.1:443', // pino appends the cause
    );
    expect(err.stack).toContain('redis://:[redacted]@cache:6379');
  });

  it('hides authorization headers, bearer tokens and token query parameters anywhere', () => {
    const { logger, output } = kitLogger();
    logger.info({ headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'x-api-key': 'k-123' } }, 'request');
    logger.info(
      { req: { headers: { Authorization: 'Basic dXNlcjpwYXNz', cookie: 'sid=abc123' } } },
      'request',
    );
    logger.info({ a: { b: { c: { d: { note: `token ${READ_TOKEN} deep down` } } } } }, 'deep');
    logger.info('retrying with Bearer unknown-but-bearer-token-42 after 401');
    logger.info('GET /runs?limit=5&token=query-token-value-1 answered 200');
    // Free text: only the configured values themselves can catch these.
    logger.warn(
      `AUTH ${REDIS_PASSWORD} refused; key ${OTLP_HEADER_SECRET}; passwords ${OTLP_URL_PASSWORD} ${URL_PASSWORD}`,
    );
    const text = output();
    expectNoSecret(text);
    for (const leaked of [
      'k-123',
      'dXNlcjpwYXNz',
      'sid=abc123',
      'unknown-but-bearer-token-42',
      'query-token-value-1',
    ])
      expect(text).not.toContain(leaked);
    expect(text).toContain('limit=5&token=[redacted]');
    expect(text).toContain('Bearer [redacted] after 401');
  });

  it('hides configured secrets in messages and in child loggers’ lines, even JSON-escaped', () => {
    const quoted = 'pa"ss\\word-with-quotes';
    const chunks: string[] = [];
    const logger = createLogger({
      service: 'svc',
      level: 'info',
      pretty: false,
      secrets: [quoted, REDIS_PASSWORD],
      destination: { write: (chunk: string) => void chunks.push(chunk) },
    });
    logger.child({ component: 'redis' }).warn(`AUTH failed with ${REDIS_PASSWORD} and ${quoted}`);
    logger.info({ note: quoted }, 'fielded');
    const text = chunks.join('');
    expect(text).not.toContain(REDIS_PASSWORD);
    expect(text).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(chunks.map((chunk) => JSON.parse(chunk).msg)).toEqual([
      'AUTH failed with [redacted] and [redacted]',
      'fielded',
    ]);
  });

  it('leaves what is not a secret alone, and every line valid JSON', () => {
    const { logger, output, lines } = kitLogger();
    const kept = {
      url: 'http://collector:4318/v1/traces',
      email: 'ops@example.com',
      redis: 'redis://redis.internal:6379',
      query: '/runs?from=1&to=2',
      prose: 'a basic check passed; tokens rotate daily',
    };
    logger.info(kept, 'plain "quoted" text with an @ sign and http://host:80 and a\\backslash');
    expect(lines()[0]).toMatchObject(kept);
    expect(output()).not.toContain('[redacted]');
  });

  it('finds and hides the password of a cluster REDIS_URL (no URL to WHATWG: a node list)', () => {
    const password = 'cluster-pa55/w@rd';
    const encoded = encodeURIComponent(password);
    const url = `rediss+cluster://app:${encoded}@10.0.0.1:6379,10.0.0.2:6379`;
    const config = parseConfig('svc', z.object({}), { REDIS_URL: url });
    expect(configSecrets(config)).toEqual([encoded, password]);
    const chunks: string[] = [];
    const logger = createLogger({
      service: 'svc',
      level: 'info',
      pretty: false,
      secrets: configSecrets(config),
      destination: { write: (chunk: string) => void chunks.push(chunk) },
    });
    logger.info({ config }, 'configured');
    logger.error({ err: new Error(`cannot connect to ${url}`) }, `AUTH ${password} refused`);
    const text = chunks.join('');
    expect(text).not.toContain(encoded);
    expect(text).not.toContain(password);
    expect(JSON.parse(chunks[0] ?? '{}').config.REDIS_URL).toBe(
      'rediss+cluster://app:[redacted]@10.0.0.1:6379,10.0.0.2:6379',
    );
    expect(JSON.parse(chunks[1] ?? '{}').msg).toBe('AUTH [redacted] refused');
  });

  it('censors short secrets by key and in URLs, but not as free text (they would shred the logs)', () => {
    const chunks: string[] = [];
    const logger = createLogger({
      service: 'svc',
      level: 'info',
      pretty: false,
      secrets: ['pw'],
      destination: { write: (chunk: string) => void chunks.push(chunk) },
    });
    logger.info({ password: 'pw', url: 'redis://:pw@h:1' }, 'pwd is the working directory');
    const line = JSON.parse(chunks[0] ?? '{}');
    expect(line).toMatchObject({ password: '[redacted]', url: 'redis://:[redacted]@h:1' });
    expect(line.msg).toBe('pwd is the working directory');
  });
});
