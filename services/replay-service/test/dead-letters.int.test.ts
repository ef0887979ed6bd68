// Dead letters over HTTP, made by a real consumer group: an entry that does not decode is
// dead-lettered by the runtime; GET /dlq shows it with its kind and reason; a dry-run requeue
// counts it and writes nothing; a real one appends it again (a new entry id, delivered to the
// group again — and dead-lettered again, being still poison); a second one finds it requeued.
import { createPublisher } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { mdStream, publishTicks, spacedTick } from './support/history.ts';
import { call, expectStatus, READ_TOKEN } from './support/http.ts';
import { caughtUp, deadLetterCount, startRecordingConsumer } from './support/recording-consumer.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'dlq', partitions: 2 };
const GROUP = 'dlq-check';

interface Letter {
  ref: string;
  kind: string;
  reason: string;
  stream: string;
  entry: string;
  group: string;
  fields: string[] | null;
  requeuedAs?: string;
}
interface DlqPage {
  entries: Letter[];
  counts: { stream: string; total: number; requeued: number; byKind?: Record<string, number> }[];
}
interface Requeued {
  dryRun: boolean;
  matched: number;
  requeued: number;
  alreadyRequeued: number;
  entries: { ref: string; stream: string; newEntryId: string | null }[];
}

describe('dead letters over HTTP', () => {
  it('lists a poison entry, dry-runs and requeues it once with a new entry id, then finds it requeued', async () => {
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const { consumer, handled } = await startRecordingConsumer(file.server.url, SOURCE, GROUP, 'dlq-a');
    try {
      await publishTicks(file.redis, SOURCE, 20, 1_000_000n);
      const stream = mdStream(SOURCE.namespace, 0);
      const poisonId = (await file.redis.xadd(stream, '*', 'hello', 'world')) as string;
      await createPublisher(file.redis, SOURCE).publishAll(
        [20, 21, 22].map((seq) => spacedTick(seq, 1_000_000n)),
      );
      const settled = (letters: number) => async () =>
        (await deadLetterCount(file.redis, SOURCE)) === letters &&
        (await caughtUp(file.redis, SOURCE, GROUP));
      await waitFor(settled(1), { timeoutMs: 20_000, description: 'the poison entry dead-lettered' });
      expect(handled).toHaveLength(23);

      const listed = await expectStatus(200, call<DlqPage>(api, 'GET', '/dlq', { token: READ_TOKEN }));
      expect(listed.entries).toEqual([
        expect.objectContaining({
          kind: 'undecodable',
          stream,
          entry: poisonId,
          group: GROUP,
          fields: ['hello', 'world'],
        }),
      ]);
      const [letter] = listed.entries as [Letter];
      expect(letter.reason).not.toBe('');
      expect(letter.requeuedAs).toBeUndefined();
      expect(listed.counts).toEqual([
        { type: 'market_data', partition: 0, stream, total: 1, requeued: 0, byKind: { undecodable: 1 } },
      ]);
      expect((await call(api, 'GET', '/dlq?kinds=nonsense', { token: READ_TOKEN })).body).toMatchObject({
        status: 400,
        parameter: 'kinds',
      });

      const requeue = (body: Record<string, unknown>) =>
        expectStatus(200, call<Requeued>(api, 'POST', '/dlq/requeue', { body, actor: 'carol' }));
      expect((await call(api, 'POST', '/dlq/requeue', { body: { kinds: 'undecodable' } })).status).toBe(400);
      const length = await file.redis.xlen(stream);
      const dry = await requeue({ kinds: 'undecodable', dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, matched: 1, requeued: 1, alreadyRequeued: 0 });
      expect(dry.entries).toEqual([{ ref: letter.ref, stream, newEntryId: null }]);
      expect(await file.redis.xlen(stream)).toBe(length);

      const real = await requeue({ refs: [letter.ref], dryRun: false });
      expect(real).toMatchObject({ dryRun: false, matched: 1, requeued: 1, alreadyRequeued: 0 });
      const newEntryId = real.entries[0]?.newEntryId as string;
      expect(newEntryId).toMatch(/^\d+-\d+$/);
      expect(newEntryId).not.toBe(poisonId);
      expect(await file.redis.xlen(stream)).toBe(length + 1);
      // Delivered to the group again: still poison, so dead-lettered again, from its new entry.
      await waitFor(settled(2), { timeoutMs: 20_000, description: 'the requeued entry handled' });
      const after = await expectStatus(200, call<DlqPage>(api, 'GET', '/dlq', { token: READ_TOKEN }));
      expect(after.entries.map((l) => [l.entry, l.requeuedAs])).toEqual([
        [poisonId, newEntryId],
        [newEntryId, undefined],
      ]);

      const again = await requeue({ refs: [letter.ref], dryRun: false });
      expect(again).toMatchObject({ matched: 1, requeued: 0, alreadyRequeued: 1, entries: [] });
      expect(await file.redis.xlen(stream)).toBe(length + 1);

      const audit = await expectStatus(
        200,
        call<{ entries: { action: string; by: string; outcome: string; detail: unknown }[] }>(
          api,
          'GET',
          '/audit?order=oldest&action=dlq.requeue',
          { token: READ_TOKEN },
        ),
      );
      expect(audit.entries.map((e) => [e.by, e.outcome, e.detail])).toEqual([
        ['operator:carol', 'dry-run', { matched: 1, requeued: 1, alreadyRequeued: 0 }],
        ['operator:carol', 'ok', { matched: 1, requeued: 1, alreadyRequeued: 0 }],
        ['operator:carol', 'ok', { matched: 1, requeued: 0, alreadyRequeued: 1 }],
      ]);
    } finally {
      await consumer.stop();
    }
  });
});
