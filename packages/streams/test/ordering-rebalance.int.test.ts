// Per-symbol order and effectively-once effects while members of one group join and leave
// mid-stream: 50 symbols × 2,000 trades over 8 partitions, published in the background
// while consumers A, B, C join, A stops gracefully and a new member A' joins.
//
// "Effect" is measured through the runtime's own mechanisms, not a JS counter:
// - the handler keeps, per symbol, the last applied seq and a count in `context.state`
//   (saved atomically with the ack) and applies an entry only when seq === last + 1;
//   the final checkpoint state in Redis must show every symbol at 1,999 with 2,000 effects;
// - the handler publishes a derived signal per trade through `context.publish`: the output
//   streams must hold exactly 100,000 entries with distinct ids (publish dedupe).
// Every invocation is also recorded in JS to check per-symbol invocation order and that any
// re-invocation is of a redelivered (pending) entry.
import { deriveEvent, type MarketDataEvent, partitionKeys, partitionOf } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consumer, connect, createConsumer, createPublisher, noopMetrics } from '../src/index.ts';
import { fastTick } from './support/fast-ticks.ts';
import { checkpointOf, groupInfo, pendingCount, readStream } from './support/stream-inspect.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

const NAMESPACE = 'ordreb';
const GROUP = 'order-check';
const PARTITIONS = 8;
const SYMBOLS = 50;
const PER_SYMBOL = 2_000;
const TOTAL = SYMBOLS * PER_SYMBOL;
/** How far publishing may run ahead of handling: members join and leave while it goes on. */
const PUBLISH_LEAD = 5_000;
const SCOPE = 'test/ordering-rebalance';

type SymbolState = Record<string, { last: number; applied: number }>;

interface Invocation {
  readonly seq: number;
  readonly deliveries: number;
  readonly consumer: string;
  readonly entryId: string;
}

let redis: EphemeralRedis;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('ordering across rebalances', () => {
  it('handles every symbol in order, each effect once, while members join and leave', async () => {
    const startedAt = performance.now();
    const commands = await connect({ url: redis.url }, 'commands');
    const consumers: Consumer[] = [];
    let publishing: Promise<void> | undefined;
    const done = new AbortController();
    try {
      const symbols = Array.from({ length: SYMBOLS }, (_, s) => symbolName(s));
      for (const seq of [0, 1, 7, PER_SYMBOL - 1])
        expect(fastTick(symbols[3] ?? '', seq)).toEqual(tick(symbols[3] ?? '', seq));
      const invocations = new Map<string, Invocation[]>(symbols.map((s) => [s, []]));
      /** Distinct (symbol, seq) applied by some handler call: drives the phases. */
      let progressed = 0;
      const maxApplied = new Map<string, number>(symbols.map((s) => [s, -1]));
      const violations: string[] = [];
      const ownersByStream = new Map<string, string[]>();
      const releases: string[] = [];

      const makeConsumer = (name: string): Consumer => {
        const consumer = createConsumer({
          connection: { url: redis.url },
          namespace: NAMESPACE,
          partitions: PARTITIONS,
          group: GROUP,
          consumerName: name,
          batchSize: 50,
          blockMs: 250,
          // Members rebalance every renewal (500 ms); graceful handovers do not wait for the
          // TTL, which only bounds how long a stalled event loop may keep its leases.
          leaseTtlMs: 3_000,
          leaseRenewMs: 500,
          metrics: {
            ...noopMetrics,
            leaseChanged: (labels, owned) => {
              if (!owned) releases.push(`${name} released ${labels.stream}`);
            },
          },
        });
        consumer.on(
          'market_data',
          async (event: MarketDataEvent, context) => {
            const seq = seqOf(event);
            invocations.get(event.key)?.push({
              seq,
              deliveries: context.deliveries,
              consumer: name,
              entryId: context.entryId,
            });
            const owners = ownersByStream.get(context.stream) ?? [];
            if (owners.at(-1) !== name) owners.push(name);
            ownersByStream.set(context.stream, owners);
            if (seq > (maxApplied.get(event.key) ?? -1)) {
              maxApplied.set(event.key, seq);
              progressed++;
            }

            const state = context.state.get<SymbolState>() ?? {};
            const current = state[event.key] ?? { last: -1, applied: 0 };
            if (seq <= current.last) {
              // The checkpoint says this entry's effect is applied: the runtime must not hand it over again.
              violations.push(`${name} got ${event.key}#${seq} already applied (state last ${current.last})`);
              return;
            }
            if (seq !== current.last + 1) {
              violations.push(`${name} got ${event.key}#${seq} after ${current.last}: a gap`);
              return;
            }
            await context.publish(
              deriveEvent(event, {
                type: 'signal',
                scope: SCOPE,
                data: {
                  symbol: event.key,
                  signal: 'long',
                  strength: '0.5',
                  strategy_id: 'order-check',
                  reason: `trade ${seq}`,
                },
              }),
            );
            context.state.set({ ...state, [event.key]: { last: seq, applied: current.applied + 1 } });
          },
          { name: 'order-check' },
        );
        consumers.push(consumer);
        return consumer;
      };

      const publisher = createPublisher(commands, { namespace: NAMESPACE, partitions: PARTITIONS });
      let published = 0;
      publishing = (async () => {
        const chunk = 10;
        for (let from = 0; from < PER_SYMBOL; from += chunk) {
          const events: MarketDataEvent[] = [];
          for (let seq = from; seq < Math.min(from + chunk, PER_SYMBOL); seq++) {
            for (const symbol of symbols) events.push(fastTick(symbol, seq));
          }
          const results = await publisher.publishAll(events);
          published += results.filter((r) => !r.duplicate).length;
          await waitFor(() => published - progressed < PUBLISH_LEAD, {
            timeoutMs: 30_000,
            intervalMs: 5,
            signal: done.signal,
            description: `handling to catch up with publishing (${progressed} of ${published})`,
          });
        }
      })();
      publishing.catch(() => undefined); // awaited below; no unhandled rejection meanwhile

      const phase = async (fraction: number, what: string) => {
        await waitFor(() => progressed >= TOTAL * fraction, {
          timeoutMs: 40_000,
          intervalMs: 20,
          description: `${Math.round(fraction * 100)}% handled before ${what} (at ${progressed})`,
        });
        return progressed;
      };

      const a = makeConsumer('ord-A');
      await a.start();
      const atB = await phase(0.2, 'B joins');
      await makeConsumer('ord-B').start();
      const atC = await phase(0.4, 'C joins');
      await makeConsumer('ord-C').start();
      const atStop = await phase(0.6, 'A stops');
      await a.stop();
      const pendingOfA = await Promise.all(
        Array.from({ length: PARTITIONS }, (_, p) =>
          commands.xpending(partitionKeys(NAMESPACE, 'market_data', p).stream, GROUP, '-', '+', 10, 'ord-A'),
        ),
      );
      expect(pendingOfA.flat(), 'a graceful stop leaves nothing pending under its name').toEqual([]);
      const atA2 = await phase(0.7, "A' joins");
      await makeConsumer('ord-A2').start();

      await publishing;
      expect(published).toBe(TOTAL);
      await waitFor(() => progressed >= TOTAL, { timeoutMs: 40_000, description: 'all events handled' });
      const streams = Array.from({ length: PARTITIONS }, (_, p) =>
        partitionKeys(NAMESPACE, 'market_data', p),
      );
      await waitFor(
        async () => {
          for (const keys of streams) {
            if ((await pendingCount(commands, keys.stream, GROUP)) !== 0) return false;
            const [lastEntry] = await commands.xrevrange(keys.stream, '+', '-', 'COUNT', 1);
            if ((await checkpointOf(commands, keys.checkpoint(GROUP))).last !== lastEntry?.[0]) return false;
          }
          return true;
        },
        { timeoutMs: 20_000, description: 'every partition acked and checkpointed to its last entry' },
      );

      // 1. Invocation order: per symbol, each call is either the next seq (progress) or a
      //    re-run of an earlier entry that was redelivered from the pending list; every call
      //    is for the one stream entry of its (symbol, seq): the inputs hold no duplicates.
      expect(violations).toEqual([]);
      const entryOf = await inputEntries(commands);
      expect(entryOf.size).toBe(TOTAL);
      let reinvocations = 0;
      for (const symbol of symbols) {
        const calls = invocations.get(symbol) ?? [];
        let max = -1;
        const bad: string[] = [];
        for (const call of calls) {
          const where = `#${call.seq} (entry ${call.entryId}, deliveries ${call.deliveries}, by ${call.consumer})`;
          if (entryOf.get(`${symbol}#${call.seq}`) !== call.entryId)
            bad.push(`${where} is not its stream entry`);
          if (call.seq === max + 1) max = call.seq;
          else if (call.seq <= max && call.deliveries > 1) reinvocations++;
          else bad.push(`${where} after #${max}`);
        }
        expect(bad, `invocation order of ${symbol}`).toEqual([]);
        expect(max, `last seq handled of ${symbol}`).toBe(PER_SYMBOL - 1);
      }

      // 2. Effects, as the runtime checkpointed them: per symbol, state says 2,000 applied, last 1,999.
      const effects: SymbolState = {};
      for (const keys of streams) {
        const { state } = await checkpointOf(commands, keys.checkpoint(GROUP));
        Object.assign(effects, state as SymbolState);
      }
      for (const symbol of symbols) {
        expect(effects[symbol], `checkpointed effect of ${symbol}`).toEqual({
          last: PER_SYMBOL - 1,
          applied: PER_SYMBOL,
        });
        const partition = partitionOf(symbol, PARTITIONS);
        const state = (
          await checkpointOf(commands, partitionKeys(NAMESPACE, 'market_data', partition).checkpoint(GROUP))
        ).state as SymbolState;
        expect(state[symbol], `${symbol} lives in the state of its own partition`).toBeDefined();
      }

      // 3. Outputs: exactly one derived signal per input, all distinct.
      const outputs = await outputIds(commands);
      expect(outputs.count).toBe(TOTAL);
      expect(outputs.ids.size).toBe(TOTAL);
      expect(outputs.causes.size).toBe(TOTAL);

      // 4. The group is done: nothing pending, nothing lagging, nothing dead-lettered.
      for (const keys of streams) {
        const info = await groupInfo(commands, keys.stream, GROUP);
        expect(info?.lag, `lag of ${keys.stream}`).toBe(0);
        expect(await commands.xlen(keys.deadLetter)).toBe(0);
      }

      // 5. The rebalances did happen mid-stream: every member handled events, and partitions moved.
      const handledBy = new Set<string>();
      for (const calls of invocations.values()) for (const call of calls) handledBy.add(call.consumer);
      expect([...handledBy].sort()).toEqual(['ord-A', 'ord-A2', 'ord-B', 'ord-C']);
      const moved = [...ownersByStream.values()].filter((owners) => owners.length > 1).length;
      expect(moved).toBeGreaterThanOrEqual(4);

      console.info(
        `ordering-rebalance: ${TOTAL} events in ${Math.round(performance.now() - startedAt)} ms; ` +
          `B at ${atB}, C at ${atC}, A stopped at ${atStop}, A' at ${atA2}; ${reinvocations} re-invocations; ` +
          `owners per partition: ${[...ownersByStream.entries()]
            .sort()
            .map(([stream, owners]) => `${stream} ${owners.join('>')}`)
            .join(' | ')}; ` +
          `${releases.length} releases`,
      );
    } finally {
      done.abort();
      await publishing?.catch(() => undefined);
      await Promise.allSettled(consumers.map((c) => c.stop()));
      commands.disconnect();
    }
  }, 120_000);
});

/** The entry id of every input, by `<symbol>#<seq>`; throws on an input stored twice. */
async function inputEntries(commands: Redis): Promise<Map<string, string>> {
  const entryOf = new Map<string, string>();
  for (let p = 0; p < PARTITIONS; p++) {
    for (const entry of await readStream(commands, partitionKeys(NAMESPACE, 'market_data', p).stream)) {
      const data = JSON.parse(entry.fields.data ?? '{}') as { trade_id?: string };
      const key = `${entry.fields.key}#${data.trade_id}`;
      if (entryOf.has(key)) throw new Error(`${key} is stored twice: ${entryOf.get(key)} and ${entry.id}`);
      entryOf.set(key, entry.id);
    }
  }
  return entryOf;
}

/** Every derived signal in the output partitions: entry count, distinct event ids, distinct causes. */
async function outputIds(commands: Redis): Promise<{ count: number; ids: Set<string>; causes: Set<string> }> {
  const ids = new Set<string>();
  const causes = new Set<string>();
  let count = 0;
  for (let p = 0; p < PARTITIONS; p++) {
    for (const entry of await readStream(commands, partitionKeys(NAMESPACE, 'signal', p).stream)) {
      count++;
      if (entry.fields.id !== undefined) ids.add(entry.fields.id);
      if (entry.fields.cause !== undefined) causes.add(entry.fields.cause);
    }
  }
  return { count, ids, causes };
}
