import { startEphemeralRedis } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { leaveGroup, pruneIdleConsumers } from '../src/consumer-names.ts';
import { connect } from '../src/index.ts';

describe('consumer names', () => {
  it('prunes idle names with nothing pending, never one with pending entries, and leaves on a clean stop', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    try {
      await redis.xgroup('CREATE', 's', 'g', '0', 'MKSTREAM');
      await redis.xadd('s', '*', 'n', '1');
      await redis.xadd('s', '*', 'n', '2');
      // 'holder' reads both entries and never acks; 'idle' and 'me' have nothing pending.
      await redis.xreadgroup('GROUP', 'g', 'holder', 'COUNT', 2, 'STREAMS', 's', '>');
      await redis.xgroup('CREATECONSUMER', 's', 'g', 'idle');
      await redis.xgroup('CREATECONSUMER', 's', 'g', 'me');

      expect(await pruneIdleConsumers(redis, 's', 'g', 'me', -1)).toEqual(['idle']);
      const names = async () =>
        ((await redis.call('XINFO', 'CONSUMERS', 's', 'g')) as unknown[][]).map(
          (info) => info[info.indexOf('name') + 1],
        );
      expect((await names()).sort()).toEqual(['holder', 'me']);

      await leaveGroup(redis, 's', 'g', 'holder');
      expect((await names()).sort()).toEqual(['holder', 'me']);
      await leaveGroup(redis, 's', 'g', 'me');
      expect(await names()).toEqual(['holder']);
      expect((await redis.xpending('s', 'g'))[0]).toBe(2);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
