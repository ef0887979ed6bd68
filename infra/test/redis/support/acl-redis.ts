// A redis-server loading the committed users.acl, with passwords added by the deploy step
// (add-passwords.sh) from a directory of password files, one per user, as a mounted Secret
// would be. The test's own way in is one extra all-powerful user appended to that file; the
// default user stays off, as the file says.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { withPasswords } from '../../../redis/acl/passwords.ts';
import { aclUsers } from '../../../redis/acl/users.ts';
import { ACL_FILE, ADD_PASSWORDS } from './paths.ts';

const ADMIN = 'acl-test-admin';

/** The users that log in with a password from a Secret. */
export const PASSWORD_USERS = aclUsers()
  .filter((user) => user.login === 'secret')
  .map((user) => user.name);

export interface AclRedis {
  readonly server: EphemeralRedis;
  /** An all-powerful client (the test's own user). */
  readonly admin: Redis;
  readonly passwords: Readonly<Record<string, string>>;
  /** A client logged in as `user`. */
  as(user: string): Promise<Redis>;
  stop(): Promise<void>;
}

export async function startAclRedis(): Promise<AclRedis> {
  const scratch = mkdtempSync(join(tmpdir(), 'tickflow-acl-'));
  const passwords = Object.fromEntries(
    PASSWORD_USERS.map((user) => [user, randomBytes(18).toString('base64url')]),
  );
  mkdirSync(join(scratch, 'passwords'));
  for (const [user, password] of Object.entries(passwords))
    writeFileSync(join(scratch, 'passwords', user), `${password}\n`);
  const acl = execFileSync('sh', [ADD_PASSWORDS, ACL_FILE, join(scratch, 'passwords')], { encoding: 'utf8' });
  const adminPassword = randomBytes(18).toString('base64url');
  writeFileSync(join(scratch, 'users.acl'), acl);
  appendFileSync(
    join(scratch, 'users.acl'),
    withPasswords(`user ${ADMIN} on resetpass ~* &* +@all\n`, { [ADMIN]: adminPassword }),
  );
  const clients: Redis[] = [];
  try {
    const server = await startEphemeralRedis({
      username: ADMIN,
      password: adminPassword,
      extraArgs: ['--aclfile', join(scratch, 'users.acl')],
    });
    const admin = new Redis(server.url);
    clients.push(admin);
    return {
      server,
      admin,
      passwords,
      async as(user) {
        const client = new Redis({
          host: server.host,
          port: server.port,
          username: user,
          password: passwords[user] ?? '',
          lazyConnect: true,
        });
        clients.push(client);
        await client.connect();
        return client;
      },
      async stop() {
        for (const client of clients) client.disconnect();
        await server.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
