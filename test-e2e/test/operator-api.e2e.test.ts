// replay-service's HTTP API driven as an operator would, over the live pipeline on the real
// Tardis quotes: the market data replayed at 50x into a fresh namespace — paused (nothing
// more arrives), resumed, stepped by exactly 10, finished at max, equal to the source —; a
// poison entry in the live stream dead-lettered by signal-engine, found, requeued after a dry
// run, delivered again; fill-recorder's group rewound after stopping it, and undone; and the
// audit log showing every one of those steps, by whom, with its outcome.
import { partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type OperatorClient, operatorClient, READ_TOKEN, type RunView } from './support/operator-client.ts';
import {
  mdEntries,
  NAMESPACE,
  type OperatorPipeline,
  startOperatorPipeline,
  streamLength,
} from './support/operator-pipeline.ts';

const TARGET = 'ops-replay';
const QUOTES = 9_999;

interface DlqPage {
  entries: { ref: string; kind: string; reason: string; group: string; entry: string; requeuedAs?: string }[];
}
interface Requeued {
  matched: number;
  requeued: number;
  alreadyRequeued: number;
  entries: { ref: string; newEntryId: string | null }[];
}
interface RewindPlan {
  partitions: {
    type: string;
    partition: number;
    stream: string;
    lastDeliveredId: string;
    redeliver: number;
  }[];
  liveConsumers: unknown[];
}

/** Waits until the run's written count is what its target holds (no write in flight); that count. */
async function settled(ops: OperatorClient, redis: Redis, id: string): Promise<number> {
  const { held } = await waitFor(
    async () => {
      const run = await ops.run(id);
      const held = await streamLength(redis, TARGET, 'market_data');
      return run.replayed + run.present === held ? { held } : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 25, description: 'the run count to match its target' },
  );
  return held;
}

async function lastDelivered(redis: Redis, stream: string, group: string): Promise<string | undefined> {
  const rows = (await redis.call('XINFO', 'GROUPS', stream)) as string[][];
  const row = rows.find((fields) => fields[fields.indexOf('name') + 1] === group);
  return row?.[row.indexOf('last-delivered-id') + 1];
}

describe('replay-service over the live pipeline', () => {
  let pipeline: OperatorPipeline | undefined;
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('drives the HTTP API as an operator would', async () => {
    pipeline = await startOperatorPipeline();
    const { redis } = pipeline;
    const ops = operatorClient(pipeline.replayApi);
    expect(await streamLength(redis, NAMESPACE, 'market_data')).toBe(QUOTES);

    // Replay the market data at 50x into a fresh namespace (226 s of quotes: about 4.5 s).
    const run = await ops.ok<RunView>('POST', '/replays', { types: 'md', speed: '50x', target: TARGET });
    expect(run).toMatchObject({ state: 'running', total: QUOTES, speed: '50x', by: 'operator:ops' });
    const path = `/replays/${run.id}`;
    await ops.waitForRun(run.id, (r) => r.replayed >= 500, '500 quotes replayed');

    expect((await ops.ok<RunView>('POST', `${path}/pause`, {})).state).toBe('paused');
    const paused = await settled(ops, redis, run.id);
    expect(paused).toBeLessThan(QUOTES);
    const listed = await ops.ok<{ runs: RunView[] }>('GET', '/replays');
    expect(listed.runs.map((r) => [r.id, r.state])).toEqual([[run.id, 'paused']]);
    expect([(await ops.run(run.id)).replayed, await streamLength(redis, TARGET, 'market_data')]).toEqual([
      paused,
      paused,
    ]);

    await ops.ok('POST', `${path}/resume`, {});
    await ops.waitForRun(run.id, (r) => r.replayed > paused, 'the replay going again');
    expect((await ops.ok<RunView>('POST', `${path}/speed`, { speed: 'step' })).speed).toBe('step');
    const beforeStep = await settled(ops, redis, run.id);
    const stepped = await ops.ok<RunView>('POST', `${path}/step`, { count: 10 });
    expect([stepped.replayed, await streamLength(redis, TARGET, 'market_data')]).toEqual([
      beforeStep + 10,
      beforeStep + 10,
    ]);

    await ops.ok('POST', `${path}/speed`, { speed: 'max' });
    const done = await ops.waitForRun(run.id, (r) => r.state === 'completed', 'the replay completed');
    expect(done).toMatchObject({ total: QUOTES, scanned: QUOTES, replayed: QUOTES, present: 0 });
    expect(await mdEntries(redis, TARGET)).toEqual(await mdEntries(redis, NAMESPACE));

    // Every group has handled every event before the repairs start.
    await waitFor(() => pipeline?.drained(), {
      timeoutMs: 60_000,
      intervalMs: 250,
      description: 'the pipeline drained',
    });

    // A poison entry in the live market data: signal-engine dead-letters it.
    const stream = partitionKeys(NAMESPACE, 'market_data', 0).stream;
    const poisonId = (await redis.xadd(stream, '*', 'not', 'an event')) as string;
    const dlq = () => ops.ok<DlqPage>('GET', '/dlq');
    const found = await waitFor(async () => ((await dlq()).entries.length === 1 ? dlq() : undefined), {
      timeoutMs: 20_000,
      description: 'the poison entry dead-lettered',
    });
    const [letter] = found.entries;
    expect(letter).toMatchObject({ kind: 'undecodable', group: 'signal-engine', entry: poisonId });
    expect(letter?.reason).not.toBe('');

    const refs = [letter?.ref as string];
    const length = await redis.xlen(stream);
    const dry = await ops.ok<Requeued>('POST', '/dlq/requeue', { refs, dryRun: true });
    expect(dry).toMatchObject({
      matched: 1,
      requeued: 1,
      alreadyRequeued: 0,
      entries: [{ newEntryId: null }],
    });
    expect(await redis.xlen(stream)).toBe(length);
    const real = await ops.ok<Requeued>('POST', '/dlq/requeue', { refs, dryRun: false });
    expect(real).toMatchObject({ matched: 1, requeued: 1, alreadyRequeued: 0 });
    const newEntryId = real.entries[0]?.newEntryId as string;
    expect(await redis.xlen(stream)).toBe(length + 1);
    // Delivered again to signal-engine: still poison, so dead-lettered again, from its new entry.
    await waitFor(
      async () => {
        const { entries } = await dlq();
        return (
          entries.length === 2 && entries[0]?.requeuedAs === newEntryId && entries[1]?.entry === newEntryId
        );
      },
      { timeoutMs: 20_000, description: 'the requeued entry delivered again' },
    );
    const again = await ops.ok<Requeued>('POST', '/dlq/requeue', { refs, dryRun: false });
    expect(again).toMatchObject({ matched: 1, requeued: 0, alreadyRequeued: 1 });

    // Rewind fill-recorder's group once it is stopped: the plan, applied, undone.
    expect(await pipeline.services.get('fill-recorder')?.stop()).toBe(0);
    const group = '/groups/fill-recorder/rewind';
    const reader = operatorClient(pipeline.replayApi, READ_TOKEN);
    const plan = await reader.ok<RewindPlan>('POST', `${group}/plan`, { to: 'start' });
    expect(plan.liveConsumers).toEqual([]);
    expect(plan.partitions.map((p) => [p.type, p.partition])).toEqual([0, 1, 2, 3].map((p) => ['fill', p]));
    for (const p of plan.partitions) expect(p.redeliver, p.stream).toBe(await redis.xlen(p.stream));
    const fills = await streamLength(redis, NAMESPACE, 'fill');
    expect(fills).toBeGreaterThan(0);
    expect(plan.partitions.reduce((sum, p) => sum + p.redeliver, 0)).toBe(fills);
    expect((await reader.call('POST', group, { plan })).status).toBe(403);

    await ops.ok('POST', group, { plan });
    for (const p of plan.partitions)
      expect(await lastDelivered(redis, p.stream, 'fill-recorder')).toBe('0-0');
    const undone = await ops.ok<{ undone: { by: string } }>('POST', `${group}/undo`, {});
    expect(undone.undone.by).toBe('operator:ops');
    for (const p of plan.partitions) {
      expect(await lastDelivered(redis, p.stream, 'fill-recorder')).toBe(p.lastDeliveredId);
    }

    // The audit log: every step, by whom, how it ended.
    const audit = await reader.ok<{ entries: { action: string; by: string; outcome: string }[] }>(
      'GET',
      '/audit?order=oldest',
    );
    expect(audit.entries.map((e) => [e.action, e.outcome])).toEqual([
      ['replay.start', 'ok'],
      ['replay.pause', 'ok'],
      ['replay.resume', 'ok'],
      ['replay.speed', 'ok'],
      ['replay.step', 'ok'],
      ['replay.speed', 'ok'],
      ['dlq.requeue', 'dry-run'],
      ['dlq.requeue', 'ok'],
      ['dlq.requeue', 'ok'],
      ['group.rewind', 'ok'],
      ['group.undo', 'ok'],
    ]);
    expect(new Set(audit.entries.map((e) => e.by))).toEqual(new Set(['operator:ops']));

    const exits = await pipeline.stop();
    pipeline = undefined;
    expect(exits).toEqual({
      'fill-recorder': 0,
      'signal-engine': 0,
      'order-router': 0,
      'replay-service': 0,
      'market-data-ingest': 0,
    });
  }, 120_000);
});
