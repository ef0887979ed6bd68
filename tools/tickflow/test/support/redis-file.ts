// One ephemeral Redis for a test file (the testkit's helper), and the environment that
// points the CLI at it.
import { connect } from '@tickflow/streams';
import { type FileRedis, redisForThisFile as fileRedis } from '@tickflow/testkit/vitest';
import type { Redis } from 'ioredis';

export interface CliFileRedis extends FileRedis<Redis> {
  /** REDIS_URL, TICKFLOW_NAMESPACE and TICKFLOW_PARTITIONS for the CLI. */
  env(namespace: string, partitions: number): Record<string, string>;
}

export function redisForThisFile(): CliFileRedis {
  const file = fileRedis((url) => connect({ url }, 'commands'));
  return {
    get server() {
      return file.server;
    },
    get redis() {
      return file.redis;
    },
    env: (namespace, partitions) => ({
      REDIS_URL: file.server.url,
      TICKFLOW_NAMESPACE: namespace,
      TICKFLOW_PARTITIONS: String(partitions),
      USER: 'tester',
    }),
  };
}
