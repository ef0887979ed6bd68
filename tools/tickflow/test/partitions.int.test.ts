// `tickflow partitions`: the hash tag and slot of every partition without touching Redis, and
// with --masters, on a real cluster (the testkit's, 3 masters), the master of each and a fair
// share per master: 8 partitions 3/3/2 of every type (decision 0028).
import { EVENT_TYPES, type EventType, keySlot, partitionKeys } from '@tickflow/events';
import { type RedisCluster, startRedisCluster } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsed, tickflow } from './support/cli-run.ts';
import { redisForThisFile } from './support/redis-file.ts';

interface Report {
  namespace: string;
  partitions: number;
  tags: { partition: number; type: EventType; tag: string; stream: string; slot: number; master?: string }[];
  masters?: { master: string; slots: string[]; partitions: Record<EventType, number> }[];
}

const single = redisForThisFile();
let cluster: RedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('tickflow partitions', () => {
  it('lists the tag and slot of every partition of every type, without Redis', async () => {
    // Nothing listens on port 1: the command must not connect.
    const result = await tickflow(['-n', 'live', '--partitions', '8', 'partitions', '--json'], {
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = parsed<Report>(result);
    expect(report.tags).toHaveLength(8 * EVENT_TYPES.length);
    for (const row of report.tags) {
      const stream = partitionKeys('live', row.type, row.partition).stream;
      expect(row.stream).toBe(stream);
      expect(`tf:{${row.tag}}`).toBe(stream);
      expect(row.slot).toBe(keySlot(stream));
      expect(row.master).toBeUndefined();
    }
    expect(report.tags.find((row) => row.partition === 3 && row.type === 'market_data')?.tag).toBe(
      'live:md:3~1303',
    );
  });

  it('with --masters on a cluster, names the master of each partition and 3/3/2 per master', async () => {
    const result = await tickflow(['--partitions', '8', 'partitions', '--masters', '--json'], {
      env: { REDIS_URL: cluster.urls[0] as string, TICKFLOW_NAMESPACE: 'live' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = parsed<Report>(result);
    const masters = report.masters ?? [];
    expect(masters).toHaveLength(3);
    for (const type of EVENT_TYPES) expect(masters.map((share) => share.partitions[type])).toEqual([3, 3, 2]);
    for (const row of report.tags) {
      const share = masters.find((candidate) => candidate.master === row.master);
      const inRange = share?.slots.some((range) => {
        const [from, to] = range.split('-').map(Number) as [number, number];
        return row.slot >= from && row.slot <= to;
      });
      expect(inRange, `${row.stream} on ${row.master}`).toBe(true);
    }
  });

  it('prints a table for people, with the share of each master', async () => {
    const result = await tickflow(['--partitions', '16', 'partitions', '--types', 'md', '--masters'], {
      env: { REDIS_URL: cluster.urls[1] as string, TICKFLOW_NAMESPACE: 'live' },
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('namespace live, 16 partitions: the hash tag and slot of each');
    expect(lines[2]).toMatch(/^PARTITION +TYPE +TAG +TARGET +SLOT +MASTER$/);
    expect(lines[6]).toMatch(/^ +3 +market_data +\{live:md:3~1303\} +12288 +12293 +127\.0\.0\.1:\d+$/);
    expect(lines).toContain('partitions per master:');
    const shares = lines.slice(lines.indexOf('partitions per master:') + 2);
    expect(shares.map((line) => line.split(/ +/).at(-1))).toEqual(['6', '5', '5']);
  });

  it('given --masters on a Redis that is not a cluster, then exit 2 saying so', async () => {
    const result = await tickflow(['partitions', '--masters'], { env: single.env('live', 8) });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'tickflow: --masters: this Redis is not a cluster: one server serves every slot\n',
    );
  });

  it('given a namespace that is not one, then exit 2 naming --namespace', async () => {
    const result = await tickflow(['-n', 'Bad Name', 'partitions'], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tickflow: --namespace: namespace must be/);
  });
});
