// One ephemeral Redis and one `commands` connection for a test file (the testkit's helper,
// connected through this package's own `connect`). Read `.redis` / `.server` inside tests.
import { type FileRedis, redisForThisFile as fileRedis } from '@tickflow/testkit/vitest';
import type { Redis } from 'ioredis';
import { connect } from '../../src/index.ts';

export function redisForThisFile(): FileRedis<Redis> {
  return fileRedis((url) => connect({ url }, 'commands'));
}
