// The testkit's vitest-bound helpers (an entry of their own: tools such as the demo import the
// testkit without a test runner).
// One ephemeral Redis and one connection for a test file: started before its tests, stopped
// after them, so files run in parallel without sharing keys. The caller says how to connect
// (the streams runtime's `connect`, or a plain client): the testkit does not depend on it.
import { afterAll, beforeAll } from 'vitest';
import type { EphemeralRedis } from './ephemeral-redis-types.ts';
import { type EphemeralRedisOptions, startEphemeralRedis } from './start-ephemeral-redis.ts';

export interface FileRedis<C> {
  /** Set in beforeAll: read it inside tests. */
  readonly server: EphemeralRedis;
  /** Set in beforeAll: read it inside tests. */
  readonly redis: C;
}

export function redisForThisFile<C extends { disconnect(): void }>(
  connect: (url: string) => Promise<C>,
  options: EphemeralRedisOptions = {},
): FileRedis<C> {
  const file = {} as { server: EphemeralRedis; redis: C };
  beforeAll(async () => {
    file.server = await startEphemeralRedis(options);
    file.redis = await connect(file.server.url);
  });
  afterAll(async () => {
    file.redis?.disconnect();
    await file.server?.stop();
  });
  return file;
}
