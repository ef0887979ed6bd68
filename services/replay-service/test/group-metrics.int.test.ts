// replay-service as the observer on /metrics: stream lengths, each group's lag, pending and
// oldest-pending age per partition (dead letters: group-metrics-dead-letters), read from Redis
// at scrape time — equal to what XLEN / XINFO GROUPS / XPENDING say; a group whose consumer is
// not running shows its lag growing as events are published; a lag Redis cannot tell (after
// XDEL) has no series at all, never 0; a failing read of Redis leaves /metrics answering with
// the last values and counts the failure; and promtool accepts the whole page.
import { partitionKeys, partitionOf } from '@tickflow/events';
import { createPublisher, entryIdMs } from '@tickflow/streams';
import { checkMetrics, familiesOf, matching, scrape, seriesValue } from '@tickflow/testkit/metrics';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { trade } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { groupInfo } from './support/recording-consumer.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const PARTITIONS = 2;
const OBSERVER_FAMILIES = [
  'tickflow_stream_length_entries',
  'tickflow_group_lag_entries',
  'tickflow_group_pending_entries',
  'tickflow_group_oldest_pending_age_seconds',
  'tickflow_dead_letter_entries',
  'tickflow_observer_collect_errors_total',
];
/** Two symbols on different partitions, so one partition's figures can move while the other's stay. */
function symbolsOnEachPartition(): [string, string] {
  const candidates = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH'];
  const first = candidates.find((symbol) => partitionOf(symbol, PARTITIONS) === 0);
  const second = candidates.find((symbol) => partitionOf(symbol, PARTITIONS) === 1);
  if (!first || !second) throw new Error('no candidate symbol for one of the partitions');
  return [first, second];
}

async function publishTicks(redis: Redis, namespace: string, symbol: string, count: number): Promise<void> {
  const publisher = createPublisher(redis, { namespace, partitions: PARTITIONS });
  await publisher.publishAll(Array.from({ length: count }, () => trade(symbol)));
}

async function serverMs(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}

describe('the observer metrics on replay-service /metrics', () => {
  it('equal XLEN, XINFO GROUPS and XPENDING per type, partition and group; promtool accepts the page', async () => {
    const namespace = 'obs-match';
    const [first, second] = symbolsOnEachPartition();
    const { api } = await startReplayService({ url: file.server.url, namespace, partitions: PARTITIONS });
    await publishTicks(file.redis, namespace, first, 10);
    await publishTicks(file.redis, namespace, second, 7);
    const streams = [0, 1].map((partition) => partitionKeys(namespace, 'market_data', partition).stream);
    for (const stream of streams) await file.redis.xgroup('CREATE', stream, 'idle', '0');
    // A group that read three entries of partition 0 and acked none: pending 3, lag 7.
    await file.redis.xgroup('CREATE', streams[0] as string, 'slow', '0');
    await file.redis.xreadgroup('GROUP', 'slow', 'slow-1', 'COUNT', 3, 'STREAMS', streams[0] as string, '>');

    const before = await serverMs(file.redis);
    const { text, samples } = await scrape(api);
    const after = await serverMs(file.redis);

    for (const [partition, stream] of streams.entries()) {
      const labels = { type: 'market_data', partition: String(partition) };
      expect(seriesValue(samples, 'tickflow_stream_length_entries', labels)).toBe(
        await file.redis.xlen(stream),
      );
      for (const group of partition === 0 ? ['idle', 'slow'] : ['idle']) {
        const info = await groupInfo(file.redis, stream, group);
        expect(seriesValue(samples, 'tickflow_group_lag_entries', { ...labels, group })).toBe(info?.lag);
        expect(seriesValue(samples, 'tickflow_group_pending_entries', { ...labels, group })).toBe(
          info?.pending,
        );
      }
    }
    expect(seriesValue(samples, 'tickflow_group_lag_entries', { partition: '0', group: 'slow' })).toBe(7);
    expect(seriesValue(samples, 'tickflow_group_pending_entries', { partition: '0', group: 'slow' })).toBe(3);
    expect(seriesValue(samples, 'tickflow_group_lag_entries', { partition: '1', group: 'idle' })).toBe(7);
    // The oldest pending entry's age, since its append, as Redis' clock said around the scrape.
    const [, lowest] = (await file.redis.xpending(streams[0] as string, 'slow')) as [number, string];
    const age = seriesValue(samples, 'tickflow_group_oldest_pending_age_seconds', {
      partition: '0',
      group: 'slow',
    });
    expect(age).toBeGreaterThanOrEqual((before - entryIdMs(lowest)) / 1_000);
    expect(age).toBeLessThanOrEqual((after - entryIdMs(lowest)) / 1_000);
    expect(
      seriesValue(samples, 'tickflow_group_oldest_pending_age_seconds', { partition: '0', group: 'idle' }),
    ).toBe(0);
    // Every stream of the namespace has a length, written to or not; no group elsewhere.
    expect(matching(samples, 'tickflow_stream_length_entries')).toHaveLength(4 * PARTITIONS);
    expect(seriesValue(samples, 'tickflow_stream_length_entries', { type: 'fill', partition: '1' })).toBe(0);
    expect(new Set(matching(samples, 'tickflow_group_pending_entries').map((s) => s.labels.group))).toEqual(
      new Set(['idle', 'slow']),
    );
    expect(seriesValue(samples, 'tickflow_observer_collect_errors_total', {})).toBe(0);

    // The observer's own families first (this file's concern), then the whole page as served.
    const observer = checkMetrics(familiesOf(text, OBSERVER_FAMILIES));
    expect(observer.output).toBe('');
    expect(observer.status).toBe(0);
    const page = checkMetrics(text);
    expect(page.output).toBe('');
    expect(page.status).toBe(0);
  });

  it('shows the lag of a group whose consumer is not running grow as events are published', async () => {
    const namespace = 'obs-growing';
    const [first, second] = symbolsOnEachPartition();
    const { api } = await startReplayService({ url: file.server.url, namespace, partitions: PARTITIONS });
    await publishTicks(file.redis, namespace, first, 3);
    await publishTicks(file.redis, namespace, second, 2);
    for (const partition of [0, 1])
      await file.redis.xgroup(
        'CREATE',
        partitionKeys(namespace, 'market_data', partition).stream,
        'down',
        '0',
      );
    const lagOf = async () => {
      const { samples } = await scrape(api);
      return [0, 1].map((partition) =>
        seriesValue(samples, 'tickflow_group_lag_entries', { partition: String(partition), group: 'down' }),
      );
    };
    expect(await lagOf()).toEqual([3, 2]);
    await publishTicks(file.redis, namespace, first, 40);
    expect(await lagOf()).toEqual([43, 2]);
    await publishTicks(file.redis, namespace, second, 25);
    await publishTicks(file.redis, namespace, first, 5);
    expect(await lagOf()).toEqual([48, 27]);
  });

  it('has no lag series while Redis cannot tell the lag (after XDEL), and has it again once it can', async () => {
    const namespace = 'obs-nil-lag';
    const [first] = symbolsOnEachPartition();
    const { api } = await startReplayService({ url: file.server.url, namespace, partitions: PARTITIONS });
    await publishTicks(file.redis, namespace, first, 5);
    const stream = partitionKeys(namespace, 'market_data', 0).stream;
    await file.redis.xgroup('CREATE', stream, 'gap', '0');
    const labels = { type: 'market_data', partition: '0', group: 'gap' };
    expect(seriesValue((await scrape(api)).samples, 'tickflow_group_lag_entries', labels)).toBe(5);

    // An entry deleted past the group's position: Redis no longer knows how many are left.
    const entries = await file.redis.xrange(stream, '-', '+');
    await file.redis.xdel(stream, entries[2]?.[0] as string);
    expect((await groupInfo(file.redis, stream, 'gap'))?.lag).toBeNull();
    const { samples } = await scrape(api);
    expect(matching(samples, 'tickflow_group_lag_entries', { group: 'gap' })).toEqual([]);
    // The group's other figures are still there.
    expect(seriesValue(samples, 'tickflow_group_pending_entries', labels)).toBe(0);

    // Once the group has read past the deleted entry, Redis can tell again.
    await file.redis.xreadgroup('GROUP', 'gap', 'gap-1', 'STREAMS', stream, '>');
    await file.redis.xack(stream, 'gap', ...entries.filter((_, at) => at !== 2).map(([id]) => id));
    expect((await groupInfo(file.redis, stream, 'gap'))?.lag).toBe(0);
    expect(seriesValue((await scrape(api)).samples, 'tickflow_group_lag_entries', labels)).toBe(0);
  });

  it('keeps answering with the last values and counts the failure when reading Redis fails', async () => {
    const namespace = 'obs-failing';
    const [first] = symbolsOnEachPartition();
    const { api } = await startReplayService({ url: file.server.url, namespace, partitions: PARTITIONS });
    await publishTicks(file.redis, namespace, first, 6);
    await file.redis.xgroup('CREATE', partitionKeys(namespace, 'market_data', 0).stream, 'g', '0');
    const labels = { type: 'market_data', partition: '0', group: 'g' };
    const good = (await scrape(api)).samples;
    expect(seriesValue(good, 'tickflow_group_lag_entries', labels)).toBe(6);

    // XINFO refused (a Redis error reply to the service's own connection), then allowed again.
    await file.redis.call('ACL', 'SETUSER', 'default', '-xinfo');
    try {
      const failing = await scrape(api);
      expect(seriesValue(failing.samples, 'tickflow_observer_collect_errors_total', {})).toBe(1);
      expect(seriesValue(failing.samples, 'tickflow_group_lag_entries', labels)).toBe(6);
      expect(
        seriesValue(failing.samples, 'tickflow_stream_length_entries', {
          type: 'market_data',
          partition: '0',
        }),
      ).toBe(6);
      await publishTicks(file.redis, namespace, first, 1);
      const again = await scrape(api);
      expect(seriesValue(again.samples, 'tickflow_observer_collect_errors_total', {})).toBe(2);
      expect(seriesValue(again.samples, 'tickflow_group_lag_entries', labels)).toBe(6);
    } finally {
      await file.redis.call('ACL', 'SETUSER', 'default', '+xinfo');
    }
    const recovered = (await scrape(api)).samples;
    expect(seriesValue(recovered, 'tickflow_group_lag_entries', labels)).toBe(7);
    expect(seriesValue(recovered, 'tickflow_observer_collect_errors_total', {})).toBe(2);
  });
});
