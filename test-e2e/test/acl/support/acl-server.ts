// A redis-server with Tickflow's ACL users: the committed infra/redis/users.acl, passwords
// added by the deploy step itself (infra/redis/add-passwords.sh) from one password file per
// user, as a mounted Secret holds them. The harness logs in as one extra all-powerful user
// appended for the test; the default user stays off. Services get REDIS_USERNAME and
// REDIS_PASSWORD_FILE, as in Kubernetes.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { root } from '../../support/processes.ts';

const ACL_FILE = join(root, 'infra/redis/users.acl');
const ADD_PASSWORDS = join(root, 'infra/redis/add-passwords.sh');
export const HARNESS_USER = 'acl-test-admin';

export interface AclServer {
  readonly server: EphemeralRedis;
  /** The directory of password and token files (one per user or token). */
  readonly secretsDir: string;
  /** Every secret value: the users' passwords, the harness's, the API tokens. */
  readonly secrets: readonly string[];
  passwordOf(user: string): string;
  /** The env a service needs to log in as `user`, its password from a file. */
  envAs(user: string): Record<string, string>;
  /** Writes a token file; its path. */
  tokenFile(name: string): string;
  cleanUp(): void;
}

const SERVICES = ['market-data-ingest', 'signal-engine', 'order-router', 'fill-recorder', 'replay-service'];

/**
 * The user of a service's connection by its name (CLIENT SETNAME): the kit names them
 * `<service>`, `<group>-<host>-…` (the group is the service's name) or `<service>-bulk`; each
 * service here logs in as the user of its name.
 */
export function serviceOfName(name: string): string | undefined {
  return SERVICES.find((service) => name === service || name.startsWith(`${service}-`));
}

/** A secret long enough for the kit's token rule, unlike anything else in a log. */
const newSecret = () => `S3cr${randomBytes(18).toString('base64url')}`;

/** Prepares the files; `start()` starts the server (once per pipeline run). */
export function prepareAclServer(): AclServer & { start(): Promise<EphemeralRedis> } {
  const dir = mkdtempSync(join(tmpdir(), 'tickflow-acl-e2e-'));
  const passwordsDir = join(dir, 'passwords');
  mkdirSync(passwordsDir);
  const secrets: string[] = [];
  const passwords = new Map<string, string>();
  const harnessPassword = newSecret();
  secrets.push(harnessPassword);
  const users = execFileSync(
    'sh',
    ['-c', `sed -n 's/^user \\([^ ]*\\) on resetpass .*/\\1/p' "${ACL_FILE}"`],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n');
  for (const user of users) {
    const password = newSecret();
    secrets.push(password);
    passwords.set(user, password);
    writeFileSync(join(passwordsDir, user), `${password}\n`);
  }
  const aclFile = join(dir, 'users.acl');
  writeFileSync(aclFile, execFileSync('sh', [ADD_PASSWORDS, ACL_FILE, passwordsDir], { encoding: 'utf8' }));
  const hash = createHash('sha256').update(harnessPassword).digest('hex');
  appendFileSync(aclFile, `user ${HARNESS_USER} on #${hash} ~* &* +@all\n`);
  let server: EphemeralRedis | undefined;
  return {
    get server() {
      if (!server) throw new Error('start() first');
      return server;
    },
    secretsDir: dir,
    secrets,
    async start() {
      server = await startEphemeralRedis({
        username: HARNESS_USER,
        password: harnessPassword,
        extraArgs: ['--aclfile', aclFile],
      });
      return server;
    },
    passwordOf: (user) => passwords.get(user) ?? '',
    envAs(user) {
      const { host, port } = this.server;
      return {
        REDIS_URL: `redis://${host}:${port}`,
        REDIS_USERNAME: user,
        REDIS_PASSWORD_FILE: join(passwordsDir, user),
      };
    },
    tokenFile(name) {
      const token = newSecret();
      secrets.push(token);
      const path = join(dir, `${name}.token`);
      writeFileSync(path, `${token}\n`);
      return path;
    },
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}
