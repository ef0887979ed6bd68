// What a rewind refuses and how it clamps: consumers that look live (a fresh heartbeat, a
// consumer that read a moment ago) unless forced, a plan made stale by new consumption
// (checked before anything is written, and again atomically in the script), positions
// before the oldest kept entry or ahead of the group, and bad input.
import { encodeEvent, groupKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { BadInputError, ConflictError, NotFoundError } from '../src/errors.ts';
import { applyRewind } from '../src/rewind/apply-rewind.ts';
import { serverTimeMs } from '../src/rewind/liveness.ts';
import { planRewind } from '../src/rewind/plan-rewind.ts';
import { withRewindScripts } from '../src/rewind/rewind-scripts.ts';
import { readSavedRewind } from '../src/rewind/saved-rewind.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { BASE_MS, entryIdOf, groupFixture, PARTITIONS, PER_PARTITION } from './support/o-group-fixture.ts';
import { checkpointOf, groupInfo } from './support/o-inspect.ts';
import { range, tick } from './support/o-ticks.ts';

const file = redisForThisFile();

/** A fixture whose consumer processed everything and stopped. */
async function processedGroup(namespace: string) {
  const fixture = await groupFixture(file.redis, file.server.url, namespace, 'guard-check');
  const consumer = await fixture.start(`${namespace}-a`);
  await fixture.waitCaughtUp('all processed');
  await consumer.stop();
  return { fixture, scope: { namespace, partitions: PARTITIONS } };
}

describe('rewind guards', () => {
  it('refuses while a member heartbeats or a consumer just read, naming it; force applies', async () => {
    const { fixture, scope } = await processedGroup('guard-live');
    const { group, keys } = fixture;
    const plan = await planRewind(file.redis, scope, { group, to: 'start' });
    expect(plan.liveConsumers).toEqual([]);

    // A member that heartbeated just now (killed a moment ago, say).
    await file.redis.zadd(groupKeys(scope.namespace, group).members, await serverTimeMs(file.redis), 'ghost');
    await expect(applyRewind(file.redis, scope, plan, { by: 'ops' })).rejects.toThrow(
      /ghost \(seen \d+ ms ago\)/,
    );
    // Its heartbeat long past, it is not live any more.
    await file.redis.zadd(groupKeys(scope.namespace, group).members, BASE_MS, 'ghost');
    // A consumer that read from the group just now shows in XINFO CONSUMERS.
    await file.redis.xgroup('CREATECONSUMER', keys(1).stream, group, 'reader');
    const refused = applyRewind(file.redis, scope, plan, { by: 'ops' });
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(/reader/);
    await expect(refused).rejects.not.toThrow(/ghost/);
    expect(await readSavedRewind(file.redis, scope, group)).toBeUndefined();

    const saved = await applyRewind(file.redis, scope, plan, { by: 'ops', force: true });
    expect(saved.previous.map((p) => p.lastDeliveredId)).toEqual([entryIdOf(0, 99), entryIdOf(1, 99)]);
    for (const p of range(0, PARTITIONS)) {
      expect(await groupInfo(file.redis, keys(p).stream, group)).toMatchObject({
        'last-delivered-id': '0-0',
        lag: PER_PARTITION,
      });
      expect((await checkpointOf(file.redis, keys(p).checkpoint(group))).last).toBeNull();
    }
  });

  it('refuses a plan made stale by new consumption, writing nothing', async () => {
    const { fixture, scope } = await processedGroup('guard-stale');
    const { group, keys } = fixture;
    const plan = await planRewind(file.redis, scope, { group, to: { timeMs: BASE_MS + 500 } });
    await file.redis.xadd(
      keys(0).stream,
      `${BASE_MS + 5_000}-0`,
      ...encodeEvent(tick(fixture.symbols[0] as string, 100)),
    );
    const consumer = await fixture.start('guard-stale-b');
    await fixture.waitCaughtUp('the new entry processed');
    await consumer.stop();
    const before = await groupInfo(file.redis, keys(0).stream, group);

    const stale = applyRewind(file.redis, scope, plan, { by: 'ops' });
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toThrow(/stale, plan again/);
    await expect(stale).rejects.toThrow(keys(0).stream);
    expect(await groupInfo(file.redis, keys(0).stream, group)).toEqual(before);
    expect(await readSavedRewind(file.redis, scope, group)).toBeUndefined();
  });

  it('the script itself refuses a partition that moved, changing nothing', async () => {
    const { fixture, scope } = await processedGroup('guard-script');
    const scripted = withRewindScripts(file.redis);
    const { group, keys } = fixture;
    const plan = await planRewind(file.redis, scope, { group, to: { id: entryIdOf(0, 50) } });
    const p = plan.partitions[0];
    if (p === undefined) throw new Error('no partition planned');
    const call = (overrides: Partial<typeof p>) => {
      const q = { ...p, ...overrides };
      return scripted.tfReplayRewindGroup(
        q.stream,
        keys(0).checkpoint(group),
        group,
        q.lastDeliveredId,
        q.entriesRead === null ? '' : String(q.entriesRead),
        q.checkpoint ?? '',
        q.maxDeletedEntryId,
        q.firstRedelivered ?? '',
        q.target,
        q.redeliver,
      );
    };
    const before = await groupInfo(file.redis, keys(0).stream, group);
    expect(await call({ lastDeliveredId: entryIdOf(0, 98) })).toEqual([
      'stale',
      expect.stringContaining('last-delivered'),
    ]);
    expect(await call({ checkpoint: entryIdOf(0, 98) })).toEqual([
      'stale',
      expect.stringContaining('checkpoint'),
    ]);
    expect(await call({ entriesRead: 7 })).toEqual(['stale', expect.stringContaining('entries-read')]);
    expect(await call({ firstRedelivered: '1-1' })).toEqual(['stale', expect.stringContaining('trimmed')]);
    expect(await groupInfo(file.redis, keys(0).stream, group)).toEqual(before);
    expect(await call({})).toEqual(['ok', String(PER_PARTITION - p.redeliver)]);
  });

  it('clamps to the oldest kept entry and never moves a group forward', async () => {
    const { fixture, scope } = await processedGroup('guard-clamp');
    const { group, keys } = fixture;
    const ahead = await planRewind(file.redis, scope, { group, to: { timeMs: BASE_MS + 60_000 } });
    for (const p of ahead.partitions) {
      expect(p).toMatchObject({ target: p.lastDeliveredId, redeliver: 0, firstRedelivered: null });
      expect(p.clamped).toMatch(/nothing was handed to the group/);
    }

    await file.redis.xtrim(keys(0).stream, 'MAXLEN', 40);
    const early = await planRewind(file.redis, scope, { group, to: { timeMs: BASE_MS } });
    const [trimmed, whole] = early.partitions;
    expect(trimmed).toMatchObject({ target: '0-0', firstRedelivered: entryIdOf(0, 60), redeliver: 40 });
    expect(trimmed?.clamped).toMatch(/before the oldest kept entry .*\(60 older entries were trimmed/);
    expect(whole).toMatchObject({ target: '0-0', redeliver: PER_PARTITION, clamped: null });
    await applyRewind(file.redis, scope, early, { by: 'ops' });
    // Back to the start of what is kept: the lag counts the kept entries only.
    expect(await groupInfo(file.redis, keys(0).stream, group)).toMatchObject({ 'entries-read': 60, lag: 40 });
    // Now behind every entry: a position ahead of the group still never moves it forward.
    const forward = await planRewind(file.redis, scope, { group, to: { id: entryIdOf(1, 90) } });
    for (const p of forward.partitions) {
      expect(p).toMatchObject({ target: '0-0', redeliver: 0, firstRedelivered: null });
    }
  });

  it('refuses bad input and an unknown group', async () => {
    const scope = { namespace: 'guard-input', partitions: 2 };
    await expect(planRewind(file.redis, scope, { group: 'no such!', to: 'start' })).rejects.toMatchObject({
      parameter: 'group',
    });
    await expect(planRewind(file.redis, scope, { group: 'g', to: { id: 'x' } })).rejects.toMatchObject({
      parameter: 'to.id',
    });
    await expect(planRewind(file.redis, scope, { group: 'g', to: { timeMs: -1 } })).rejects.toThrow(
      BadInputError,
    );
    await expect(planRewind(file.redis, scope, { group: 'nobody', to: 'start' })).rejects.toThrow(
      NotFoundError,
    );

    const { fixture, scope: live } = await processedGroup('guard-input2');
    const plan = await planRewind(file.redis, live, { group: fixture.group, to: 'start' });
    await expect(applyRewind(file.redis, scope, plan, { by: 'ops' })).rejects.toThrow(
      /namespace guard-input2/,
    );
    await expect(
      applyRewind(file.redis, live, { ...plan, createdAt: -5 }, { by: 'ops' }),
    ).rejects.toMatchObject({
      parameter: 'plan',
    });
    await expect(applyRewind(file.redis, live, plan, { by: ' ' })).rejects.toMatchObject({ parameter: 'by' });
  });
});
