// (5) The dev Redis as rendered: its redis.conf carries decision 0007's settings (as decision
// 0023 lists them), a real redis-server accepts that configuration and the rendered ACL file,
// the services' dev user can do a consumer's work but nothing dangerous, and prod runs no
// Redis of its own and reaches its external one over TLS.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { K8S_DIR, type K8sObject, render } from './support/render.ts';
import { configMapData, plainEnvironment, workloads } from './support/workloads.ts';

const DECISIONS = resolve(K8S_DIR, '../../docs/decisions');
/** The settings 0007's guarantees need of Redis (durability, no eviction, lazy expiry). */
const REQUIRED = {
  appendonly: 'yes',
  appendfsync: 'always',
  'maxmemory-policy': 'noeviction',
  'lazyfree-lazy-expire': 'yes',
};

function directives(conf: string): Map<string, string> {
  return new Map(
    conf
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const [name = '', ...value] = line.split(/\s+/);
        return [name.toLowerCase(), value.join(' ')] as const;
      }),
  );
}

const secretValue = (objects: K8sObject[], prefix: string, key: string) => {
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name.startsWith(`${prefix}-`));
  const data = (secret?.data ?? {}) as Record<string, string>;
  return Buffer.from(data[key] ?? '', 'base64').toString('utf8');
};

describe('the dev Redis', () => {
  let dev: K8sObject[];
  let conf: Map<string, string>;
  beforeAll(() => {
    dev = render(join(K8S_DIR, 'overlays/dev'));
    const name = dev.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('redis-config-'))
      ?.metadata.name;
    conf = directives(configMapData(dev, name as string)?.['redis.conf'] ?? '');
  });

  it('is configured as decisions 0007 and 0023 say', () => {
    for (const [name, value] of Object.entries(REQUIRED)) expect(conf.get(name), name).toBe(value);
    const record = readFileSync(join(DECISIONS, '0023-kubernetes-and-keda.md'), 'utf8');
    for (const [name, value] of Object.entries(REQUIRED)) expect(record).toContain(`${name} ${value}`);
    expect(readFileSync(join(DECISIONS, '0007-streams-ordering-and-idempotency.md'), 'utf8')).toContain(
      'lazyfree-lazy-expire yes',
    );
  });

  it('reads its ACL file from the mounted Secret, has no users of its own, and fits its memory limit', () => {
    const redis = workloads(dev).find((w) => w.name === 'redis');
    const acl = redis?.pod.volumes?.find((v) => v.secret?.secretName.startsWith('redis-acl-'));
    const mount = redis?.pod.containers[0]?.volumeMounts?.find((m) => m.name === acl?.name);
    expect(conf.get('aclfile')).toBe(`${mount?.mountPath}/users.acl`);
    expect([...conf.keys()].filter((name) => name === 'user' || name === 'requirepass')).toEqual([]);
    const limit = redis?.pod.containers[0]?.resources?.limits?.memory ?? '';
    const mib = (text: string) => Number.parseInt(text, 10) * (/gi?b?$/i.test(text) ? 1024 : 1);
    expect(mib(conf.get('maxmemory') ?? '0')).toBeLessThan(mib(limit));
  });

  describe('on a real redis-server with the rendered configuration and ACL file', () => {
    let server: EphemeralRedis;
    let admin: Redis;
    let scratch: string;
    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'tickflow-k8s-acl-'));
      // The test's own way in (testkit's readiness PING and the checks below): the default
      // user, which the file turns off, is turned on here only.
      const acl = secretValue(dev, 'redis-acl', 'users.acl').replace(
        /^user default .*$/m,
        'user default on nopass ~* &* +@all',
      );
      writeFileSync(join(scratch, 'users.acl'), acl);
      const args = [...conf].filter(([name]) => !['port', 'bind', 'dir', 'aclfile'].includes(name));
      server = await startEphemeralRedis({
        extraArgs: [
          ...args.flatMap(([name, value]) => [`--${name}`, ...(value === '""' ? [''] : value.split(' '))]),
          '--aclfile',
          join(scratch, 'users.acl'),
        ],
      });
      admin = new Redis(server.url);
    });
    afterAll(async () => {
      admin?.disconnect();
      await server?.stop();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('runs with those settings', async () => {
      for (const [name, value] of Object.entries(REQUIRED))
        expect(await admin.config('GET', name)).toEqual([name, value]);
    });

    it('lets the dev user (with the dev Secret’s password) do a consumer’s work and nothing dangerous', async () => {
      const username = secretValue(dev, 'dev-redis', 'username');
      const password = secretValue(dev, 'dev-redis', 'password');
      const client = new Redis(server.url, { username, password });
      try {
        expect(await client.xadd('tf:{live:md:0}', '*', 'k', 'v')).toMatch(/^\d+-\d+$/);
      } finally {
        client.disconnect();
      }
      const dryRun = (user: string, ...command: string[]) => admin.call('ACL', 'DRYRUN', user, ...command);
      for (const command of [
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'tf:{live:md:0}', '>'],
        ['EVALSHA', 'a'.repeat(40), '1', 'tf:{live:sig:3}'],
        ['INFO'],
      ])
        expect(await dryRun(username, ...command)).toBe('OK');
      for (const command of [['FLUSHALL'], ['CONFIG', 'SET', 'appendfsync', 'no'], ['GET', 'other:key']])
        expect(await dryRun(username, ...command)).toMatch(/no permissions/);
      expect(await dryRun('probe', 'PING')).toBe('OK');
      expect(await dryRun('probe', 'GET', 'tf:x')).toMatch(/no permissions/);
    });
  });
});

describe('the prod overlay', () => {
  it('runs no Redis and reaches an external one over TLS', () => {
    const prod = render(join(K8S_DIR, 'overlays/prod'));
    expect(
      prod.filter((o) => o.kind === 'StatefulSet' || o.metadata.name.startsWith('redis-config')),
    ).toEqual([]);
    for (const workload of workloads(prod)) {
      const container = workload.pod.containers[0];
      expect(container && plainEnvironment(prod, container).REDIS_URL, workload.name).toMatch(/^rediss:\/\//);
    }
  });
});
