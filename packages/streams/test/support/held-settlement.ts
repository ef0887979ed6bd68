// A partition's settlement on a real Redis, for tests that must see what Redis holds while
// a script call is in flight: `count` entries read and pending for consumer `c` of group `g`,
// the lease held, their permits taken (with the worker's memory and permits), and the first call of one script held until released.
import { type PartitionKeys, partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createInFlightLimit, type InFlightLimit } from '../../src/in-flight.ts';
import { partitionLabels } from '../../src/metrics.ts';
import { resolveConsumerOptions } from '../../src/options.ts';
import { type PartitionMemory, partitionMemory } from '../../src/partition-memory.ts';
import { type PartitionPermits, partitionPermits } from '../../src/partition-permits.ts';
import { type ScriptCommands, type ScriptedRedis, withScripts } from '../../src/scripts.ts';
import { createSettlement, type Settlement } from '../../src/settlement.ts';

export interface HeldSettlement {
  readonly keys: PartitionKeys;
  /** The pending entries' ids, in stream order. */
  readonly ids: readonly string[];
  readonly settlement: Settlement;
  /** What the worker's batches would do: processed(), state, remember(). */
  readonly memory: PartitionMemory;
  readonly permits: PartitionPermits;
  readonly inFlight: InFlightLimit;
  /** Each call of the held script, as the count `idsFrom` read from its arguments. */
  readonly calls: number[];
  /** Lets the held calls through. */
  release(): void;
}

/** Holds the first call of `script` until `release`; `idsFrom(args)` fills `calls`. */
export async function heldSettlement(
  redis: Redis,
  namespace: string,
  count: number,
  script: keyof ScriptCommands,
  idsFrom: (args: unknown[]) => number = () => 0,
): Promise<HeldSettlement> {
  const keys = partitionKeys(namespace, 'market_data', 0);
  const ids: string[] = [];
  for (let n = 0; n < count; n++) ids.push((await redis.xadd(keys.stream, '*', 'n', String(n))) as string);
  await redis.xgroup('CREATE', keys.stream, 'g', '0');
  await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', count, 'STREAMS', keys.stream, '>');
  const holder = 'c|1';
  await redis.set(keys.lease('g'), holder);
  const inFlight = createInFlightLimit(count * 2);
  const permits = partitionPermits(inFlight);
  const signal = new AbortController().signal;
  expect(await permits.forRead(count, signal)).toBe(count);
  const memory = partitionMemory();

  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const calls: number[] = [];
  const scripted = withScripts(redis);
  const commands = new Proxy(scripted, {
    get(target, property, receiver) {
      if (property !== script) return Reflect.get(target, property, receiver);
      const call = (target[script] as (...args: unknown[]) => Promise<unknown>).bind(target);
      return async (...args: unknown[]) => {
        calls.push(idsFrom(args));
        if (calls.length === 1) await gate;
        return call(...args);
      };
    },
  }) as ScriptedRedis;
  const settlement = createSettlement({
    keys,
    holder,
    commands,
    config: resolveConsumerOptions({ namespace, partitions: 1, group: 'g' }, 'c'),
    memory,
    permits,
    labels: partitionLabels(keys, 'g'),
    signal,
  });
  return { keys, ids, settlement, memory, permits, inFlight, calls, release };
}
