// One ephemeral Redis and one `commands` connection per test file (the testkit's helper,
// connected the way the runtime connects).
import { connect } from '@tickflow/streams';
import { type FileRedis, redisForThisFile as fileRedis } from '@tickflow/testkit/vitest';
import type { Redis } from 'ioredis';

export type { FileRedis };

export function redisForThisFile(): FileRedis<Redis> {
  return fileRedis((url) => connect({ url }, 'commands'));
}
