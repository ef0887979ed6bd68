// Who the CLI connects as, with the services' variables: REDIS_USERNAME, and REDIS_PASSWORD or
// REDIS_PASSWORD_FILE (exactly one), over the URL's own credentials. A missing, empty or
// doubled secret is a usage error (exit 2) naming the variable and the path, and no password
// is ever echoed — nor one of a malformed cluster URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickflow } from './support/cli-run.ts';

const PASSWORD = 'cli-s3cret-pa55word';
const dir = mkdtempSync(join(tmpdir(), 'tickflow-cli-credentials-'));
let server: EphemeralRedis;
beforeAll(async () => {
  server = await startEphemeralRedis({ password: PASSWORD });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
// The URL without the password: the variables must supply it.
const env = (extra: Record<string, string>) => ({
  REDIS_URL: `redis://${server.host}:${server.port}`,
  TICKFLOW_NAMESPACE: 'cred',
  TICKFLOW_PARTITIONS: '2',
  ...extra,
});
const groups = (extra: Record<string, string>) => tickflow(['groups', '--json'], { env: env(extra) });

describe('tickflow credentials', () => {
  it('connects with REDIS_PASSWORD, or with REDIS_PASSWORD_FILE (trailing newline dropped)', async () => {
    for (const extra of [
      { REDIS_PASSWORD: PASSWORD },
      { REDIS_PASSWORD_FILE: file('password', `${PASSWORD}\n`) },
      { REDIS_USERNAME: 'default', REDIS_PASSWORD_FILE: file('password', PASSWORD) },
    ]) {
      const result = await groups(extra);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ partitions: [] });
    }
  });

  it('fails without a password, and says so without echoing a wrong one', async () => {
    const missing = await groups({});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/NOAUTH|authentication/i);
    const wrong = await groups({ REDIS_PASSWORD: 'not-the-pa55word' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).not.toContain('not-the-pa55word');
  });

  it('refuses both variables at once, and a missing or empty file, naming the variable and path', async () => {
    const both = await groups({ REDIS_PASSWORD: PASSWORD, REDIS_PASSWORD_FILE: file('both', PASSWORD) });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'tickflow: $REDIS_PASSWORD_FILE: set together with REDIS_PASSWORD: set only one of them\n',
    );
    const absent = join(dir, 'absent');
    const unreadable = await groups({ REDIS_PASSWORD_FILE: absent });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toBe(`tickflow: $REDIS_PASSWORD_FILE: cannot read ${absent} (ENOENT)\n`);
    const empty = file('empty', '\n');
    expect((await groups({ REDIS_PASSWORD_FILE: empty })).stderr).toBe(
      `tickflow: $REDIS_PASSWORD_FILE: ${empty} is empty\n`,
    );
    for (const result of [both, unreadable]) expect(result.stderr).not.toContain(PASSWORD);
  });

  it('checks a cluster URL for host:port nodes, never echoing its password', async () => {
    const result = await tickflow(['groups'], {
      env: env({ REDIS_URL: `redis+cluster://u:${PASSWORD}@127.0.0.1:7000,127.0.0.1` }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('tickflow: --redis-url: cluster node "127.0.0.1": expected host:port\n');
    const scheme = await tickflow(['groups'], { env: env({ REDIS_URL: `cluster://u:${PASSWORD}@h:1` }) });
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain(
      'expected a redis://, rediss://, redis+cluster:// or rediss+cluster:// URL',
    );
    expect(scheme.stderr).not.toContain(PASSWORD);
  });
});
