// The replay engine against a real Redis: copies into the target namespace, timing at xN,
// step, cancel, a repeat and a resume that write nothing twice, and a Redis restart mid-run.
import { partitionKeys } from '@tickflow/events';
import { connect } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayBatch, startReplayRun } from '../src/engine/replay-run.ts';
import { assertTargetEmpty, targetPositions } from '../src/engine/target-checks.ts';
import { ConflictError } from '../src/errors.ts';
import { allPartitions, type Scope } from '../src/scope.ts';
import { marketData, publishTicks } from './support/e-ticks.ts';

const SOURCE: Scope = { namespace: 'src', partitions: 4 };
const COUNT = 3_000;
let server: EphemeralRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startEphemeralRedis({ appendonly: true, appendfsync: 'always' });
  redis = await connect({ url: server.url }, 'commands');
  await publishTicks(redis, SOURCE, COUNT, 1_000_000n);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const streamsOf = (namespace: string) =>
  allPartitions(SOURCE).map((partition) => partitionKeys(namespace, 'market_data', partition).stream);

/** Every entry of the namespace's market-data streams, as `<partition> <id> <fields>` lines. */
async function entries(namespace: string): Promise<string[]> {
  const lines: string[] = [];
  for (const [partition, stream] of streamsOf(namespace).entries()) {
    for (const [id, fields] of await redis.xrange(stream, '-', '+'))
      lines.push(`${partition} ${id} ${fields.join('|')}`);
  }
  return lines;
}

function run(
  target: string,
  speed: Parameters<typeof startReplayRun>[0]['speed'],
  source?: AsyncIterable<ReplayBatch>,
) {
  return startReplayRun({
    id: target,
    redis,
    sourceNamespace: SOURCE.namespace,
    target,
    source: source ?? marketData(redis, SOURCE),
    total: COUNT,
    speed,
  });
}

describe('startReplayRun', () => {
  it('at max speed copies every selected entry: same partition, same entry id, same fields', async () => {
    const progress = await run('copy', { mode: 'max' }).done;
    expect(progress).toMatchObject({ state: 'completed', replayed: COUNT, present: 0, scanned: COUNT });
    expect(await entries('copy')).toEqual(await entries(SOURCE.namespace));
  });

  it('replayed again into the same namespace, writes nothing twice', async () => {
    await run('twice', { mode: 'max' }).done;
    const again = await run('twice', { mode: 'max' }).done;
    expect(again).toMatchObject({ state: 'completed', replayed: 0, present: COUNT });
    expect(await entries('twice')).toEqual(await entries(SOURCE.namespace));
  });

  it('refuses the source namespace as its target, and a new run into a namespace holding history', async () => {
    expect(() => run(SOURCE.namespace, { mode: 'max' })).toThrow(ConflictError);
    await run('held', { mode: 'max' }).done;
    await expect(
      assertTargetEmpty(redis, {
        namespace: 'held',
        types: ['market_data'],
        partitions: allPartitions(SOURCE),
      }),
    ).rejects.toThrow(
      `already holds replayed history (${partitionKeys('held', 'market_data', 0).stream} has `,
    );
  });

  it('at 10x, 1,001 events spanning 10 s of event time take 1 s, within 2 %', async () => {
    const scope: Scope = { namespace: 'paced', partitions: 2 };
    await publishTicks(redis, scope, 1_001, 10_000_000n);
    // From the first event written to the last: the pacing, not the reader's start-up.
    let firstWrittenAt: number | undefined;
    const progress = await startReplayRun({
      id: 'paced-run',
      redis,
      sourceNamespace: scope.namespace,
      target: 'paced-out',
      source: marketData(redis, scope, 100),
      total: 1_001,
      speed: { mode: 'paced', factor: 10 },
      onProgress: () => {
        firstWrittenAt ??= performance.now();
      },
    }).done;
    const elapsedMs = performance.now() - (firstWrittenAt as number);
    expect(progress.replayed).toBe(1_001);
    expect(Math.abs(elapsedMs - 1_000), `took ${elapsedMs.toFixed(1)} ms`).toBeLessThanOrEqual(20);
  });

  it('in step mode, each step writes exactly the asked number; cancel stops it there', async () => {
    const replay = run('stepped', { mode: 'step' });
    expect(await replay.step(7)).toBe(7);
    expect(await entries('stepped')).toHaveLength(7);
    expect(await replay.step(5)).toBe(5);
    expect(await entries('stepped')).toHaveLength(12);
    const final = await replay.cancel();
    expect(final).toMatchObject({ state: 'cancelled', replayed: 12 });
    expect(await entries('stepped')).toHaveLength(12);
  });

  it('pause holds it, a speed change while paused takes effect on resume', async () => {
    const replay = run('paused', { mode: 'step' });
    await replay.step(10);
    replay.pause();
    expect(replay.progress().state).toBe('paused');
    replay.setSpeed({ mode: 'max' });
    expect(replay.progress().replayed).toBe(10);
    replay.resume();
    expect(await replay.done).toMatchObject({ state: 'completed', replayed: COUNT, speed: 'max' });
  });

  it('interrupted, then resumed from where the target got: every entry once', async () => {
    const first = run('resumed', { mode: 'step' });
    await first.step(1_234);
    expect(await first.interrupt()).toMatchObject({ state: 'interrupted', replayed: 1_234 });
    const presentUpTo = await targetPositions(redis, {
      namespace: 'resumed',
      types: ['market_data'],
      partitions: allPartitions(SOURCE),
    });
    const second = await startReplayRun({
      id: 'resumed-2',
      redis,
      sourceNamespace: SOURCE.namespace,
      target: 'resumed',
      source: marketData(redis, SOURCE),
      total: COUNT,
      speed: { mode: 'max' },
      presentUpTo,
    }).done;
    expect(second).toMatchObject({ state: 'completed', replayed: COUNT - 1_234, present: 1_234 });
    expect(await entries('resumed')).toEqual(await entries(SOURCE.namespace));
  });

  it('survives Redis restarting mid-run: after a resume, the target is the source exactly', async () => {
    const replay = startReplayRun({
      id: 'outage',
      redis,
      sourceNamespace: SOURCE.namespace,
      target: 'outage',
      source: marketData(redis, SOURCE, 50),
      total: COUNT,
      speed: { mode: 'paced', factor: 1 },
    });
    replay.setSpeed({ mode: 'paced', factor: 1 });
    await waitFor(() => replay.progress().replayed > 200, { description: 'a few hundred replayed' });
    await server.kill('SIGKILL');
    replay.setSpeed({ mode: 'max' });
    await server.restart();
    const first = await replay.done;
    // Either the writes waited the outage out, or a read failed and the run says so.
    if (first.state === 'failed') expect(first.error).toMatch(/unavailable|closed|writeable|ECONN/i);
    else expect(first.state).toBe('completed');
    await waitFor(() => redis.status === 'ready', { description: 'the connection back' });
    const presentUpTo = await targetPositions(redis, {
      namespace: 'outage',
      types: ['market_data'],
      partitions: allPartitions(SOURCE),
    });
    const resumed = await startReplayRun({
      id: 'outage-2',
      redis,
      sourceNamespace: SOURCE.namespace,
      target: 'outage',
      source: marketData(redis, SOURCE),
      total: COUNT,
      speed: { mode: 'max' },
      presentUpTo,
    }).done;
    expect(resumed.state).toBe('completed');
    expect(await entries('outage')).toEqual(await entries(SOURCE.namespace));
  });

  it('on a bulk connection, a write Redis does not answer is dropped after its deadline and retried: written once', async () => {
    const bulk = await connect({ url: server.url }, 'bulk');
    try {
      const replay = startReplayRun({
        id: 'frozen',
        redis,
        writeRedis: bulk,
        writeTimeoutMs: 300,
        sourceNamespace: SOURCE.namespace,
        target: 'frozen',
        source: marketData(redis, SOURCE),
        total: COUNT,
        speed: { mode: 'step' },
      });
      expect(await replay.step(5)).toBe(5);
      server.pause();
      const stepping = replay.step(10);
      // The write hangs on the frozen server: past its deadline the connection is dropped.
      await waitFor(() => bulk.status !== 'ready', { description: 'the bulk connection dropped' });
      server.resume();
      expect(await stepping).toBe(10);
      expect(await entries('frozen')).toHaveLength(15);
      await replay.cancel();
    } finally {
      server.resume();
      bulk.disconnect();
    }
  });
});
