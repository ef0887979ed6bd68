// Requeue by match with a real consumer: a kind (here among permanent and undecodable dead
// letters), a piece of the reason, a predicate; and the limit that caps what one call takes.
import { partitionKeys } from '@tickflow/events';
import { createPublisher, PermanentError } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { listDeadLetters } from '../src/dlq/list-dead-letters.ts';
import { requeueDeadLetters } from '../src/dlq/requeue-dead-letters.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { allCaughtUp, deadLetterCount } from './support/o-dlq-waits.ts';
import { type Applied, appliedSeqs, startLedgerConsumer } from './support/o-ledger-consumer.ts';
import { range, symbolsIn, tick } from './support/o-ticks.ts';

const file = redisForThisFile();
const group = 'dlq-check';

describe('requeueDeadLetters by match', () => {
  it('requeues by kind only the dead letters of that kind, and caps a match at its limit', async () => {
    const namespace = 'dlq-kinds';
    const scope = { namespace, partitions: 1 };
    const keys = partitionKeys(namespace, 'market_data', 0);
    const [symbol] = symbolsIn(0, 1, 1) as [string];
    let fixed = false;
    const ledger: Applied[] = [];
    const consumer = await startLedgerConsumer(
      {
        url: file.server.url,
        ...scope,
        group,
        consumerName: 'dlq-kinds-a',
        fail: () => (fixed ? undefined : new PermanentError('not yet')),
      },
      ledger,
    );
    try {
      const publisher = createPublisher(file.redis, scope);
      await publisher.publishAll(range(0, 3).map((seq) => tick(symbol, seq)));
      await file.redis.xadd(keys.stream, '*', 'hello', 'world');
      await publisher.publishAll(range(3, 5).map((seq) => tick(symbol, seq)));
      await waitFor(
        async () =>
          (await deadLetterCount(file.redis, namespace, 1)) === 6 &&
          (await allCaughtUp(file.redis, namespace, 1, group)),
        {
          timeoutMs: 20_000,
          description: '5 permanent dead letters and 1 undecodable',
        },
      );
      fixed = true;

      const capped = await requeueDeadLetters(file.redis, scope, {
        match: { kinds: ['permanent'] },
        dryRun: true,
        limit: 2,
      });
      expect(capped).toMatchObject({ matched: 2, requeued: 2, truncated: true });
      const permanent = await requeueDeadLetters(file.redis, scope, {
        match: { kinds: ['permanent'] },
        dryRun: true,
      });
      expect(permanent).toMatchObject({ matched: 5, requeued: 5, truncated: false });
      const all = await requeueDeadLetters(file.redis, scope, { match: {}, dryRun: true });
      expect(all).toMatchObject({ matched: 6, requeued: 6 });

      const result = await requeueDeadLetters(file.redis, scope, {
        match: { kinds: ['permanent'], reasonContains: 'NOT YET' },
        dryRun: false,
      });
      expect(result).toMatchObject({ matched: 5, requeued: 5, truncated: false });
      await waitFor(
        async () => (await appliedSeqs(file.redis, keys.checkpoint(group), symbol)).length === 5,
        { timeoutMs: 20_000, description: 'the 5 requeued ticks applied' },
      );
      expect(await appliedSeqs(file.redis, keys.checkpoint(group), symbol)).toEqual(range(0, 5));
      const page = await listDeadLetters(file.redis, scope, { limit: 10 });
      const undecodable = page.entries.filter((l) => l.kind === 'undecodable');
      expect(undecodable).toHaveLength(1);
      expect(undecodable[0]?.requeuedAs).toBeUndefined();
      expect(page.entries.filter((l) => l.kind === 'permanent' && l.requeuedAs !== undefined)).toHaveLength(
        5,
      );

      const byPredicate = await requeueDeadLetters(file.redis, scope, {
        match: { predicate: (letter) => letter.kind === 'undecodable' },
        dryRun: true,
      });
      expect(byPredicate).toMatchObject({ matched: 1, requeued: 1 });
    } finally {
      await consumer.stop();
    }
  });
});
