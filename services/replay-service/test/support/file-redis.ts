// One ephemeral Redis and one `commands` connection per test file, so files run in parallel
// without sharing keys. Read `.redis` / `.server` inside tests (they are set in beforeAll).
import { connect } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

export interface FileRedis {
  readonly server: EphemeralRedis;
  readonly redis: Redis;
}

export function redisForThisFile(): FileRedis {
  const file = {} as { server: EphemeralRedis; redis: Redis };
  beforeAll(async () => {
    file.server = await startEphemeralRedis();
    file.redis = await connect({ url: file.server.url }, 'commands');
  });
  afterAll(async () => {
    file.redis?.disconnect();
    await file.server?.stop();
  });
  return file;
}
