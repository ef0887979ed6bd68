// How the rendered services log in to Redis, and what the dev Redis' ACL init container is
// given: each Deployment's user (REDIS_USERNAME from a Secret) and password file
// (REDIS_PASSWORD_FILE, a key of the same Secret mounted in the pod), and the password files
// the init container hashes into the ACL file (its projected `passwords` volume). The checks
// return readable problems, empty when all is well.
import { posix } from 'node:path';
import { idOf, type K8sObject } from './render.ts';
import { byKind, type Container, type Volume, type Workload, workloads } from './workloads.ts';

/** Where a workload's Redis credentials come from. */
export interface RedisLogin {
  readonly workload: Workload;
  /** The Secret and key of REDIS_USERNAME. */
  readonly usernameFrom: { readonly name: string; readonly key: string } | undefined;
  /** The Secret and key mounted at REDIS_PASSWORD_FILE. */
  readonly passwordFrom: { readonly name: string; readonly key: string } | undefined;
  /** Whether REDIS_PASSWORD is set (from anywhere). */
  readonly passwordInEnvironment: boolean;
}

/** A rendered Secret's data, decoded; undefined when the Secret is not rendered. */
export function secretData(objects: readonly K8sObject[], name: string): Record<string, string> | undefined {
  const secret = byKind(objects, 'Secret').find((object) => object.metadata.name === name);
  if (secret === undefined) return undefined;
  const data = (secret.data ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  );
}

/** The volume and key of `pod` whose file `path` is, as mounted in `container`. */
export function mountedFile(
  workload: Workload,
  container: Container,
  path: string,
): { readonly volume: Volume; readonly file: string } | undefined {
  const mount = (container.volumeMounts ?? []).find((m) => posix.dirname(path) === m.mountPath);
  const volume = workload.pod.volumes?.find((v) => v.name === mount?.name);
  return volume === undefined ? undefined : { volume, file: posix.basename(path) };
}

/** The Tickflow Deployments' Redis logins (the container named `service`). */
export function redisLogins(objects: readonly K8sObject[]): RedisLogin[] {
  return workloads(objects)
    .filter((w) => w.object.kind === 'Deployment' && w.labels['app.kubernetes.io/part-of'] === 'tickflow')
    .map((workload) => {
      const container = workload.pod.containers.find((c) => c.name === 'service') as Container;
      const env = (name: string) => container.env?.find((variable) => variable.name === name);
      const passwordFile = env('REDIS_PASSWORD_FILE')?.value;
      const mounted = passwordFile === undefined ? undefined : mountedFile(workload, container, passwordFile);
      const item = mounted?.volume.secret?.items?.find((i) => i.path === mounted.file);
      const key = mounted?.volume.secret?.items === undefined ? mounted?.file : item?.key;
      return {
        workload,
        usernameFrom: env('REDIS_USERNAME')?.valueFrom?.secretKeyRef,
        passwordFrom:
          mounted?.volume.secret && key !== undefined
            ? { name: mounted.volume.secret.secretName, key }
            : undefined,
        passwordInEnvironment: env('REDIS_PASSWORD') !== undefined,
      };
    });
}

/** The users of an ACL file that log in with a password (`user <name> on resetpass …`). */
export function passwordUsers(acl: string): string[] {
  return [...acl.matchAll(/^user (\S+) on resetpass /gm)].map((match) => match[1] as string);
}

/** The dev Redis' ACL init container and the password files it is given: file name → Secret key. */
export function aclInit(objects: readonly K8sObject[]) {
  const redis = workloads(objects).find((w) => w.object.kind === 'StatefulSet' && w.name === 'redis');
  const init = redis?.pod.initContainers?.find((c) => c.command?.join(' ').includes('add-passwords.sh'));
  const script = init?.command?.at(-1) ?? '';
  // add-passwords.sh <users.acl> <passwords-dir>: the directory is its second argument.
  const passwordsDir = /add-passwords\.sh\s+\S+\s+(\S+)/.exec(script)?.[1];
  const mount = init?.volumeMounts?.find((m) => m.mountPath === passwordsDir);
  const volume = redis?.pod.volumes?.find((v) => v.name === mount?.name);
  const files = new Map<string, { readonly name: string; readonly key: string }>();
  for (const source of volume?.projected?.sources ?? [])
    for (const item of source.secret?.items ?? [])
      files.set(item.path, { name: source.secret?.name as string, key: item.key });
  for (const item of volume?.secret?.items ?? [])
    files.set(item.path, { name: volume?.secret?.secretName as string, key: item.key });
  return { redis, init, files };
}

/**
 * Every Tickflow Deployment logs in as its own user of `acl` (named as the service), with a
 * password file mounted from the Secret its user name comes from and no REDIS_PASSWORD; the
 * dev Redis' init container gets every password user's file, from that same Secret.
 */
export function redisLoginProblems(objects: readonly K8sObject[], acl: string): string[] {
  const users = passwordUsers(acl);
  const { init, files } = aclInit(objects);
  if (init === undefined) return ['StatefulSet/redis has no init container running add-passwords.sh'];
  const problems = users
    .filter((user) => !files.has(user))
    .map((user) => `StatefulSet/redis: the ACL init container gets no password file for user ${user}`);
  for (const login of redisLogins(objects)) {
    const id = idOf(login.workload.object);
    const service = login.workload.labels['app.kubernetes.io/name'];
    const from = login.usernameFrom;
    const username = from === undefined ? undefined : secretData(objects, from.name)?.[from.key];
    if (username !== service)
      problems.push(`${id} logs in as ${username ?? 'nobody'}, not as its own user ${service}`);
    else if (username === undefined || !users.includes(username))
      problems.push(`${id} logs in as ${username}, not a password user of users.acl`);
    if (login.passwordInEnvironment)
      problems.push(`${id} has its Redis password in the environment (REDIS_PASSWORD)`);
    const password = login.passwordFrom;
    if (password === undefined || password.name !== from?.name)
      problems.push(
        `${id}: REDIS_PASSWORD_FILE is not a file of its Secret ${from?.name} mounted in the pod`,
      );
    const given = username === undefined ? undefined : files.get(username);
    if (
      given !== undefined &&
      password !== undefined &&
      (given.name !== password.name || given.key !== password.key)
    )
      problems.push(
        `StatefulSet/redis hashes ${given.name}/${given.key} for user ${username}, but ${id} reads ${password.name}/${password.key}`,
      );
  }
  return problems;
}
