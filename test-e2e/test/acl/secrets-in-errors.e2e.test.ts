// Secrets in failure paths: a service whose Redis password (read from REDIS_PASSWORD_FILE, or
// written into REDIS_URL) is refused logs the refusal (WRONGPASS) and counts it in /metrics,
// with neither the password nor its API tokens (from *_FILE) anywhere in its output or its
// metrics; a password file that is missing stops the service with a config error that names
// the variable and the path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServiceProcess, waitFor } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../support/processes.ts';
import { prepareAclServer } from './support/acl-server.ts';

describe('secrets when Redis refuses the password', () => {
  const acl = prepareAclServer();
  const wrongPassword = 'Wr0ng-but-secret-password-value';
  const started: ServiceProcess[] = [];
  beforeAll(async () => {
    await acl.start();
  });
  afterAll(async () => {
    for (const service of started) await service.stop();
    await acl.server.stop();
    acl.cleanUp();
  });

  const startRefused = (env: Record<string, string>) => {
    const service = startService('signal-engine', {
      TICKFLOW_NAMESPACE: 'e2e',
      LOG_LEVEL: 'debug',
      API_READ_TOKEN_FILE: acl.tokenFile('read'),
      API_OPERATOR_TOKEN_FILE: acl.tokenFile('operator'),
      ...env,
    });
    started.push(service);
    return service;
  };

  async function expectRefusedQuietly(service: ServiceProcess, secrets: readonly string[]) {
    const { port } = (await service.waitForLog('starting')) as { port: number };
    const retry = await service.waitForLog('Redis unreachable; retrying');
    expect(String(retry.err)).toMatch(/WRONGPASS/);
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return /tickflow_redis_connection_errors_total\{[^}]*\} [1-9]/.test(text) ? text : undefined;
      },
      { timeoutMs: 20_000, description: 'the refusal counted in /metrics' },
    );
    for (const secret of secrets) {
      expect(service.output().includes(secret), 'a secret in the output').toBe(false);
      expect(metrics.includes(secret), 'a secret in /metrics').toBe(false);
    }
  }

  it('never shows a password from REDIS_PASSWORD_FILE, nor the API tokens', async () => {
    const passwordFile = join(acl.secretsDir, 'wrong-password');
    writeFileSync(passwordFile, `${wrongPassword}\n`);
    const service = startRefused({
      REDIS_URL: `redis://${acl.server.host}:${acl.server.port}`,
      REDIS_USERNAME: 'signal-engine',
      REDIS_PASSWORD_FILE: passwordFile,
    });
    await expectRefusedQuietly(service, [wrongPassword, ...acl.secrets]);
  });

  it('never shows a password written into REDIS_URL', async () => {
    const service = startRefused({
      REDIS_URL: `redis://signal-engine:${wrongPassword}@${acl.server.host}:${acl.server.port}`,
    });
    await expectRefusedQuietly(service, [wrongPassword, ...acl.secrets]);
  });

  it('stops with a config error naming REDIS_PASSWORD_FILE and its path when the file is missing', async () => {
    const missing = join(acl.secretsDir, 'no-such-password');
    const service = startRefused({
      REDIS_URL: `redis://${acl.server.host}:${acl.server.port}`,
      REDIS_PASSWORD_FILE: missing,
    });
    expect(await service.exited).toBe(2);
    expect(service.output()).toContain(`REDIS_PASSWORD_FILE: cannot read ${missing} (ENOENT)`);
  });
});
