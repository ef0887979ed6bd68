// Dead-letter requeue with a real consumer: a handler that fails permanently until it is
// "fixed" dead-letters entries; after the fix a dry run reports what a requeue would do and
// changes nothing, a requeue re-delivers each once (with provenance), and a second requeue
// re-delivers nothing. In bulk, chunks of one partition each, every entry arrives once.
// (Selection by kind, reason, predicate and limit: dlq-requeue-match.int.test.ts.)
import { partitionKeys } from '@tickflow/events';
import { createPublisher, PermanentError } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { listDeadLetters } from '../src/dlq/list-dead-letters.ts';
import { requeuedProvenance } from '../src/dlq/provenance.ts';
import { type RequeueChunk, requeueDeadLetters } from '../src/dlq/requeue-dead-letters.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { allCaughtUp as allCaughtUpOf, deadLetterCount as deadLetterCountOf } from './support/o-dlq-waits.ts';
import { type Applied, appliedSeqs, startLedgerConsumer } from './support/o-ledger-consumer.ts';
import { range, symbolsIn, tick } from './support/o-ticks.ts';

const file = redisForThisFile();
const group = 'dlq-check';

const deadLetterCount = (namespace: string, partitions: number) =>
  deadLetterCountOf(file.redis, namespace, partitions);
const allCaughtUp = (namespace: string, partitions: number) =>
  allCaughtUpOf(file.redis, namespace, partitions, group);

describe('requeueDeadLetters', () => {
  it('re-delivers a dead letter once after the fix: dry run first, provenance, idempotent', async () => {
    const namespace = 'dlq-one';
    const scope = { namespace, partitions: 2 };
    const [symbol] = symbolsIn(1, 2, 1) as [string];
    const keys = partitionKeys(namespace, 'market_data', 1);
    const bad = tick(symbol, 3);
    let fixed = false;
    const ledger: Applied[] = [];
    const consumer = await startLedgerConsumer(
      {
        url: file.server.url,
        ...scope,
        group,
        consumerName: 'dlq-one-a',
        fail: (event) =>
          event.id === bad.id && !fixed ? new PermanentError('price feed not supported yet') : undefined,
      },
      ledger,
    );
    try {
      const publisher = createPublisher(file.redis, scope);
      await publisher.publishAll(range(0, 6).map((seq) => tick(symbol, seq)));
      await waitFor(
        async () => (await deadLetterCount(namespace, 2)) === 1 && (await allCaughtUp(namespace, 2)),
        {
          timeoutMs: 20_000,
          description: 'the bad tick dead-lettered, the others applied',
        },
      );
      const applied = () => appliedSeqs(file.redis, keys.checkpoint(group), symbol);
      expect(await applied()).toEqual([0, 1, 2, 4, 5]);
      fixed = true;

      const streamLength = await file.redis.xlen(keys.stream);
      const match = { kinds: ['permanent' as const] };
      const dry = await requeueDeadLetters(file.redis, scope, { match, dryRun: true });
      expect(dry).toMatchObject({
        dryRun: true,
        matched: 1,
        requeued: 1,
        alreadyRequeued: 0,
        notRequeueable: [],
      });
      expect(dry.entries).toEqual([
        { ref: expect.stringMatching(/^md:1:\d+-\d+$/), stream: keys.stream, newEntryId: null },
      ]);
      expect(await file.redis.xlen(keys.stream)).toBe(streamLength);
      expect(await file.redis.exists(keys.requeued)).toBe(0);

      const real = await requeueDeadLetters(file.redis, scope, { match, dryRun: false });
      expect({ ...real, entries: [] }).toEqual({ ...dry, dryRun: false, entries: [] });
      const [requeued] = real.entries;
      expect(requeued?.ref).toBe(dry.entries[0]?.ref);
      await waitFor(async () => (await applied()).includes(3), {
        timeoutMs: 20_000,
        description: 'requeued tick applied',
      });

      // The requeued entry is the original event plus where it came from.
      const [letter] = (await listDeadLetters(file.redis, scope, { limit: 10 })).entries;
      expect(letter?.requeuedAs).toBe(requeued?.newEntryId);
      const [entry] = await file.redis.xrange(
        keys.stream,
        requeued?.newEntryId ?? '',
        requeued?.newEntryId ?? '',
      );
      expect(requeuedProvenance(entry?.[1] ?? [])).toEqual({
        deadLetterId: letter?.id,
        originalEntryId: letter?.entry,
        kind: 'permanent',
        reason: letter?.reason,
        deliveries: 1,
      });
      expect(letter?.reason).toContain('price feed not supported yet');

      // Again, by ref: nothing is appended; a tick published after it shows nothing else came.
      const again = await requeueDeadLetters(file.redis, scope, {
        refs: [requeued?.ref ?? ''],
        dryRun: false,
      });
      expect(again).toMatchObject({ matched: 1, requeued: 0, alreadyRequeued: 1, entries: [] });
      const lengthAfter = await file.redis.xlen(keys.stream);
      await publisher.publish(tick(symbol, 6));
      await waitFor(async () => (await applied()).includes(6), {
        timeoutMs: 20_000,
        description: 'the sentinel tick applied',
      });
      expect(await file.redis.xlen(keys.stream)).toBe(lengthAfter + 1);
      expect(ledger.filter((a) => a.eventId === bad.id)).toHaveLength(1);
      expect(await applied()).toEqual([0, 1, 2, 4, 5, 3, 6]);
      // The effect ledger: one derived signal per input, the requeued one included.
      const signals = await file.redis.xlen(partitionKeys(namespace, 'signal', 1).stream);
      expect(signals).toBe(7);
      // The dead letter stays, as history.
      expect(await deadLetterCount(namespace, 2)).toBe(1);
    } finally {
      await consumer.stop();
    }
  });

  it('requeues 250 dead letters over 3 partitions in chunks of 100: each arrives once', async () => {
    const namespace = 'dlq-bulk';
    const scope = { namespace, partitions: 3 };
    // Uneven on purpose: 150, 60 and 40 letters, so partition 0 takes two chunks.
    const plan: [number, number][] = [
      [0, 150],
      [1, 60],
      [2, 40],
    ];
    const symbols = plan.map(([p]) => symbolsIn(p, 3, 1)[0] as string);
    let fixed = false;
    const ledger: Applied[] = [];
    const consumer = await startLedgerConsumer(
      {
        url: file.server.url,
        ...scope,
        group,
        consumerName: 'dlq-bulk-a',
        fail: () => (fixed ? undefined : new PermanentError('handler not deployed yet')),
      },
      ledger,
    );
    try {
      const publisher = createPublisher(file.redis, scope);
      for (const [i, [, count]] of plan.entries()) {
        await publisher.publishAll(range(0, count).map((seq) => tick(symbols[i] as string, seq)));
      }
      await waitFor(
        async () => (await deadLetterCount(namespace, 3)) === 250 && (await allCaughtUp(namespace, 3)),
        {
          timeoutMs: 30_000,
          description: '250 dead letters',
        },
      );
      expect(ledger).toEqual([]);
      fixed = true;

      const chunks: RequeueChunk[] = [];
      const result = await requeueDeadLetters(file.redis, scope, {
        match: {},
        dryRun: false,
        chunkSize: 100,
        onChunk: (chunk) => chunks.push(chunk),
      });
      expect(result).toMatchObject({ matched: 250, requeued: 250, alreadyRequeued: 0, truncated: false });
      const streamOf = (p: number) => partitionKeys(namespace, 'market_data', p).stream;
      // Partitions go in the order their first dead letter was moved (the consumer works them
      // concurrently); within one, chunks go in order.
      const byStream = (a: RequeueChunk, b: RequeueChunk) =>
        a.stream.localeCompare(b.stream) || b.sent - a.sent;
      expect([...chunks].sort(byStream)).toEqual([
        { stream: streamOf(0), sent: 100, requeued: 100 },
        { stream: streamOf(0), sent: 50, requeued: 50 },
        { stream: streamOf(1), sent: 60, requeued: 60 },
        { stream: streamOf(2), sent: 40, requeued: 40 },
      ]);
      await waitFor(async () => ledger.length >= 250 && (await allCaughtUp(namespace, 3)), {
        timeoutMs: 30_000,
        description: 'all 250 requeued entries applied',
      });
      for (const [i, [p, count]] of plan.entries()) {
        const checkpoint = partitionKeys(namespace, 'market_data', p).checkpoint(group);
        expect(await appliedSeqs(file.redis, checkpoint, symbols[i] as string)).toEqual(range(0, count));
      }
      expect(ledger).toHaveLength(250);

      // A second run over the same match finds them all done.
      const again = await requeueDeadLetters(file.redis, scope, { match: {}, dryRun: false, chunkSize: 100 });
      expect(again).toMatchObject({ matched: 250, requeued: 0, alreadyRequeued: 250 });
    } finally {
      await consumer.stop();
    }
  });
});
