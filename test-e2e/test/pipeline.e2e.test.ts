// The whole pipeline, four processes on an ephemeral Redis, the real Tardis quotes in:
// the exact counts out; the ledger equal to one recomputed independently from the fill
// stream; two undisturbed runs byte-identical (a digest of orders and fills); and a run in
// which each service is SIGKILLed once at a random point and restarted ends with the same
// digest, the same ledger and no fill twice. The crash points come from a seed, printed on
// failure (E2E_SEED=<n> replays it).
import { createHash } from 'node:crypto';
import type { AnyEvent, FillEvent } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { digestOf } from './support/digest.ts';
import { independentLedger } from './support/independent-ledger.ts';
import { type RunResult, runPipeline } from './support/pipeline-run.ts';
import { recorderLedger } from './support/recorder-ledger.ts';

const SEED = Number(process.env.E2E_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** A seeded generator (hash of seed and draw number), so a failing crash schedule can be replayed. */
function seeded(seed: number): () => number {
  let draw = 0;
  return () => createHash('sha256').update(`${seed}:${draw++}`).digest().readUInt32BE(0) / 2 ** 32;
}

const ordersAndFills = (run: RunResult): AnyEvent[] => [
  ...(run.events.get('order') ?? []),
  ...(run.events.get('fill') ?? []),
];
const fillsOf = (run: RunResult) => (run.events.get('fill') ?? []) as FillEvent[];
const countOf = (run: RunResult) =>
  Object.fromEntries([...run.events].map(([type, events]) => [type, events.length]));
function expectNoDuplicates(run: RunResult): void {
  for (const [type, events] of run.events) {
    const ids = events.map((event) => event.id);
    expect(new Set(ids).size, `${type} event ids`).toBe(ids.length);
  }
  const executions = fillsOf(run).map((fill) => fill.data.execution_id);
  expect(new Set(executions).size, 'execution ids').toBe(executions.length);
}

describe('the pipeline on the real quotes', () => {
  let reference: RunResult;

  it('gives the exact counts, a ledger equal to an independent recomputation, and the same digest twice', async () => {
    reference = await runPipeline();
    const again = await runPipeline();

    expect(countOf(reference)).toEqual({ market_data: 9_999, signal: 581, order: 2_054, fill: 580 });
    const signals = reference.events.get('signal') ?? [];
    const byStrategy = Map.groupBy(signals, (s) => (s.type === 'signal' ? s.data.strategy_id : ''));
    expect(byStrategy.get('sma-crossover')).toHaveLength(280);
    expect(byStrategy.get('mean-reversion')).toHaveLength(301);
    expectNoDuplicates(reference);

    expect(recorderLedger(reference)).toEqual(independentLedger(fillsOf(reference)));
    expect(reference.rebuildIdentical).toBe(true);
    expect(reference.errors).toEqual([]);

    expect(digestOf(ordersAndFills(again))).toBe(digestOf(ordersAndFills(reference)));
    expect(again.pnl).toEqual(reference.pnl);
    expect(again.positions).toEqual(reference.positions);
  }, 300_000);

  it(`ends the same when each service is SIGKILLed once at a random point (E2E_SEED=${SEED})`, async () => {
    expect(reference, 'the undisturbed run (previous test) is the reference').toBeDefined();
    const crashed = await runPipeline({ crash: { random: seeded(SEED) } });
    const context = `E2E_SEED=${SEED}, kills: ${JSON.stringify(crashed.kills)}`;

    expect(crashed.kills.map((kill) => kill.service).sort(), context).toEqual([
      'fill-recorder',
      'market-data-ingest',
      'order-router',
      'signal-engine',
    ]);
    for (const kill of crashed.kills) expect(kill.wasRunning, context).toBe(true);

    expectNoDuplicates(crashed);
    expect(countOf(crashed), context).toEqual(countOf(reference));
    expect(digestOf(ordersAndFills(crashed)), context).toBe(digestOf(ordersAndFills(reference)));
    expect(crashed.pnl, context).toEqual(reference.pnl);
    expect(crashed.positions, context).toEqual(reference.positions);
    expect(recorderLedger(crashed), context).toEqual(independentLedger(fillsOf(crashed)));
    expect(crashed.rebuildIdentical, context).toBe(true);
  }, 300_000);
});
