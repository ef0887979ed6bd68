// Circuit breakers: a handler failing for every event opens its circuit; while it is open
// nothing is acked or lost, and the state is reported to Redis for a monitor; once the handler
// succeeds again the circuit closes (open → half-open → closed) and the waiting entries are
// handled in order.
import { groupKeys, type MarketDataEvent, partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consumer, connect, createConsumer, createPublisher, noopMetrics } from '../src/index.ts';
import { checkpointOf, pendingCount } from './support/stream-inspect.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

let redis: EphemeralRedis;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('circuit breaker', () => {
  it('opens the circuit of a handler failing for every event, loses nothing while open, closes after', async () => {
    const namespace = 'circuit';
    const group = 'circuit-check';
    const keys = partitionKeys(namespace, 'market_data', 0);
    const symbol = symbolName(0);
    const commands = await connect({ url: redis.url }, 'commands');
    let consumer: Consumer | undefined;
    try {
      const publisher = createPublisher(commands, { namespace, partitions: 1 });
      const transitions: string[] = [];
      const handled: number[] = [];
      let calls = 0;
      let failing = false;
      consumer = createConsumer({
        connection: { url: redis.url },
        namespace,
        partitions: 1,
        group,
        circuitFailureThreshold: 3,
        circuitCoolDownMs: 300,
        // Not the subject here: every failed trial counts as a delivery, so keep the entry out of the DLQ.
        maxDeliveries: 1_000,
        retryBaseDelayMs: 10,
        retryMaxDelayMs: 20,
        blockMs: 250,
        leaseTtlMs: 2_000,
        leaseRenewMs: 500,
        metrics: {
          ...noopMetrics,
          circuitChanged: (changedGroup, handler, state) => {
            if (changedGroup === group && handler === 'flaky') transitions.push(state);
          },
        },
      });
      consumer.on(
        'market_data',
        (event: MarketDataEvent) => {
          calls++;
          if (failing) throw new Error('downstream unavailable');
          handled.push(seqOf(event));
        },
        { name: 'flaky' },
      );
      await consumer.start();

      const first = await publisher.publishAll(range(0, 10).map((seq) => tick(symbol, seq)));
      await waitFor(
        async () =>
          handled.length === 10 &&
          (await checkpointOf(commands, keys.checkpoint(group))).last === first.at(-1)?.entryId,
        { timeoutMs: 15_000, description: 'the first 10 handled and checkpointed' },
      );

      failing = true;
      const second = await publisher.publishAll(range(10, 20).map((seq) => tick(symbol, seq)));
      await waitFor(() => transitions.includes('open'), { timeoutMs: 15_000, description: 'circuit open' });
      // Reported to Redis too, for a monitor: `<consumer>/<handler>` → its state.
      const circuits = groupKeys(namespace, group).circuits;
      const reported = async () =>
        JSON.parse((await commands.hget(circuits, `${consumer?.name}/flaky`)) ?? '{}').state;
      await waitFor(async () => (await reported()) !== undefined, { description: 'the circuit reported' });
      expect(['open', 'half-open']).toContain(await reported());
      const checkpointWhenOpened = (await checkpointOf(commands, keys.checkpoint(group))).last;
      const pendingWhenOpened = await pendingIds(commands, keys.stream, group);
      expect(checkpointWhenOpened).toBe(first.at(-1)?.entryId);
      expect(pendingWhenOpened.length).toBeGreaterThan(0);
      expect(pendingWhenOpened).toEqual(second.map((r) => r.entryId).slice(0, pendingWhenOpened.length));

      // Let a trial call fail (half-open → open again), then look again: nothing moved.
      await waitFor(() => transitions.filter((state) => state === 'open').length >= 2, {
        timeoutMs: 15_000,
        description: 'a failed trial re-opens the circuit',
      });
      expect(transitions.slice(0, 3)).toEqual(['open', 'half-open', 'open']);
      expect((await checkpointOf(commands, keys.checkpoint(group))).last).toBe(checkpointWhenOpened);
      expect(await pendingIds(commands, keys.stream, group)).toEqual(pendingWhenOpened);
      expect(await commands.xlen(keys.deadLetter)).toBe(0);
      expect(handled).toEqual(range(0, 10));
      const callsWhileOpen = calls;

      failing = false;
      await waitFor(() => transitions.at(-1) === 'closed' && handled.length === 20, {
        timeoutMs: 15_000,
        description: 'circuit closed and the waiting events handled',
      });
      await waitFor(async () => (await pendingCount(commands, keys.stream, group)) === 0, {
        timeoutMs: 10_000,
        description: 'all acked',
      });
      expect(calls).toBeGreaterThan(callsWhileOpen);
      // open → half-open (→ open → half-open)* → closed
      expect(transitions.at(-2)).toBe('half-open');
      for (let i = 0; i < transitions.length - 1; i++) {
        expect(transitions[i]).toBe(i % 2 === 0 ? 'open' : 'half-open');
      }
      expect(handled).toEqual(range(0, 20));
      expect((await checkpointOf(commands, keys.checkpoint(group))).last).toBe(second.at(-1)?.entryId);
      await waitFor(async () => (await reported()) === 'closed', {
        description: 'the closed circuit reported',
      });
      await consumer.stop();
      // A stopped consumer's reports go with it.
      expect(await commands.hlen(circuits)).toBe(0);
      expect(await commands.xlen(keys.deadLetter)).toBe(0);
    } finally {
      await consumer?.stop();
      commands.disconnect();
    }
  });
});

/** Ids of the entries pending in `group` on `stream`. */
async function pendingIds(commands: Redis, stream: string, group: string): Promise<string[]> {
  const rows = (await commands.xpending(stream, group, '-', '+', 1_000)) as [string, ...unknown[]][];
  return rows.map(([id]) => id);
}
