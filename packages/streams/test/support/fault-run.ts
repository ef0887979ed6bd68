// One run of publisher and consumers on a Redis Cluster through a fault of one master (a
// coordinated failover or a kill), and the count of what it lost or repeated:
// - the publisher publishes rounds of one tick per symbol, paced like a feed (a round every
//   ROUND_MS) so that the fault strikes mid-flow; a round that fails (the master going away)
//   is published again until Redis acknowledges it (re-publishing is idempotent within the
//   dedupe window), and the time each event was acknowledged is kept;
// - two consumers apply the effect of effect-ledger.ts (a derived signal per tick, a state per
//   symbol saved with the ack) and record every delivery and every status they report;
// - the fault strikes the master of the first symbol's stream once a third of the ticks are
//   acknowledged; the run ends once everything the streams hold is handled and acked.
import { partitionKeys, partitionOf } from '@tickflow/events';
import { type MasterReplaced, type RedisCluster, waitFor } from '@tickflow/testkit';
import type { Cluster } from 'ioredis';
import { pause, retryDelayMs } from '../../src/backoff.ts';
import { createPublisher } from '../../src/index.ts';
import { expectedStates, type Ledger, type LedgerTarget, readLedger, waitDrained } from './effect-ledger.ts';
import { effectConsumer, type Journal, newJournal } from './in-process-consumer.ts';
import { symbolName, tick } from './ticks.ts';

/** Between two publish rounds: 24 ticks every 25 ms, 960 a second. */
const ROUND_MS = 25;
/** How long one round may go unacknowledged (the cluster must recover well within it). */
const PUBLISH_DEADLINE_MS = 60_000;
/** Between a reply's arrival and our reading of the clock (the fault's time is read before it struck). */
const CLOCK_SLACK_MS = 50;

export interface FaultRunOptions {
  readonly cluster: RedisCluster;
  readonly url: string;
  readonly commands: Cluster;
  readonly target: LedgerTarget;
  readonly symbols: number;
  readonly ticksPerSymbol: number;
  /** The fault, given the stream of the first symbol's ticks: its master is the one to strike. */
  readonly fault: (cluster: RedisCluster, streamKey: string) => Promise<MasterReplaced>;
}

export interface FaultRun {
  readonly replaced: MasterReplaced;
  /** Date.now() when the fault struck (the command sent, the SIGKILL). */
  readonly struckAt: number;
  /** Ticks acknowledged when the fault struck: fewer than all, or it did not strike mid-flow. */
  readonly ackedWhenStruck: number;
  /** Publish rounds that failed and were sent again. */
  readonly publishRetries: number;
  /** The longest a round took from its first send to its acknowledgement, in milliseconds. */
  readonly longestPublishMs: number;
  /** The longest gap between two handled ticks, in milliseconds (the consumers' stall). */
  readonly longestHandlingGapMs: number;
  /** Status notifications of both consumers, counted by type. */
  readonly statuses: Record<string, number>;
  readonly ledger: Ledger;
  readonly tally: Tally;
}

/** What was lost or repeated, counted from the streams, the journal and the saved states. */
export interface Tally {
  readonly acked: number;
  /** Acknowledged publishes whose event is not in any market-data stream. */
  readonly lostPublishes: number;
  /** Inputs in the streams with no derived signal (the handler's publish was acknowledged). */
  readonly lostOutputs: number;
  /** Of those losses, the ones acknowledged after the fault struck (the new master's own writes). */
  readonly lostAfterFault: number;
  /** Market-data events appended more than once. */
  readonly duplicateInputs: number;
  /** Inputs with more than one derived signal. */
  readonly doubledOutputs: number;
  /** Inputs the handler was called for more than once (deliveries repeated, not effects). */
  readonly redelivered: number;
  /** Symbols whose saved state counted more ticks than the stream holds (an effect applied twice). */
  readonly statesAhead: number;
  /** Symbols whose saved state counted fewer ticks than the stream holds (an effect lost). */
  readonly statesBehind: number;
  readonly pending: number;
  readonly deadLetters: number;
}

export async function runThroughFault(options: FaultRunOptions): Promise<FaultRun> {
  const { cluster, url, commands, target } = options;
  const publisher = createPublisher(commands, { namespace: target.namespace, partitions: target.partitions });
  const journal = newJournal();
  const consumers = ['c1', 'c2'].map((consumerName) =>
    effectConsumer(target, journal, { url, consumerName, leaseTtlMs: 2_000, blockMs: 200 }),
  );
  const statuses: Record<string, number> = {};
  for (const consumer of consumers)
    consumer.onStatus(({ type }) => {
      statuses[type] = (statuses[type] ?? 0) + 1;
    });
  await Promise.all(consumers.map((consumer) => consumer.start()));
  const acked = new Map<string, number>();
  let publishRetries = 0;
  let longestPublishMs = 0;
  const publishing = (async () => {
    for (let seq = 0; seq < options.ticksPerSymbol; seq++) {
      if (seq > 0) await pause(ROUND_MS);
      const round = Array.from({ length: options.symbols }, (_, s) => tick(symbolName(s), seq));
      const sentAt = Date.now();
      for (let attempt = 1; ; attempt++) {
        try {
          await publisher.publishAll(round);
          break;
        } catch (error) {
          publishRetries++;
          if (Date.now() - sentAt > PUBLISH_DEADLINE_MS)
            throw new Error(`round ${seq} not acknowledged in ${PUBLISH_DEADLINE_MS} ms`, { cause: error });
          await pause(retryDelayMs(attempt, 20, 500));
        }
      }
      const now = Date.now();
      longestPublishMs = Math.max(longestPublishMs, now - sentAt);
      for (const event of round) acked.set(event.id, now);
    }
  })();
  publishing.catch(() => undefined); // awaited below; not unhandled while the fault is struck
  try {
    const total = options.symbols * options.ticksPerSymbol;
    await waitFor(() => acked.size >= total / 3, { timeoutMs: 60_000, description: 'a third published' });
    const stream = partitionKeys(
      target.namespace,
      'market_data',
      partitionOf(symbolName(0), target.partitions),
    );
    const replaced = await options.fault(cluster, stream.stream);
    const struckAt = Date.now() - replaced.tookMs;
    const ackedWhenStruck = [...acked.values()].filter((at) => at <= struckAt).length;
    await publishing;
    await waitDrained(commands, target, {
      timeoutMs: 90_000,
      description: 'every tick handled after the fault',
    });
    const ledger = await readLedger(commands, target);
    const handledAt = journal.handled.map((handled) => handled.at).sort((a, b) => a - b);
    const gaps = handledAt.slice(1).map((at, i) => at - (handledAt[i] as number));
    return {
      replaced,
      struckAt,
      ackedWhenStruck,
      publishRetries,
      longestPublishMs,
      longestHandlingGapMs: Math.max(0, ...gaps),
      statuses,
      ledger,
      tally: tallyOf(acked, journal, ledger, struckAt),
    };
  } finally {
    await publishing.catch(() => undefined);
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }
}

function tallyOf(
  acked: ReadonlyMap<string, number>,
  journal: Journal,
  ledger: Ledger,
  struckAt: number,
): Tally {
  const inputIds = new Set(ledger.inputs.map((input) => input.eventId));
  const handled = countBy(journal.handled.map((h) => h.eventId));
  const outputs = countBy(ledger.outputs.map((output) => output.cause ?? ''));
  const expected = expectedStates(ledger.inputs);
  const symbols = Object.keys(expected);
  const lostPublishes = [...acked].filter(([id]) => !inputIds.has(id));
  const lostOutputs = [...inputIds].filter((id) => !outputs.has(id));
  // A handling is recorded just after its output's publish was acknowledged.
  const firstHandled = new Map<string, number>();
  for (const { eventId, at } of journal.handled)
    if (!firstHandled.has(eventId)) firstHandled.set(eventId, at);
  // A dead master acknowledges nothing: a loss acknowledged later was the new master's.
  const after = (at: number) => at > struckAt + CLOCK_SLACK_MS;
  const lostAfterFault =
    lostPublishes.filter(([, at]) => after(at)).length +
    lostOutputs.filter((id) => after(firstHandled.get(id) ?? 0)).length;
  return {
    acked: acked.size,
    lostPublishes: lostPublishes.length,
    lostOutputs: lostOutputs.length,
    lostAfterFault,
    duplicateInputs: ledger.inputs.length - inputIds.size,
    doubledOutputs: [...outputs.values()].filter((count) => count > 1).length,
    redelivered: [...handled.values()].filter((count) => count > 1).length,
    statesAhead: symbols.filter((s) => (ledger.states[s]?.count ?? 0) > (expected[s]?.count ?? 0)).length,
    statesBehind: symbols.filter((s) => (ledger.states[s]?.count ?? 0) < (expected[s]?.count ?? 0)).length,
    pending: ledger.pending,
    deadLetters: ledger.deadLetters,
  };
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
