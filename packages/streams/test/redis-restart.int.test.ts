// Redis SIGKILLed mid-run and restarted on the same port with the same data directory (AOF),
// while a producer publishes and two consumers apply effects. The consumers must reconnect by
// themselves and drain. With `appendfsync always` nothing acknowledged may be lost; with
// `everysec` at most about a second's writes may be, and whatever survived must still have
// its effect exactly once.
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppendFsync, type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type Consumer, connect, createPublisher } from '../src/index.ts';
import { type Ledger, ledgerProblems, readLedger, waitDrained } from './support/effect-ledger.ts';
import { effectConsumer, type Journal, newJournal } from './support/in-process-consumer.ts';
import { symbolName, tick } from './support/ticks.ts';

const SYMBOLS = 10;
const EVENTS_PER_SYMBOL = 300;
/** Redis may hold back the AOF write for up to 2 s while a background fsync runs (everysec). */
const EVERYSEC_LOSS_WINDOW_MS = 2_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface RestartRun {
  readonly ledger: Ledger;
  readonly problems: string[];
  readonly confirmed: number;
  /** Publishes confirmed to the producer but missing from the streams at the end. */
  readonly lostInputs: number;
  /** Entries whose ack was confirmed before the kill, yet handled again after it. */
  readonly lostAcks: number;
  /** Derived signals confirmed before the kill whose entry is gone (re-appended later). */
  readonly lostEffects: number;
  /** Publishes confirmed within the loss window before the kill: the allowed loss. */
  readonly confirmedJustBeforeKill: number;
  readonly downMs: number;
  readonly drainedMs: number;
}

async function runWithRestart(appendfsync: AppendFsync): Promise<RestartRun> {
  const redis: EphemeralRedis = await startEphemeralRedis({ appendonly: true, appendfsync });
  cleanups.push(() => redis.stop());
  const commands: Redis = await connect({ url: redis.url }, 'commands');
  cleanups.push(async () => commands.disconnect());
  const target = { namespace: `restart-${appendfsync}`, group: 'restart-g', partitions: 4 };
  const journal: Journal = newJournal();
  const consumers: Consumer[] = ['a', 'b'].map((name) =>
    effectConsumer(target, journal, {
      url: redis.url,
      consumerName: `restart-${name}`,
      leaseTtlMs: 2_000,
      blockMs: 500,
      batchSize: 20,
      // Fast retries: a handler whose publish fails while Redis is away must be re-run after
      // the outage, never dead-lettered for it, however soon its retries run out.
      retryBaseDelayMs: 10,
    }),
  );
  cleanups.push(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });
  for (const consumer of consumers) await consumer.start();

  // The producer publishes one tick per symbol at a time and retries until Redis confirms,
  // so per-symbol order holds and a retry of an applied publish is dropped as a duplicate.
  const publisher = createPublisher(commands, target);
  const confirmedAt = new Map<string, number>();
  const produce = async () => {
    for (let seq = 0; seq < EVENTS_PER_SYMBOL; seq++) {
      let batch = Array.from({ length: SYMBOLS }, (_, s) => tick(symbolName(s), seq));
      for (let attempt = 1; batch.length > 0; attempt++) {
        const results = await Promise.allSettled(batch.map((event) => publisher.publish(event)));
        const now = Date.now();
        batch.forEach((event, i) => {
          if (results[i]?.status === 'fulfilled') confirmedAt.set(event.id, now);
        });
        batch = batch.filter((_, i) => results[i]?.status !== 'fulfilled');
        if (batch.length > 0) await sleep(Math.min(20 * attempt, 200));
      }
      await sleep(5);
    }
  };
  let killAt = 0;
  let upAt = 0;
  const crash = async () => {
    await waitFor(() => confirmedAt.size >= (SYMBOLS * EVENTS_PER_SYMBOL) / 4, {
      timeoutMs: 20_000,
      description: 'a quarter of the input published',
    });
    await sleep(Math.random() * 300);
    killAt = Date.now();
    await redis.kill('SIGKILL');
    await sleep(100 + Math.random() * 400);
    await redis.restart();
    upAt = Date.now();
  };
  await Promise.all([produce(), crash()]);

  await waitDrained(commands, target, {
    timeoutMs: 30_000,
    description: 'the consumers to drain after the restart',
  });
  const drainedMs = Date.now() - upAt;
  const ledger = await readLedger(commands, target);

  const present = new Set(ledger.inputs.map((input) => input.eventId));
  const lostInputs = [...confirmedAt.keys()].filter((id) => !present.has(id)).length;
  // Entry ids are unique per stream only.
  const handledAfterKill = new Set(
    journal.handled.filter((h) => h.at > killAt).map((h) => `${h.stream} ${h.entryId}`),
  );
  const ackedBeforeKill = journal.acks.filter(
    (ack) => ack.error === undefined && ack.settledAt !== undefined && ack.settledAt < killAt,
  );
  const lostAcks = new Set(
    ackedBeforeKill.flatMap((ack) =>
      ack.ids.map((id) => `${ack.stream} ${id}`).filter((entry) => handledAfterKill.has(entry)),
    ),
  ).size;
  const outputEntry = new Map(ledger.outputs.map((output) => [output.cause, output.entryId]));
  const lostEffects = new Set(
    journal.handled
      .filter((h) => h.at < killAt && outputEntry.get(h.eventId) !== h.outputEntryId)
      .map((h) => h.eventId),
  ).size;
  const confirmedJustBeforeKill = [...confirmedAt.values()].filter(
    (at) => at <= killAt && at > killAt - EVERYSEC_LOSS_WINDOW_MS,
  ).length;
  for (const consumer of consumers) expect(consumer.ready).toBe(true);
  return {
    ledger,
    problems: ledgerProblems(ledger),
    confirmed: confirmedAt.size,
    lostInputs,
    lostAcks,
    lostEffects,
    confirmedJustBeforeKill,
    downMs: upAt - killAt,
    drainedMs,
  };
}

function report(label: string, run: RestartRun): void {
  console.log(
    `redis-restart (${label}): down ${run.downMs} ms, drained ${run.drainedMs} ms after restart; ` +
      `${run.confirmed} publishes confirmed, ${run.ledger.inputs.length} inputs kept, ${run.ledger.outputs.length} effects; ` +
      `lost: ${run.lostInputs} inputs, ${run.lostAcks} acks, ${run.lostEffects} effects ` +
      `(allowed: ${run.confirmedJustBeforeKill} publishes confirmed in the ${EVERYSEC_LOSS_WINDOW_MS} ms before the kill)`,
  );
}

describe('Redis SIGKILLed and restarted mid-run', () => {
  it('with appendfsync always, loses nothing acknowledged and doubles no effect', async () => {
    const run = await runWithRestart('always');
    report('appendfsync always', run);
    expect(run.problems).toEqual([]);
    expect(run.lostInputs).toBe(0);
    expect(run.lostAcks).toBe(0);
    expect(run.lostEffects).toBe(0);
    expect(run.ledger.inputs).toHaveLength(SYMBOLS * EVENTS_PER_SYMBOL);
  });

  it('with appendfsync everysec, loses at most about a second of writes and doubles no effect', async () => {
    const run = await runWithRestart('everysec');
    report('appendfsync everysec', run);
    // Whatever survived has its effect exactly once, and the consumers drained it.
    expect(run.problems).toEqual([]);
    expect(run.lostInputs).toBeLessThanOrEqual(run.confirmedJustBeforeKill);
    expect(run.lostAcks).toBeLessThanOrEqual(run.confirmedJustBeforeKill);
    expect(run.lostEffects).toBeLessThanOrEqual(run.confirmedJustBeforeKill);
    expect(run.ledger.inputs.length).toBe(SYMBOLS * EVENTS_PER_SYMBOL - run.lostInputs);
  });
});
