// One ephemeral Redis for a test file, and the environment that points the CLI at it.
import { connect } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

export interface FileRedis {
  readonly server: EphemeralRedis;
  readonly redis: Redis;
  /** REDIS_URL, TICKFLOW_NAMESPACE and TICKFLOW_PARTITIONS for the CLI. */
  env(namespace: string, partitions: number): Record<string, string>;
}

export function redisForThisFile(): FileRedis {
  const file = {} as { server: EphemeralRedis; redis: Redis; env: FileRedis['env'] };
  file.env = (namespace, partitions) => ({
    REDIS_URL: file.server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(partitions),
    USER: 'tester',
  });
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
