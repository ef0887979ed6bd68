// startEphemeralRedis({ username, password }) with the users in the server's own arguments
// (an ACL file whose default user is off): the readiness probe logs in as that user, and the
// URL carries it; no requirepass is set.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startEphemeralRedis } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickflow-testkit-acl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an ephemeral Redis with an ACL user', () => {
  it('starts when the default user is off, and its URL logs in as the user', async () => {
    const aclFile = join(dir, 'users.acl');
    writeFileSync(aclFile, 'user default off\nuser harness on >harness-pass:@/ ~* &* +@all\n');
    const server = await startEphemeralRedis({
      username: 'harness',
      password: 'harness-pass:@/',
      extraArgs: ['--aclfile', aclFile],
    });
    const redis = new Redis(server.url);
    try {
      expect(server.url).toBe(
        `redis://harness:${encodeURIComponent('harness-pass:@/')}@127.0.0.1:${server.port}`,
      );
      expect(await redis.acl('WHOAMI')).toBe('harness');
      expect(await redis.config('GET', 'requirepass')).toEqual(['requirepass', '']);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
