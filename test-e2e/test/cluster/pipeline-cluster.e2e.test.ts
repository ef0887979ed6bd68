// The whole pipeline (four service processes, the real Tardis quotes) on a Redis Cluster of 3
// masters and 3 replicas (AOF fsynced on every write): exactly the single-Redis results —
// every stream event for event, the digest of orders and fills, fill-recorder's ledger. Then
// mid-run, once 3 000 of the 9 999 quotes are in, the master of market-data partition 0 is
// lost, and each run reports what was lost or duplicated per stream and in the ledger:
// - a coordinated CLUSTER FAILOVER: nothing is lost or applied twice — asserted;
// - a SIGKILLed master (its replica elected): asynchronous replication can lose what the dead
//   master acknowledged last. Asserted: processing goes on to the end, no event id twice in
//   a stream, no execution twice, and the ledger equals a recomputation from the fill stream
//   the run ended with; equal to the undisturbed run whenever nothing was lost.
import { failoverMaster, killMaster } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../support/digest.ts';
import { type RunResult, runPipeline } from '../support/pipeline-run.ts';
import { clusterForRun, type MasterFault, type Strike, strikeMidRun } from './cluster-redis.ts';
import { describeDiff, diffRuns, type RunDiff, sameAsReference } from './run-diff.ts';

const ordersAndFills = (run: RunResult) => [
  ...(run.events.get('order') ?? []),
  ...(run.events.get('fill') ?? []),
];

/** Quotes in the streams when the fault strikes: about a third of the run. */
const STRIKE_AFTER = 3_000;

/** A paced run on a fresh cluster whose master is struck by `fault` mid-run. */
async function runWithFault(fault: MasterFault): Promise<{ run: RunResult; strike: Strike }> {
  const onCluster = clusterForRun();
  let strike: Strike | undefined;
  const run = await runPipeline({
    redis: onCluster.redis,
    paced: true,
    during: strikeMidRun(onCluster, fault, STRIKE_AFTER, (struck) => {
      strike = struck;
    }),
  });
  if (strike === undefined) throw new Error('the fault did not strike');
  return { run, strike };
}

function report(title: string, run: RunResult, diff: RunDiff, strike?: Strike): void {
  const fault =
    strike === undefined
      ? ''
      : ` — master :${strike.replaced.former.port} → :${strike.replaced.promoted.port} in ${strike.replaced.tookMs} ms, ` +
        `at ${strike.marketDataAtStrike} quotes in`;
  const errors = `  errors logged by the services: ${run.errors.length}${run.errors.length > 0 ? `, first: ${run.errors.slice(0, 3).join(' | ')}` : ''}`;
  console.log(`${describeDiff(`${title}${fault}`, diff)}\n${errors}`);
}

const streamsOf = (diff: RunDiff) =>
  Object.fromEntries(
    diff.streams.map((s) => [s.type, { missing: s.missing, extra: s.extra, twice: s.duplicates }]),
  );
const nothing = { missing: 0, extra: 0, twice: 0 };
const NOTHING_LOST = { market_data: nothing, signal: nothing, order: nothing, fill: nothing };

describe('the pipeline on a Redis Cluster (3 masters, 3 replicas)', () => {
  let reference: RunResult;

  it('gives exactly the single-Redis results: every stream, the digest, the ledger', async () => {
    const single = await runPipeline();
    reference = await runPipeline({ redis: clusterForRun().redis });
    const diff = diffRuns(reference, single);
    report('cluster vs single Redis', reference, diff);

    expect(streamsOf(diff)).toEqual(NOTHING_LOST);
    expect(diff.streams.map((s) => s.count)).toEqual(diff.streams.map((s) => s.reference));
    expect(digestOf(ordersAndFills(reference))).toBe(digestOf(ordersAndFills(single)));
    expect(reference.pnl).toEqual(single.pnl);
    expect(reference.positions).toEqual(single.positions);
    expect(sameAsReference(diff)).toBe(true);
    expect(reference.rebuildIdentical).toBe(true);
    expect(reference.errors).toEqual([]);
  }, 240_000);

  it('CLUSTER FAILOVER mid-run: processing goes on; nothing lost, nothing twice', async () => {
    expect(reference, 'the undisturbed cluster run (previous test) is the reference').toBeDefined();
    const { run, strike } = await runWithFault((cluster, key) => failoverMaster(cluster, { key }));
    const diff = diffRuns(run, reference);
    report('CLUSTER FAILOVER vs undisturbed', run, diff, strike);

    expect(strike.marketDataAtStrike).toBeLessThan(9_999);
    expect(streamsOf(diff)).toEqual(NOTHING_LOST);
    expect(digestOf(ordersAndFills(run))).toBe(digestOf(ordersAndFills(reference)));
    expect(sameAsReference(diff)).toBe(true);
    expect(run.pnl).toEqual(reference.pnl);
    expect(run.rebuildIdentical).toBe(true);
    // A planned failover is no failure: a read it unblocks is retried, not reported as one.
    expect(run.errors).toEqual([]);
  }, 240_000);

  it('killed master mid-run: processing goes on to the end; losses reported, nothing twice', async () => {
    expect(reference, 'the undisturbed cluster run (first test) is the reference').toBeDefined();
    const { run, strike } = await runWithFault((cluster, key) => killMaster(cluster, { key }));
    const diff = diffRuns(run, reference);
    report('killed master vs undisturbed', run, diff, strike);

    expect(strike.marketDataAtStrike).toBeLessThan(9_999);
    for (const stream of diff.streams) expect(stream.duplicates, `${stream.type} ids twice`).toBe(0);
    expect(diff.ledger.executionsTwice).toBe(0);
    expect(diff.ledger.matchesOwnFills).toBe(true);
    expect(run.rebuildIdentical).toBe(true);
    // What differs from the undisturbed run can only follow from a loss.
    const lost = diff.streams.some((s) => s.missing > 0);
    if (!lost) expect(sameAsReference(diff)).toBe(true);
  }, 240_000);
});
