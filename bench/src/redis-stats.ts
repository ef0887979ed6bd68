// Opt-in (with BENCH_LOOP_STATS): what Redis itself spent over a phase — its CPU and, per
// command, calls and µs per call (INFO commandstats, reset at the phase's start).
import type { Redis } from 'ioredis';

export interface RedisPhase {
  /** One line: Redis' CPU over the phase and its busiest commands. */
  describe(): Promise<string>;
}

export async function redisPhase(redis: Redis): Promise<RedisPhase> {
  const cpu = async () => {
    const info = await redis.info('cpu');
    const field = (name: string) => Number(info.match(new RegExp(`${name}:([\\d.]+)`))?.[1] ?? 0);
    return field('used_cpu_user') + field('used_cpu_sys');
  };
  await redis.config('RESETSTAT');
  const startedCpu = await cpu();
  const started = performance.now();
  return {
    async describe() {
      const seconds = (performance.now() - started) / 1000;
      const busy = (await cpu()) - startedCpu;
      const stats = [
        ...(await redis.info('commandstats')).matchAll(
          /cmdstat_(\w+):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)/g,
        ),
      ]
        .map(([, name, calls, usec, per]) => ({
          name,
          calls: Number(calls),
          usec: Number(usec),
          per: Number(per),
        }))
        .sort((a, b) => b.usec - a.usec)
        .slice(0, 5);
      return `redis: CPU ${((busy / seconds) * 100).toFixed(1)} % over ${seconds.toFixed(1)} s; ${stats
        .map((s) => `${s.name} ×${s.calls} ${s.per} µs/call (${(s.usec / 1e6).toFixed(2)} s)`)
        .join('; ')}`;
    },
  };
}
