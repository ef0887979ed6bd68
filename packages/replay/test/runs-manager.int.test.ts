// The replay manager against a real Redis: entries that are not events are skipped and
// counted (a replay does not stop at them), a pause is saved at once, a run orphaned by a
// killed process is resumed by the next one without writing anything twice, and control
// calls on an ended run are conflicts.
import { partitionKeys } from '@tickflow/events';
import { connect } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../src/errors.ts';
import { openSelection } from '../src/runs/open-selection.ts';
import { createReplayManager } from '../src/runs/replay-manager.ts';
import { loadRunRecord } from '../src/runs/run-record.ts';
import { allPartitions, type Scope } from '../src/scope.ts';
import { publishTicks } from './support/e-ticks.ts';

const SOURCE: Scope = { namespace: 'runs', partitions: 2 };
let server: EphemeralRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
  await publishTicks(redis, SOURCE, 400, 1_000_000n);
  // Not an event: a consumer would dead-letter it; a replay skips it and says so.
  await redis.xadd(partitionKeys(SOURCE.namespace, 'market_data', 1).stream, '*', 'garbage', 'yes');
  await publishTicks(redis, SOURCE, 0, 1n);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const managerOn = (connection: Redis) =>
  createReplayManager({
    redis: connection,
    scope: SOURCE,
    openSelection: (selection) => openSelection(connection, SOURCE, selection),
    saveEveryMs: 60_000,
  });

async function targetEntries(namespace: string): Promise<string[]> {
  const ids: string[] = [];
  for (const partition of allPartitions(SOURCE)) {
    const stream = partitionKeys(namespace, 'market_data', partition).stream;
    for (const [id] of await redis.xrange(stream, '-', '+')) ids.push(`${partition}:${id}`);
  }
  return ids;
}

describe('createReplayManager', () => {
  it('skips an entry that is not an event, counts it, and replays the rest', async () => {
    const manager = managerOn(redis);
    const run = await manager.start({ selection: { types: 'md' }, by: 'test' });
    const final = await manager.finished(run.id);
    expect(final).toMatchObject({ state: 'completed', total: 401, scanned: 401, replayed: 400, skipped: 1 });
    expect(await targetEntries(run.target)).toHaveLength(400);
  });

  it('saves a pause at once, and answers a control call on an ended run with a conflict', async () => {
    const manager = managerOn(redis);
    const run = await manager.start({ selection: { types: 'md' }, speed: 'step', by: 'test' });
    await manager.control(run.id).step(3);
    manager.control(run.id).pause();
    await waitFor(async () => (await loadRunRecord(redis, SOURCE.namespace, run.id))?.state === 'paused', {
      description: 'the paused state in the record',
    });
    await manager.control(run.id).cancel();
    await manager.finished(run.id);
    expect(() => manager.control(run.id)).toThrow(ConflictError);
  });

  it('resumes a run whose process was killed (its record still running), writing nothing twice', async () => {
    const doomed = await connect({ url: server.url }, 'commands');
    const first = managerOn(doomed);
    const run = await first.start({ selection: { types: 'md' }, speed: 'step', by: 'alice' });
    await first.control(run.id).step(150);
    doomed.disconnect();
    // What the killed process left: a record that says running, 150 entries in the target.
    expect((await loadRunRecord(redis, SOURCE.namespace, run.id))?.state).toBe('running');

    const next = managerOn(redis);
    expect((await next.resumable()).map((record) => record.id)).toContain(run.id);
    await next.resume(run.id);
    // It resumes at its own speed (step): let the rest go.
    next.control(run.id).setSpeed({ mode: 'max' });
    const final = await next.finished(run.id);
    expect(final).toMatchObject({ state: 'completed', present: 150, replayed: 250, by: 'alice' });
    expect(await targetEntries(run.target)).toHaveLength(400);
  });

  it('refuses to resume a finished run', async () => {
    const manager = managerOn(redis);
    const run = await manager.start({ selection: { types: 'md' }, by: 'test' });
    await manager.finished(run.id);
    await expect(manager.resume(run.id)).rejects.toThrow(ConflictError);
  });
});
