// (6) Each service logs in to Redis as its own ACL user (decision 0026): in the dev overlay, a
// user of the generated infra/redis/users.acl (read here, at test time) named as the service,
// with its password in a file mounted from its own Secret and never in the environment, and
// the dev Redis' init container given every password user's file from those same Secrets. In
// prod, the same mounts from the external Secrets. Each check is shown failing on a broken copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStrategyServices } from '../../redis/acl/strategy-services.ts';
import { brokenCopy } from './support/broken-copy.ts';
import { redisLoginProblems, redisLogins } from './support/redis-logins.ts';
import { K8S_DIR, type K8sObject, render } from './support/render.ts';
import { configMapData } from './support/workloads.ts';

const REDIS_DIR = join(K8S_DIR, '../redis');
// The generated strategy services (strategy-services.json) must log in like the others.
const SERVICES = [
  'fill-recorder',
  'market-data-ingest',
  'order-router',
  'replay-service',
  'signal-engine',
  ...readStrategyServices(),
].sort();

let dev: K8sObject[];
let acl: string;
beforeAll(() => {
  dev = render(join(K8S_DIR, 'overlays/dev'));
  const template = dev.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('redis-acl-template-'),
  );
  acl = configMapData(dev, template?.metadata.name ?? '')?.['users.acl'] ?? '';
});

const secretNamed = (prefix: string) =>
  dev.find((o) => o.kind === 'Secret' && o.metadata.name.startsWith(`${prefix}-`))?.metadata.name;

describe('overlay dev', () => {
  it('ships the generated ACL file and add-passwords.sh as they are in infra/redis', () => {
    const template = dev.find((o) => o.metadata.name.startsWith('redis-acl-template-'));
    const data = configMapData(dev, template?.metadata.name ?? '');
    expect(data?.['users.acl']).toBe(readFileSync(join(REDIS_DIR, 'users.acl'), 'utf8'));
    expect(data?.['add-passwords.sh']).toBe(readFileSync(join(REDIS_DIR, 'add-passwords.sh'), 'utf8'));
    expect(acl).not.toMatch(/>\S|#[0-9a-f]{64}/);
  });

  it('has every service log in as its own user, its password from a mounted file the Redis init container also gets', () => {
    expect(
      redisLogins(dev)
        .map((login) => login.workload.name)
        .sort(),
    ).toEqual(SERVICES);
    expect(redisLoginProblems(dev, acl)).toEqual([]);
  });
});

describe('overlay prod', () => {
  it('mounts each service’s password from its own external Secret, never in the environment', () => {
    const logins = redisLogins(render(join(K8S_DIR, 'overlays/prod')));
    expect(logins.map((login) => login.workload.name).sort()).toEqual(SERVICES);
    for (const login of logins) {
      const secret = `${login.workload.name}-redis`;
      expect(login.usernameFrom, login.workload.name).toEqual({ name: secret, key: 'username' });
      expect(login.passwordFrom, login.workload.name).toEqual({ name: secret, key: 'password' });
      expect(login.passwordInEnvironment).toBe(false);
    }
  });
});

describe('the login check, given a broken copy of the dev render', () => {
  const container = ['spec', 'template', 'spec', 'containers', { name: 'service' }];
  const env = (name: string) => [...container, 'env', { name }];

  it('reports a service logging in as another service’s user', () => {
    const objects = brokenCopy(dev, 'Deployment', 'signal-engine', [
      [[...env('REDIS_USERNAME'), 'valueFrom', 'secretKeyRef', 'name'], secretNamed('order-router-redis')],
    ]);
    expect(redisLoginProblems(objects, acl)).toEqual([
      'Deployment/signal-engine logs in as order-router, not as its own user signal-engine',
      expect.stringMatching(
        /^Deployment\/signal-engine: REDIS_PASSWORD_FILE is not a file of its Secret order-router-redis-\w+ mounted/,
      ),
      expect.stringMatching(
        /^StatefulSet\/redis hashes order-router-redis-\w+\/password for user order-router, but Deployment\/signal-engine reads signal-engine-redis-\w+\/password$/,
      ),
    ]);
  });

  it('reports a user missing from users.acl', () => {
    expect(redisLoginProblems(dev, acl.replace(/^user fill-recorder .*\n/m, ''))).toEqual([
      'Deployment/fill-recorder logs in as fill-recorder, not a password user of users.acl',
    ]);
  });

  it('reports a password in the environment, and a password file not mounted', () => {
    const objects = brokenCopy(dev, 'Deployment', 'order-router', [
      [[...container, 'env', '-'], { name: 'REDIS_PASSWORD', value: 'in-the-environment' }],
      [[...env('REDIS_PASSWORD_FILE'), 'value'], '/etc/elsewhere/password'],
    ]);
    expect(redisLoginProblems(objects, acl)).toEqual([
      'Deployment/order-router has its Redis password in the environment (REDIS_PASSWORD)',
      expect.stringMatching(
        /^Deployment\/order-router: REDIS_PASSWORD_FILE is not a file of its Secret order-router-redis-\w+ mounted in the pod$/,
      ),
    ]);
  });

  it('reports a password user whose file the Redis init container does not get', () => {
    const volume = ['spec', 'template', 'spec', 'volumes', { name: 'passwords' }, 'projected', 'sources'];
    const redis = dev.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'redis') as K8sObject;
    const sources = (
      (
        redis.spec as {
          template: { spec: { volumes: { name: string; projected?: { sources: unknown[] } }[] } };
        }
      ).template.spec.volumes.find((v) => v.name === 'passwords')?.projected?.sources ?? []
    ).filter((source) => !JSON.stringify(source).includes('"path":"readonly"'));
    const objects = brokenCopy(dev, 'StatefulSet', 'redis', [[volume, sources]]);
    expect(redisLoginProblems(objects, acl)).toEqual([
      'StatefulSet/redis: the ACL init container gets no password file for user readonly',
    ]);
  });
});
