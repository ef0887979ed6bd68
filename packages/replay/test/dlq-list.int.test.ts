// Browsing dead letters (scope order across types and partitions, cursors, filters, counts)
// and the requeue's answers to refs that are wrong, unknown or not requeueable; the requeue
// script's own idempotency (what protects a retried or concurrent requeue).
import { encodeEvent, partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { listDeadLetters } from '../src/dlq/list-dead-letters.ts';
import { requeuedProvenance } from '../src/dlq/provenance.ts';
import { requeueDeadLetters } from '../src/dlq/requeue-dead-letters.ts';
import { withRequeueScript } from '../src/dlq/requeue-script.ts';
import { BadInputError, NotFoundError } from '../src/errors.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { addDeadLetter } from './support/o-dead-letters.ts';
import { tick } from './support/o-ticks.ts';

const file = redisForThisFile();
const scope = { namespace: 'dlq-list', partitions: 3 };
const md = (p: number) => partitionKeys(scope.namespace, 'market_data', p);
const sig = (p: number) => partitionKeys(scope.namespace, 'signal', p);
const fields = encodeEvent(tick('SYM001', 1));

describe('listDeadLetters', () => {
  it('pages through every dead letter once, in scope order, with counts on the first page', async () => {
    const letters: [ReturnType<typeof md>, string, 'failed' | 'permanent' | 'invalid'][] = [
      [md(0), '1000-0', 'failed'],
      [md(0), '1002-0', 'permanent'],
      [md(0), '1004-0', 'failed'],
      [md(2), '1000-0', 'invalid'],
      [md(2), '1003-0', 'failed'],
      [sig(1), '1000-0', 'permanent'],
      [sig(1), '1001-0', 'failed'],
    ];
    for (const [keys, id, kind] of letters) await addDeadLetter(file.redis, keys, { id, kind, fields });
    const expected = [
      'md:0:1000-0',
      'md:2:1000-0',
      'sig:1:1000-0',
      'sig:1:1001-0',
      'md:0:1002-0',
      'md:2:1003-0',
      'md:0:1004-0',
    ];

    const refs: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listDeadLetters(
        file.redis,
        scope,
        cursor === undefined ? { limit: 2 } : { limit: 2, cursor },
      );
      refs.push(...page.entries.map((letter) => letter.ref));
      if (pages === 0) {
        expect(page.counts).toEqual([
          {
            type: 'market_data',
            partition: 0,
            stream: md(0).stream,
            total: 3,
            requeued: 0,
            byKind: { failed: 2, permanent: 1 },
          },
          {
            type: 'market_data',
            partition: 2,
            stream: md(2).stream,
            total: 2,
            requeued: 0,
            byKind: { invalid: 1, failed: 1 },
          },
          {
            type: 'signal',
            partition: 1,
            stream: sig(1).stream,
            total: 2,
            requeued: 0,
            byKind: { permanent: 1, failed: 1 },
          },
        ]);
      } else {
        expect(page.counts.every((count) => count.byKind === undefined)).toBe(true);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(refs).toEqual(expected);
    expect(pages).toBe(4);

    const failedInMd = await listDeadLetters(file.redis, scope, {
      limit: 10,
      kinds: ['failed'],
      types: ['market_data'],
    });
    expect(failedInMd.entries.map((l) => l.ref)).toEqual(['md:0:1000-0', 'md:2:1003-0', 'md:0:1004-0']);
    const partition2 = await listDeadLetters(file.redis, scope, { limit: 10, partitions: [2] });
    expect(partition2.entries.map((l) => l.ref)).toEqual(['md:2:1000-0', 'md:2:1003-0']);
    expect(partition2.counts.map((c) => c.stream)).toEqual([md(2).stream]);
    const [first] = partition2.entries;
    expect(first).toMatchObject({
      type: 'market_data',
      partition: 2,
      kind: 'invalid',
      fields,
      requeuedAs: undefined,
    });

    const { entries } = await requeueDeadLetters(file.redis, scope, { refs: ['md:2:1003-0'], dryRun: false });
    const again = await listDeadLetters(file.redis, scope, { limit: 10, partitions: [2] });
    expect(again.entries.map((l) => l.requeuedAs)).toEqual([undefined, entries[0]?.newEntryId]);
    expect(again.counts[0]).toMatchObject({ total: 2, requeued: 1 });
  });

  it('refuses a bad limit, cursor, kind or partition', async () => {
    await expect(listDeadLetters(file.redis, scope, { limit: 0 })).rejects.toThrow(BadInputError);
    await expect(listDeadLetters(file.redis, scope, { limit: 5, cursor: 'md:0:x' })).rejects.toMatchObject({
      parameter: 'cursor',
    });
    await expect(
      listDeadLetters(file.redis, scope, { limit: 5, kinds: ['nope' as 'failed'] }),
    ).rejects.toMatchObject({ parameter: 'kinds' });
    await expect(listDeadLetters(file.redis, scope, { limit: 5, partitions: [3] })).rejects.toMatchObject({
      parameter: 'partitions',
    });
  });
});

describe('requeueDeadLetters by refs', () => {
  it('takes exactly one of refs and match, and refuses refs that are malformed or out of scope', async () => {
    await expect(requeueDeadLetters(file.redis, scope, { dryRun: true })).rejects.toThrow(BadInputError);
    await expect(
      requeueDeadLetters(file.redis, scope, { refs: ['md:0:1-0'], match: {}, dryRun: true }),
    ).rejects.toThrow(/exactly one of refs and match/);
    await expect(
      requeueDeadLetters(file.redis, scope, { refs: ['xx:0:1-0'], dryRun: true }),
    ).rejects.toMatchObject({
      parameter: 'refs',
    });
    await expect(requeueDeadLetters(file.redis, scope, { refs: ['md:7:1-0'], dryRun: true })).rejects.toThrow(
      /partition 7/,
    );
    await expect(
      requeueDeadLetters(file.redis, scope, { refs: ['md:0:1-0'], dryRun: 'yes' as unknown as boolean }),
    ).rejects.toMatchObject({ parameter: 'dryRun' });
  });

  it('names unknown refs (NotFoundError) and writes nothing', async () => {
    const keys = md(1);
    const id = await addDeadLetter(file.redis, keys, { kind: 'failed', fields });
    const call = requeueDeadLetters(file.redis, scope, { refs: [`md:1:${id}`, 'md:1:5-5'], dryRun: false });
    await expect(call).rejects.toThrow(NotFoundError);
    await expect(call).rejects.toThrow(/md:1:5-5/);
    expect(await file.redis.exists(keys.stream)).toBe(0);
    expect(await file.redis.exists(keys.requeued)).toBe(0);
  });

  it('reports trimmed and foreign dead letters as not requeueable, dry run and real run alike', async () => {
    const keys = partitionKeys(scope.namespace, 'order', 0);
    const trimmed = await addDeadLetter(file.redis, keys, { kind: 'trimmed', fields: null });
    const foreign = await addDeadLetter(file.redis, keys, { kind: 'failed', fields, stream: md(1).stream });
    const good = await addDeadLetter(file.redis, keys, { kind: 'failed', fields });
    const refs = [trimmed, foreign, good].map((id) => `ord:0:${id}`);
    // Named refs are never cut short silently: more requeueable ones than the limit is refused.
    const other = await addDeadLetter(file.redis, keys, { kind: 'failed', fields });
    await expect(
      requeueDeadLetters(file.redis, scope, { refs: [...refs, `ord:0:${other}`], dryRun: true, limit: 1 }),
    ).rejects.toMatchObject({ parameter: 'refs' });
    const dry = await requeueDeadLetters(file.redis, scope, { refs, dryRun: true });
    const real = await requeueDeadLetters(file.redis, scope, { refs, dryRun: false });
    for (const result of [dry, real]) {
      expect(result).toMatchObject({ matched: 3, requeued: 1, alreadyRequeued: 0 });
      expect(result.notRequeueable.map((n) => n.ref)).toEqual([refs[0], refs[1]]);
      expect(result.notRequeueable[0]?.why).toMatch(/trimmed/);
      expect(result.notRequeueable[1]?.why).toContain(md(1).stream);
    }
    expect(await file.redis.xlen(keys.stream)).toBe(1);
    await expect(
      requeueDeadLetters(file.redis, scope, { refs, dryRun: true, limit: 0 }),
    ).rejects.toMatchObject({
      parameter: 'limit',
    });
  });
  it('the script itself re-delivers once, and an entry carries one set of provenance', async () => {
    const keys = partitionKeys(scope.namespace, 'fill', 2);
    // A dead letter of an entry that had been requeued before: its old provenance is replaced.
    const earlier = [...fields, 'requeued_from', '1-1', 'requeued_kind', 'failed'];
    const id = await addDeadLetter(file.redis, keys, { kind: 'permanent', reason: 'again', fields: earlier });
    const scripted = withRequeueScript(file.redis);
    const first = await scripted.tfReplayRequeue(keys.stream, keys.deadLetter, keys.requeued, id, '9-9');
    expect(first).toEqual(['requeued', expect.stringMatching(/^\d+-\d+$/), 'missing', '']);
    const second = await scripted.tfReplayRequeue(keys.stream, keys.deadLetter, keys.requeued, id);
    expect(second).toEqual(['already', first[1]]);
    const entries = await file.redis.xrange(keys.stream, '-', '+');
    expect(entries).toHaveLength(1);
    const stored = entries[0]?.[1] ?? [];
    expect(stored.filter((name) => name === 'requeued_from')).toHaveLength(1);
    expect(stored.slice(0, fields.length)).toEqual(fields);
    expect(requeuedProvenance(stored)).toMatchObject({
      deadLetterId: id,
      kind: 'permanent',
      reason: 'again',
    });
  });
});
