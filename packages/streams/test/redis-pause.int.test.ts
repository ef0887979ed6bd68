// Redis frozen (SIGSTOP) for longer than the lease TTL, then thawed. Every lease expires
// during the freeze, so every owner is stale when Redis comes back: no reader may stay wedged,
// no stale owner's ack may land (the ack script checks the lease token), and processing must
// resume with freshly granted leases.
import { setTimeout as sleep } from 'node:timers/promises';
import { partitionKeys, partitionOf } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { assignPartitions } from '../src/assignment.ts';
import { connect, createPublisher } from '../src/index.ts';
import { withScripts } from '../src/scripts.ts';
import {
  type LedgerTarget,
  ledgerProblems,
  pendingOf,
  readLedger,
  streamLength,
  waitDrained,
} from './support/effect-ledger.ts';
import { type AckCall, effectConsumer, newJournal, tokenOf } from './support/in-process-consumer.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

const SYMBOLS = 10;
const LEASE_TTL_MS = 1_500;
const PAUSE_MS = 3_000;
const consumerOptions = { leaseTtlMs: LEASE_TTL_MS, blockMs: 500, batchSize: 20 };

const servers: EphemeralRedis[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // A test that failed mid-pause must not leave Redis frozen under the consumers' stop().
  for (const server of servers.splice(0)) if (server.pid !== undefined) server.resume();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function startRedis(): Promise<{ redis: EphemeralRedis; commands: Redis }> {
  const redis = await startEphemeralRedis();
  servers.push(redis);
  cleanups.push(() => redis.stop());
  const commands = await connect({ url: redis.url }, 'commands');
  cleanups.push(async () => commands.disconnect());
  return { redis, commands };
}

/** Ticks `from` to `to` (exclusive) of every symbol, interleaved. */
function ticks(from: number, to: number) {
  return Array.from({ length: to - from }, (_, n) =>
    Array.from({ length: SYMBOLS }, (_, s) => tick(symbolName(s), from + n)),
  ).flat();
}

/** Each market-data partition's fencing-token counter. */
async function fenceTokens(commands: Redis, target: LedgerTarget): Promise<Map<string, number>> {
  const tokens = new Map<string, number>();
  for (let p = 0; p < target.partitions; p++) {
    const keys = partitionKeys(target.namespace, 'market_data', p);
    tokens.set(keys.stream, Number((await commands.get(keys.fence(target.group))) ?? 0));
  }
  return tokens;
}

/** Accepted acks sent after `since` whose lease token was granted before `tokens` were read. */
function acksWithOldTokens(acks: readonly AckCall[], since: number, tokens: Map<string, number>): AckCall[] {
  return acks.filter(
    (ack) =>
      ack.sentAt > since && ack.error === undefined && tokenOf(ack.holder) <= (tokens.get(ack.stream) ?? 0),
  );
}

async function settles<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let done = false;
  const result = promise.finally(() => {
    done = true;
  });
  await waitFor(() => done, { timeoutMs, description: what });
  return result;
}

describe('Redis paused for longer than the lease TTL', () => {
  it('resumes processing with fresh leases and accepts no ack from a stale lease', async () => {
    const { redis, commands } = await startRedis();
    const target = { namespace: 'pause-all', group: 'pause-g', partitions: 4 };
    const journal = newJournal();
    // A little work per tick, so that Redis freezes in the middle of batches.
    const consumers = ['a', 'b'].map((name) =>
      effectConsumer(target, journal, {
        url: redis.url,
        consumerName: `pause-${name}`,
        ...consumerOptions,
        beforeEffect: (_event, context) => sleep(2, undefined, { signal: context.signal }),
      }),
    );
    cleanups.push(() => Promise.all(consumers.map((consumer) => consumer.stop())));
    for (const consumer of consumers) await consumer.start();
    const publisher = createPublisher(commands, target);
    await publisher.publishAll(ticks(0, 60));
    await waitFor(async () => (await streamLength(commands, target, 'signal')) >= SYMBOLS * 20, {
      timeoutMs: 20_000,
      description: 'a third of the first half processed',
    });

    const tokensBefore = await fenceTokens(commands, target);
    redis.pause();
    const pausedAt = Date.now();
    await sleep(PAUSE_MS); // how long the fault lasts, not a wait for a condition
    redis.resume();
    const resumedAt = Date.now();

    await publisher.publishAll(ticks(60, 120));
    await waitDrained(commands, target, {
      timeoutMs: 20_000,
      description: 'everything, after the pause',
    });
    const drainedMs = Date.now() - resumedAt;

    // Every lease expired while Redis was frozen, so each partition was granted anew...
    const tokensAfter = await fenceTokens(commands, target);
    for (const [stream, token] of tokensBefore) expect(tokensAfter.get(stream)).toBeGreaterThan(token);
    // ...and whatever was acked after the pause was acked under one of the new grants.
    expect(acksWithOldTokens(journal.acks, pausedAt, tokensBefore)).toEqual([]);
    const ledger = await readLedger(commands, target);
    expect(ledger.inputs).toHaveLength(SYMBOLS * 120);
    expect(ledgerProblems(ledger)).toEqual([]);
    for (const consumer of consumers) expect(consumer.ready).toBe(true);
    await waitFor(() => consumers.flatMap((c) => c.ownedStreams()).length === target.partitions, {
      timeoutMs: 10_000,
      description: 'every partition owned again',
    });
    const refused = journal.acks.filter((ack) => ack.sentAt > pausedAt && ack.error !== undefined).length;
    console.log(
      `redis-pause (both live): paused ${PAUSE_MS} ms (lease TTL ${LEASE_TTL_MS} ms); drained ${drainedMs} ms after resume; ` +
        `leases re-granted on ${tokensBefore.size} partitions; ${refused} acks refused after the pause`,
    );
  });

  it('fences a stale owner that finishes its work after the pause, and hands its partition to the live member', async () => {
    const { redis, commands } = await startRedis();
    const target = { namespace: 'pause-move', group: 'pause-g', partitions: 4 };
    const { stale, live, symbol } = pickGate(target);
    const gateKeys = partitionKeys(target.namespace, 'market_data', partitionOf(symbol, target.partitions));
    const GATE_SEQ = 10;
    let gateEntered = false;
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const journal = newJournal();
    // `stale` holds the gate's partition and stops at the gate's tick until the gate opens.
    // That tick is the last one published before the pause, so it ends the stale owner's last
    // batch: the ack of that batch goes out as soon as the tick's effect is applied, before the
    // owner can learn (from a renewal) that its lease is gone.
    const a = effectConsumer(target, journal, {
      url: redis.url,
      consumerName: stale,
      ...consumerOptions,
      beforeEffect: async (event) => {
        if (event.key !== symbol || seqOf(event) !== GATE_SEQ) return;
        gateEntered = true;
        await gate;
      },
    });
    const b = effectConsumer(target, journal, { url: redis.url, consumerName: live, ...consumerOptions });
    cleanups.push(() => Promise.all([a.stop(), b.stop()]));
    cleanups.push(async () => openGate()); // runs first: a stop() must not wait at the gate
    await a.start();
    await b.start();
    await waitFor(
      () =>
        a.ownedStreams().length + b.ownedStreams().length === target.partitions &&
        a.ownedStreams().includes(gateKeys.stream),
      { timeoutMs: 10_000, description: 'the partitions to settle between the two consumers' },
    );
    const publisher = createPublisher(commands, target);
    await publisher.publishAll(ticks(0, GATE_SEQ));
    await publisher.publish(tick(symbol, GATE_SEQ));
    await waitFor(async () => gateEntered && (await othersDrained(commands, target, gateKeys.stream)), {
      timeoutMs: 15_000,
      description: 'the stale owner at the gate and every other partition drained',
    });
    const staleHolder = await commands.get(gateKeys.lease(target.group));
    expect(staleHolder?.startsWith(`${stale}|`)).toBe(true);
    const tokensBefore = await fenceTokens(commands, target);

    // Freeze Redis between two lease renewals of the stale owner, and stop that owner: it
    // finishes its work gracefully, but only once Redis is back, long after its lease expired.
    await waitFor(() => journal.leaseCallsInFlight.get(stale) === 0, {
      intervalMs: 1,
      description: 'no lease call of the stale owner in flight',
    });
    const staleStopped = a.stop();
    redis.pause();
    const pausedAt = Date.now();
    openGate();
    await sleep(PAUSE_MS); // how long the fault lasts, not a wait for a condition
    redis.resume();
    const resumedAt = Date.now();
    await settles(staleStopped, 15_000, 'the stale owner to stop');

    await publisher.publishAll(ticks(GATE_SEQ, 40)); // the gate's tick again: dropped as a duplicate
    await waitDrained(commands, target, {
      timeoutMs: 20_000,
      description: 'the live member to drain everything',
    });
    const drainedMs = Date.now() - resumedAt;

    // The stale owner either dropped the partition by itself (its local lease timer fired
    // during the pause, so it sent no ack) or sent the ack of its last batch (ending with the
    // gate's tick) and the ack script refused it: its lease had expired during the pause.
    // Either way no ack of it landed after the pause.
    const staleAcks = journal.acks.filter((ack) => ack.consumer === stale && ack.sentAt > pausedAt);
    for (const ack of staleAcks) {
      expect(ack.holder).toBe(staleHolder);
      expect(ack.error).toMatch(/^FENCED/);
    }
    expect(acksWithOldTokens(journal.acks, pausedAt, tokensBefore)).toEqual([]);
    // The partition moved to the live member under a new token, which handled the gate's tick
    // again (it was never acked); the effect still exists once.
    const holder = await commands.get(gateKeys.lease(target.group));
    expect(holder?.startsWith(`${live}|`)).toBe(true);
    expect(tokenOf(holder ?? '')).toBeGreaterThan(tokensBefore.get(gateKeys.stream) ?? 0);
    const gateEvent = tick(symbol, GATE_SEQ).id;
    const gateHandled = journal.handled.filter((h) => h.eventId === gateEvent);
    expect(gateHandled[0]?.consumer).toBe(stale);
    expect(gateHandled.filter((h) => h.consumer === live && h.deliveries >= 2)).not.toEqual([]);
    const ledger = await readLedger(commands, target);
    expect(ledger.inputs).toHaveLength(SYMBOLS * 40);
    expect(ledgerProblems(ledger)).toEqual([]);

    // The same refusal, called directly: an ack under the stale lease changes nothing.
    const checkpointBefore = await commands.hgetall(gateKeys.checkpoint(target.group));
    const lastEntry =
      ledger.inputs.filter((input) => input.stream === gateKeys.stream).at(-1)?.entryId ?? '0-1';
    await expect(
      withScripts(commands).tfAck(
        gateKeys.stream,
        gateKeys.lease(target.group),
        gateKeys.checkpoint(target.group),
        gateKeys.remembered(target.group),
        target.group,
        staleHolder ?? '',
        JSON.stringify({ forged: true }),
        0,
        lastEntry,
      ),
    ).rejects.toThrow(/^FENCED/);
    expect(await commands.hgetall(gateKeys.checkpoint(target.group))).toEqual(checkpointBefore);
    expect(await pendingOf(commands, gateKeys.stream, target.group)).toBe(0);
    expect(b.ready).toBe(true);
    console.log(
      `redis-pause (stale owner): ${staleAcks.length} ack(s) of ${staleHolder} refused after the pause; ` +
        `partition now held by ${holder}; drained ${drainedMs} ms after resume`,
    );
  });
});

/** Two consumer names and a symbol whose partition the first one is assigned. */
function pickGate(target: LedgerTarget): { stale: string; live: string; symbol: string } {
  const streams = Array.from(
    { length: target.partitions },
    (_, p) => partitionKeys(target.namespace, 'market_data', p).stream,
  );
  for (let attempt = 0; ; attempt++) {
    const stale = `pause-stale-${attempt}`;
    const live = `pause-live-${attempt}`;
    const assignment = assignPartitions(streams, [stale, live]);
    for (let s = 0; s < SYMBOLS; s++) {
      const symbol = symbolName(s);
      const { stream } = partitionKeys(
        target.namespace,
        'market_data',
        partitionOf(symbol, target.partitions),
      );
      if (assignment.get(stream) === stale) return { stale, live, symbol };
    }
  }
}

/** Nothing pending and the checkpoint at the end, on every partition but `except`. */
async function othersDrained(commands: Redis, target: LedgerTarget, except: string): Promise<boolean> {
  for (let p = 0; p < target.partitions; p++) {
    const keys = partitionKeys(target.namespace, 'market_data', p);
    if (keys.stream === except || (await commands.exists(keys.stream)) === 0) continue;
    if ((await pendingOf(commands, keys.stream, target.group)) > 0) return false;
    const last = await commands.hget(keys.checkpoint(target.group), 'last');
    const tail = await commands.xrevrange(keys.stream, '+', '-', 'COUNT', 1);
    if (last !== tail[0]?.[0]) return false;
  }
  return true;
}
