// A kill-switch poll that fails keeps the last state and is logged by what failed: Redis
// unreachable (an outage, logged as a warning once per poll until it is back) or anything
// else, such as the key holding another type (an error: it will not pass by itself).
import { connect } from '@tickflow/streams';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { killSwitchKey, logRefreshFailure, openKillSwitch } from '../src/kill-switch.ts';

const NAMESPACE = 'ksr';

interface Logged {
  readonly level: 'warn' | 'error';
  readonly message: string;
}

/** A kill switch polling every 50 ms on a Redis of its own, its failures logged into `logged`. */
async function pollingKillSwitch() {
  const server = await startEphemeralRedis();
  const redis = await connect({ url: server.url, commandTimeoutMs: 500 }, 'commands');
  const logged: Logged[] = [];
  const logger = {
    warn: (_fields: object, message: string) => logged.push({ level: 'warn', message }),
    error: (_fields: object, message: string) => logged.push({ level: 'error', message }),
  };
  const killSwitch = await openKillSwitch({
    redis,
    namespace: NAMESPACE,
    pollMs: 50,
    onChange: () => undefined,
    onError: (error) => logRefreshFailure(logger as never, error),
  });
  const close = async () => {
    killSwitch.stop();
    redis.disconnect();
    await server.stop();
  };
  return { server, redis, killSwitch, logged, close };
}

describe('a failed kill-switch poll', () => {
  it('given Redis gone, then it warns and keeps the last state', async () => {
    const { server, killSwitch, logged, close } = await pollingKillSwitch();
    try {
      await killSwitch.set('REDUCING');
      await server.stop();
      await waitFor(() => logged.length >= 2, { timeoutMs: 15_000, description: 'two failed polls logged' });
      expect(new Set(logged.map(({ level }) => level))).toEqual(new Set(['warn']));
      expect(logged[0]?.message).toMatch(/Redis unavailable/);
      expect(killSwitch.current()).toBe('REDUCING');
    } finally {
      await close();
    }
  });

  it('given the key of another type, then it logs an error and keeps the last state', async () => {
    const { redis, killSwitch, logged, close } = await pollingKillSwitch();
    try {
      await redis.del(killSwitchKey(NAMESPACE));
      await redis.hset(killSwitchKey(NAMESPACE), 'state', 'HALTED');
      await waitFor(() => logged.length >= 1, { timeoutMs: 15_000, description: 'a failed poll logged' });
      expect(logged[0]).toEqual({
        level: 'error',
        message: 'kill switch refresh failed; keeping the last state',
      });
      expect(killSwitch.current()).toBe('ACTIVE');
    } finally {
      await close();
    }
  });
});
