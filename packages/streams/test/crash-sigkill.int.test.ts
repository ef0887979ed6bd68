// Consumers SIGKILLed at random points of their work — before the effect, between the effect
// and the ack, just after the ack — and restarted, twenty times in one run, sometimes with two
// processes alive (so partitions also move between live members). Every input's effect must
// end up applied exactly once: one derived signal per tick, and a partition state that
// counted each tick once, in order.
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createPublisher } from '../src/index.ts';
import {
  type ConsumerChild,
  describeExit,
  killAllConsumerChildren,
  startConsumerChild,
} from './support/consumer-child.ts';
import { ledgerProblems, readLedger, waitDrained } from './support/effect-ledger.ts';
import { symbolName, tick } from './support/ticks.ts';

const target = { namespace: 'crash', group: 'crash-g', partitions: 4 };
const SYMBOLS = 10;
const EVENTS_PER_SYMBOL = 500;
const KILLS = 20;
const CRASH_POINTS = ['before-effect', 'after-effect-before-ack', 'after-ack'] as const;

let redis: EphemeralRedis | undefined;
let commands: Redis | undefined;
beforeAll(async () => {
  redis = await startEphemeralRedis();
  commands = await connect({ url: redis.url }, 'commands');
});
afterAll(async () => {
  await killAllConsumerChildren();
  commands?.disconnect();
  await redis?.stop();
});

describe('consumer processes SIGKILLed at random points', () => {
  it('apply every effect exactly once, lose nothing and leave nothing pending', async () => {
    if (redis === undefined || commands === undefined) throw new Error('redis did not start');
    const url = redis.url;
    const started = Date.now();
    const env = (name: string): Record<string, string> => ({
      REDIS_URL: url,
      TF_NAMESPACE: target.namespace,
      TF_GROUP: target.group,
      TF_PARTITIONS: String(target.partitions),
      TF_CONSUMER_NAME: name,
      TF_LEASE_TTL_MS: '1000',
      TF_BATCH_SIZE: '20',
      TF_BLOCK_MS: '500',
    });
    // Each crash point gets a third of the kills, in random order. A process dies when the
    // N-th event reaches its point; N is small, so all kills fit well inside the input.
    const points = shuffle(Array.from({ length: KILLS }, (_, i) => CRASH_POINTS[i % CRASH_POINTS.length]));
    const live = new Set<ConsumerChild>();
    const kills: string[] = [];
    let spawned = 0;
    let mostAlive = 0;
    // The next process is started ahead and waits, modules loaded, to be told to start: a
    // replacement then joins at once instead of after Node's start-up.
    const prepare = (): ConsumerChild | undefined => {
      if (spawned >= KILLS) return undefined;
      const point = points[spawned] ?? 'before-effect';
      return startConsumerChild({
        ...env(`crash-${spawned++}`),
        TF_START_ON_STDIN: '1',
        TF_CRASH_POINT: point,
        TF_CRASH_AT: String(5 + Math.floor(Math.random() * 60)),
      });
    };
    let next = prepare();
    const survivor = startConsumerChild({ ...env('crash-survivor'), TF_START_ON_STDIN: '1' });
    const events = Array.from({ length: EVENTS_PER_SYMBOL }, (_, n) =>
      Array.from({ length: SYMBOLS }, (_, s) => tick(symbolName(s), n)),
    ).flat();
    const published = await createPublisher(commands, target).publishAll(events);
    expect(published.filter((r) => r.duplicate)).toEqual([]);

    while (kills.length < KILLS) {
      const wanted = Math.random() < 0.7 ? 2 : 1;
      while (live.size < wanted && next !== undefined) {
        next.go();
        live.add(next);
        next = prepare();
      }
      mostAlive = Math.max(mostAlive, live.size);
      const dead = await waitFor(() => [...live].find((child) => child.exit() !== undefined), {
        timeoutMs: 20_000,
        description: `a consumer to reach its crash point (kill ${kills.length + 1} of ${KILLS})`,
      });
      live.delete(dead);
      const exit = dead.exit();
      const crash = dead.lines.find((line) => line.startsWith('crash '));
      if (exit?.signal !== 'SIGKILL' || crash === undefined) {
        throw new Error(
          `consumer ${dead.pid} ended with ${exit ? describeExit(exit) : '?'} instead of killing itself: ${dead.stderr()}`,
        );
      }
      kills.push(crash.split(' ')[1] ?? '?');
    }

    survivor.go();
    await survivor.ready;
    await waitDrained(commands, target, {
      timeoutMs: 30_000,
      description: 'the survivor to drain every partition',
    });
    survivor.signal('SIGTERM');
    const exit = await waitFor(() => survivor.exit(), { timeoutMs: 10_000, description: 'survivor to stop' });
    expect(describeExit(exit)).toBe('exit code 0');

    const ledger = await readLedger(commands, target);
    expect(ledger.inputs).toHaveLength(SYMBOLS * EVENTS_PER_SYMBOL);
    expect(ledgerProblems(ledger)).toEqual([]);
    const byPoint = Object.fromEntries(CRASH_POINTS.map((p) => [p, kills.filter((k) => k === p).length]));
    console.log(
      `crash-sigkill: ${kills.length} SIGKILLs ${JSON.stringify(byPoint)}, up to ${mostAlive} consumers alive at once, ` +
        `${ledger.outputs.length} effects for ${ledger.inputs.length} inputs, ${Date.now() - started} ms`,
    );
    for (const point of CRASH_POINTS) expect(byPoint[point]).toBeGreaterThan(0);
    expect(mostAlive).toBe(2);
  });
});

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
