// Rewinding a real consumer group that processed 100 entries per partition: the plan counts
// what will be re-delivered (by time and by id), applying is refused while a consumer runs,
// an undo puts every position back exactly, and a restarted consumer is handed exactly the
// planned entries again (its effects deduped, its state carried on, not rewound).
import { partitionKeys } from '@tickflow/events';
import type { Consumer } from '@tickflow/streams';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../src/errors.ts';
import { applyRewind } from '../src/rewind/apply-rewind.ts';
import { planRewind } from '../src/rewind/plan-rewind.ts';
import { readSavedRewind } from '../src/rewind/saved-rewind.ts';
import { undoRewind } from '../src/rewind/undo-rewind.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { BASE_MS, entryIdOf, groupFixture, PARTITIONS, PER_PARTITION } from './support/o-group-fixture.ts';
import { checkpointOf, groupInfo } from './support/o-inspect.ts';
import { appliedSeqs } from './support/o-ledger-consumer.ts';
import { range } from './support/o-ticks.ts';

const file = redisForThisFile();

/** What an undo must restore: the group's XINFO GROUPS row and the checkpoint hash, per partition. */
async function positions(keys: (p: number) => ReturnType<typeof partitionKeys>, group: string) {
  return Promise.all(
    range(0, PARTITIONS).map(async (p) => ({
      info: await groupInfo(file.redis, keys(p).stream, group),
      checkpoint: await checkpointOf(file.redis, keys(p).checkpoint(group)),
    })),
  );
}

describe('group rewind', () => {
  it('plans, refuses while live, applies, undoes exactly, and re-delivers exactly the plan', async () => {
    const fixture = await groupFixture(file.redis, file.server.url, 'rewind', 'rewind-check');
    const { group, keys, ids, calls } = fixture;
    const scope = { namespace: fixture.namespace, partitions: PARTITIONS };
    let consumer: Consumer | undefined = await fixture.start('rewind-a');
    try {
      await fixture.waitCaughtUp('100 entries per partition processed');
      const signalsBefore = await file.redis.xlen(partitionKeys(scope.namespace, 'signal', 0).stream);

      // By time: entries at or after BASE + 605 ms — partition 0 from i = 61, partition 1 from i = 60.
      const byTime = await planRewind(file.redis, scope, { group, to: { timeMs: BASE_MS + 605 } });
      expect(byTime.partitions.map((p) => [p.stream, p.redeliver, p.firstRedelivered, p.target])).toEqual([
        [keys(0).stream, 39, entryIdOf(0, 61), entryIdOf(0, 60)],
        [keys(1).stream, 40, entryIdOf(1, 60), entryIdOf(1, 59)],
      ]);
      expect(byTime.partitions.every((p) => p.lastDeliveredId === p.checkpoint && p.clamped === null)).toBe(
        true,
      );
      expect(byTime.liveConsumers.map((c) => c.name)).toEqual(['rewind-a']);
      // By id: partition 1's 70th entry; on partition 0 the first entry after it is i = 71.
      const byId = await planRewind(file.redis, scope, {
        group,
        types: ['market_data'],
        to: { id: entryIdOf(1, 70) },
      });
      expect(byId.partitions.map((p) => p.redeliver)).toEqual([29, 30]);

      const refused = applyRewind(file.redis, scope, byTime, { by: 'alice' });
      await expect(refused).rejects.toThrow(ConflictError);
      await expect(refused).rejects.toThrow(/rewind-a/);
      expect(await readSavedRewind(file.redis, scope, group)).toBeUndefined();
      await consumer.stop();
      consumer = undefined;

      // Apply, then undo before anything consumes: every position back exactly.
      const before = await positions(keys, group);
      const saved = await applyRewind(file.redis, scope, byTime, { by: 'alice' });
      expect(saved).toMatchObject({ by: 'alice', group, undone: null });
      for (const [p, planned] of byTime.partitions.entries()) {
        const info = await groupInfo(file.redis, keys(p).stream, group);
        expect(info).toMatchObject({
          'last-delivered-id': planned.target,
          'entries-read': PER_PARTITION - planned.redeliver,
          lag: planned.redeliver,
        });
        expect(await checkpointOf(file.redis, keys(p).checkpoint(group))).toEqual({
          last: planned.target,
          state: before[p]?.checkpoint.state,
        });
      }
      const undone = await undoRewind(file.redis, scope, group, { by: 'bob' });
      expect(undone.undone).toMatchObject({ by: 'bob', missing: [] });
      expect(await positions(keys, group)).toEqual(before);
      await expect(undoRewind(file.redis, scope, group, { by: 'bob' })).rejects.toThrow(NotFoundError);
      expect((await readSavedRewind(file.redis, scope, group))?.undone?.by).toBe('bob');

      // Apply for real and restart: exactly the planned entries come again, in order.
      const plan = await planRewind(file.redis, scope, { group, to: { id: entryIdOf(1, 70) } });
      await applyRewind(file.redis, scope, plan, { by: 'alice' });
      const seenBefore = calls.length;
      consumer = await fixture.start('rewind-b');
      await fixture.waitCaughtUp('the rewound entries processed again');
      const again = calls.slice(seenBefore);
      for (const p of range(0, PARTITIONS)) {
        const from = p === 0 ? 71 : 70;
        expect(again.filter((c) => c.stream === keys(p).stream).map((c) => c.entryId)).toEqual(
          (ids[p] as string[]).slice(from),
        );
        // The state was not rewound: the re-delivered ticks are applied on top of it.
        expect(
          await appliedSeqs(file.redis, keys(p).checkpoint(group), fixture.symbols[p] as string),
        ).toEqual([...range(0, PER_PARTITION), ...range(from, PER_PARTITION)]);
      }
      expect(again.every((c) => c.consumer === 'rewind-b')).toBe(true);
      // Derived ids: the re-run's signals were dropped as duplicates.
      expect(await file.redis.xlen(partitionKeys(scope.namespace, 'signal', 0).stream)).toBe(signalsBefore);
    } finally {
      await consumer?.stop();
    }
  });
});
