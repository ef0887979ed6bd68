// Publisher and consumers on a 3+3 Redis Cluster (AOF fsynced on every write, 2 s node
// timeout) through the loss of one master, counting what was lost and what was repeated
// (support/fault-run.ts):
// - a coordinated CLUSTER FAILOVER (the replica catches up before it takes over): nothing
//   acknowledged is lost, no effect is applied twice — guaranteed, and asserted;
// - a SIGKILLed master (its replica elected): replication is asynchronous, so what the master
//   acknowledged and had not yet sent to its replica is gone. The run measures and prints it
//   and asserts what the design guarantees: publishing and consuming go on; a slot's keys
//   (stream, group, checkpoint with the state, dedupe markers) survive as one prefix of their
//   history, so no event is appended twice, no effect is applied twice, no state is ahead or
//   behind its stream; a loss can only be a write the dead master acknowledged.
import { durableClusterOptions, failoverMaster, killMaster, waitForReplicas } from '@tickflow/testkit';
import { redisClusterForThisFile } from '@tickflow/testkit/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectCluster } from '../src/index.ts';
import { type FaultRun, type FaultRunOptions, runThroughFault } from './support/fault-run.ts';

const SYMBOLS = 24;
const TICKS = 150;

const file = redisClusterForThisFile((url) => connectCluster({ url }, 'commands'), durableClusterOptions());

// The first copy to the replicas is made now, not while a run waits to strike.
beforeAll(() => waitForReplicas(file.cluster), 120_000);

const run = (namespace: string, fault: FaultRunOptions['fault']) =>
  runThroughFault({
    cluster: file.cluster,
    url: file.url,
    commands: file.redis,
    target: { namespace, group: 'g', partitions: 8 },
    symbols: SYMBOLS,
    ticksPerSymbol: TICKS,
    fault,
  });

function report(name: string, result: FaultRun): void {
  const { replaced, tally } = result;
  console.log(
    `${name}: master :${replaced.former.port} → :${replaced.promoted.port} in ${replaced.tookMs} ms; ` +
      `struck at ${result.ackedWhenStruck} ticks published; publish rounds retried ${result.publishRetries}, longest ${result.longestPublishMs} ms; ` +
      `longest gap in handling ${result.longestHandlingGapMs} ms; ${JSON.stringify(tally)}; ` +
      `consumer statuses ${JSON.stringify(result.statuses)}`,
  );
}

/** What holds through either fault: processing went on to the end, nothing twice, states exact. */
function expectProcessingWentOn(result: FaultRun): void {
  expect(result.ackedWhenStruck, 'the fault struck mid-flow').toBeLessThan(SYMBOLS * TICKS);
  expect(result.tally).toMatchObject({
    acked: SYMBOLS * TICKS,
    duplicateInputs: 0,
    doubledOutputs: 0,
    statesAhead: 0,
    statesBehind: 0,
    pending: 0,
    deadLetters: 0,
  });
  // A blocked read ended by the failover (UNBLOCKED) is an outage to recover from, not a crash.
  expect(result.statuses['worker-crashed'] ?? 0).toBe(0);
}

describe('publish and consume on Redis Cluster through the loss of a master', () => {
  it('CLUSTER FAILOVER: nothing acknowledged is lost, no effect applied twice, processing goes on', async () => {
    const result = await run('fo', (c, key) => failoverMaster(c, { key }));
    report('CLUSTER FAILOVER', result);
    expectProcessingWentOn(result);
    expect(result.tally).toMatchObject({ lostPublishes: 0, lostOutputs: 0 });
  }, 180_000);

  it('killed master: processing goes on, no effect applied twice; losses measured, only of what the dead master acknowledged', async () => {
    const result = await run('kill', (c, key) => killMaster(c, { key }));
    report('killed master', result);
    expectProcessingWentOn(result);
    expect(result.tally.lostAfterFault).toBe(0);
  }, 180_000);
});
