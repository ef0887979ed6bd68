// (5) The dev Redis as rendered: its redis.conf carries decision 0007's settings (as decision
// 0023 lists them); its ACL init container, run here over the rendered volumes, writes the
// generated users.acl with a hash of each password from the services' Secrets; a real
// redis-server accepts that configuration and file, and each service logs in as its own user
// with the password its Deployment mounts (decision 0026). Prod runs no Redis of its own and
// reaches its external one over TLS.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPasswords } from '../../redis/acl/passwords.ts';
import { readStrategyServices } from '../../redis/acl/strategy-services.ts';
import { layOutVolumes, localPath, runContainerCommand } from './support/pod-sandbox.ts';
import { aclInit, passwordUsers, redisLogins, secretData } from './support/redis-logins.ts';
import { K8S_DIR, type K8sObject, render } from './support/render.ts';
import {
  type Container,
  configMapData,
  plainEnvironment,
  type Workload,
  workloads,
} from './support/workloads.ts';

const ADMIN = 'k8s-test-admin';
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

  it('reads the ACL file its init container writes, has no users of its own, and fits its memory limit', () => {
    const { redis, init } = aclInit(dev);
    const server = redis?.pod.containers[0];
    const aclFile = conf.get('aclfile') ?? '';
    const mount = server?.volumeMounts?.find((m) => m.mountPath === dirname(aclFile));
    // A volume of the pod's own (not a Secret or ConfigMap): what the init container wrote there.
    expect(redis?.pod.volumes?.find((v) => v.name === mount?.name)?.emptyDir).toBeDefined();
    const written = init?.volumeMounts?.find((m) => m.name === mount?.name);
    expect(init?.command?.at(-1)).toMatch(new RegExp(`> ${written?.mountPath}/${basename(aclFile)}$`));
    expect([...conf.keys()].filter((name) => name === 'user' || name === 'requirepass')).toEqual([]);
    const limit = server?.resources?.limits?.memory ?? '';
    const mib = (text: string) => Number.parseInt(text, 10) * (/gi?b?$/i.test(text) ? 1024 : 1);
    expect(mib(conf.get('maxmemory') ?? '0')).toBeLessThan(mib(limit));
  });

  describe('on a real redis-server with the rendered configuration and the ACL file its init container writes', () => {
    let server: EphemeralRedis;
    let admin: Redis;
    let scratch: string;
    let acl: string;
    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'tickflow-k8s-acl-'));
      // The init container's own command, over its rendered volumes laid out here.
      const { redis, init } = aclInit(dev);
      layOutVolumes(dev, redis as Workload, scratch);
      const run = runContainerCommand(init as Container, scratch);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const aclFile = localPath(redis?.pod.containers[0] as Container, scratch, conf.get('aclfile') ?? '');
      acl = readFileSync(aclFile as string, 'utf8');
      // The test's own way in: an all-powerful user, added to a copy of the file only.
      const adminPassword = randomBytes(18).toString('base64url');
      writeFileSync(
        join(scratch, 'with-admin.acl'),
        `${acl}${withPasswords(`user ${ADMIN} on resetpass ~* &* +@all\n`, { [ADMIN]: adminPassword })}`,
      );
      const args = [...conf].filter(([name]) => !['port', 'bind', 'dir', 'aclfile'].includes(name));
      server = await startEphemeralRedis({
        username: ADMIN,
        password: adminPassword,
        extraArgs: [
          ...args.flatMap(([name, value]) => [`--${name}`, ...(value === '""' ? [''] : value.split(' '))]),
          '--aclfile',
          join(scratch, 'with-admin.acl'),
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

    it('has only password hashes in the ACL file, one for every password user', () => {
      const { files } = aclInit(dev);
      for (const { name, key } of files.values()) expect(acl).not.toContain(secretData(dev, name)?.[key]);
      const hashed = [...acl.matchAll(/^user (\S+) on resetpass .* #[0-9a-f]{64}$/gm)].map((m) => m[1]);
      expect(hashed.sort()).toEqual(passwordUsers(acl).sort());
    });

    it('lets each service log in as its user with the password its Deployment mounts, and no one without', async () => {
      const logins = redisLogins(dev);
      // The five services, and each generated strategy service (strategy-services.json).
      expect(logins).toHaveLength(5 + readStrategyServices().length);
      // PONG, or why not (ioredis rejects with "Connection is closed"; the reason is its error event).
      const ping = async (credentials: { username?: string; password?: string }) => {
        const client = new Redis({
          host: server.host,
          port: server.port,
          lazyConnect: true,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0,
          ...credentials,
        });
        let reason = '';
        client.on('error', (error: Error) => {
          reason = error.message;
        });
        try {
          await client.connect();
          return await client.ping();
        } catch (error) {
          return reason || (error as Error).message;
        } finally {
          client.disconnect();
        }
      };
      for (const { usernameFrom, passwordFrom } of logins) {
        const username = secretData(dev, usernameFrom?.name ?? '')?.[usernameFrom?.key ?? ''] as string;
        const password = secretData(dev, passwordFrom?.name ?? '')?.[passwordFrom?.key ?? ''] as string;
        expect(await ping({ username, password }), username).toBe('PONG');
        expect(await ping({ username, password: `${password}x` }), username).toMatch(/WRONGPASS/);
        expect(await admin.call('ACL', 'DRYRUN', username, 'FLUSHALL')).toMatch(/no permissions/);
      }
      expect(await ping({})).toMatch(/NOAUTH/);
      // The readiness probe's user: PING only, any password.
      expect(await ping({ username: 'probe', password: 'probe' })).toBe('PONG');
      expect(await admin.call('ACL', 'DRYRUN', 'probe', 'GET', 'tf:x')).toMatch(/no permissions/);
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
