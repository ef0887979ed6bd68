// replay-service's observer on /metrics, dead letters: tickflow_dead_letter_entries{type,kind}
// has every type × kind pair and counts what a real consumer group dead-letters; a
// dead-letter stream's kinds are counted incrementally, published only once counted to the
// stream's end (a burst over the per-read budget shows the last complete figures), and
// counted again when the stream shrank.
import { partitionKeys, partitionOf } from '@tickflow/events';
import { createPublisher } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { matching, scrape } from '@tickflow/testkit/metrics';
import { describe, expect, it } from 'vitest';
import { createDeadLetterKinds } from '../src/monitor/dead-letter-kinds.ts';
import { startFixableConsumer } from './support/browser-consumer.ts';
import { trade } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const PARTITIONS = 2;
/** A symbol of partition 0. */
const SYMBOL = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'].find(
  (symbol) => partitionOf(symbol, PARTITIONS) === 0,
) as string;

describe('dead letters on replay-service /metrics', () => {
  it('counts dead letters per type and kind, as a real consumer group dead-letters them', async () => {
    const namespace = 'obs-dlq';
    const { api } = await startReplayService({ url: file.server.url, namespace, partitions: PARTITIONS });
    const ticks = Array.from({ length: 4 }, () => trade(SYMBOL));
    const poison = ticks[1] as (typeof ticks)[number];
    const consumer = await startFixableConsumer(
      file.server.url,
      { namespace, partitions: PARTITIONS },
      'ledger',
      { eventId: poison.id, reason: 'not supported' },
    );
    try {
      await createPublisher(file.redis, { namespace, partitions: PARTITIONS }).publishAll(ticks);
      // And an entry that is no event at all.
      await file.redis.xadd(partitionKeys(namespace, 'market_data', 0).stream, '*', 'garbage', 'yes');
      const dlq = partitionKeys(namespace, 'market_data', 0).deadLetter;
      await waitFor(async () => (await file.redis.xlen(dlq)) === 2, {
        timeoutMs: 20_000,
        description: 'the poison tick and the garbage entry dead-lettered',
      });
    } finally {
      await consumer.stop();
    }
    const { samples } = await scrape(api);
    const counts = matching(samples, 'tickflow_dead_letter_entries');
    // Every type × kind pair has a series (0 when none), so increase() works from the first letter.
    expect(counts).toHaveLength(4 * 5);
    const nonZero = counts
      .filter((sample) => sample.value !== 0)
      .map(({ labels, value }) => ({ ...labels, value }));
    expect(nonZero).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'market_data', kind: 'permanent', value: 1 }),
        expect.objectContaining({ type: 'market_data', kind: 'undecodable', value: 1 }),
      ]),
    );
    expect(nonZero).toHaveLength(2);
  });

  it('publishes a dead-letter stream’s kinds only once counted to its end, and recounts one that shrank', async () => {
    const scope = { namespace: 'obs-dlq-budget', partitions: PARTITIONS };
    const dlq = partitionKeys(scope.namespace, 'order', 1).deadLetter;
    const letter = (kind: string) => file.redis.xadd(dlq, '*', 'kind', kind, 'reason', 'test');
    for (const kind of ['failed', 'failed', 'invalid', 'failed', 'trimmed']) await letter(kind);
    // Two entries per read: the first two reads stop short of the end and publish nothing yet.
    const kinds = createDeadLetterKinds(file.redis, scope, 2);
    const none = { undecodable: 0, invalid: 0, failed: 0, permanent: 0, trimmed: 0 };
    expect((await kinds.read()).order).toEqual(none);
    expect((await kinds.read()).order).toEqual(none);
    const counted = { ...none, invalid: 1, failed: 3, trimmed: 1 };
    expect((await kinds.read()).order).toEqual(counted);
    await letter('permanent');
    expect((await kinds.read()).order).toEqual({ ...counted, permanent: 1 });
    // Trimmed to its last three entries: counted again from its start, the old figures shown meanwhile.
    await file.redis.xtrim(dlq, 'MAXLEN', 3);
    expect((await kinds.read()).order).toEqual({ ...counted, permanent: 1 });
    expect((await kinds.read()).order).toEqual({ ...none, failed: 1, trimmed: 1, permanent: 1 });
    expect((await kinds.read()).market_data.failed).toBe(0);
  });
});
