// The summary at the end of a file, from the service as it runs (a child process, real
// Redis): exact counts, the top reasons with their first line, and the exit code — 3 when
// every row was rejected, 0 for a re-run that finds everything done and for an empty file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileSourceId } from '../src/pipeline/source-id.ts';
import type { IngestSummary } from '../src/pipeline/summary.ts';
import { fixture } from './support/collect.ts';
import { type IngestProcess, killAll, startIngest } from './support/ingest-process.ts';
import { deadLetters, totalEvents } from './support/redis-inspect.ts';

const PARTITIONS = 2;
const HEADER = 'exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount';
const good = (us: number) => `binance-futures,BTCUSDT,${us},${us + 100},0.84,9682,9681.92,0.67`;
/** Lines 2-14: 4 good rows, and 9 bad ones of 6 kinds (the bid price 3 times, first at line 3). */
const MIXED = [
  HEADER,
  good(1_582_329_601_096_000), // 2
  'binance-futures,BTCUSDT,1582329601097000,1582329601097100,0.84,9682,abc,0.67', // 3 bid_price
  good(1_582_329_601_098_000), // 4
  'binance-futures,BTCUSDT,1582329601099000,1582329601099100,-1,9682,9681.92,0.67', // 5 ask_size
  'binance-futures,BTCUSDT,1582329601100000,1582329601100100,0.84,9682,9681.9x,0.67', // 6 bid_price
  'binance-futures,BTCUSDT,1582329601101000', // 7 too few columns
  'binance-futures,BTCUSDT,2020-02-22 00:00:01,1582329601102100,0.84,9682,9681.92,0.67', // 8 ts_event
  'binance-futures,BTCUSDT,1582329601103000,1582329601103100,-2.5,9682,9681.92,0.67', // 9 ask_size
  good(1_582_329_601_104_000), // 10
  'binance-futures,BTCUSDT,1582329601105000,1582329601105100,0.84,9682,?,0.67', // 11 bid_price
  'binance-futures,BTCUSDT,1582329601106000,1582329601106100,0.84,9682,9681.92,0.6,7', // 12 too many columns
  good(1_582_329_601_107_000), // 13
  'binance-futures,BTCUSDT,1582329601108000,1582329601108100,0.84,9682,9681.92,', // 14 bid_size
];
const GOOD_LINES = [2, 4, 10, 13];
/** The bad rows of MIXED alone: its line 3 is line 2 here. */
const ALL_BAD = MIXED.filter((_, i) => !GOOD_LINES.includes(i + 1));

let server: EphemeralRedis;
let redis: Redis;
let dir: string;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
  dir = await mkdtemp(join(tmpdir(), 'ingest-summary-'));
});
afterEach(killAll);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function file(name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return path;
}

function ingest(namespace: string, path: string): IngestProcess {
  return startIngest({
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    INGEST_SOURCE: 'tardis-quotes',
    INGEST_PATH: path,
  });
}

/** The exit code and the summary the run logged, in its one "source done" line. */
async function finish(run: IngestProcess): Promise<{ code: number | string; summary: IngestSummary }> {
  const code = await run.exitCode();
  const done = run.logLines().filter((line) => line.msg === 'source done');
  expect(done, run.output().slice(-2_000)).toHaveLength(1);
  return { code, summary: done[0]?.summary as IngestSummary };
}

describe('the summary at the end of a file', () => {
  it('given NDJSON messages that are not data (a filter skips them, or their records array is empty), then the summary counts them by reason, apart from the rejected', async () => {
    const run = startIngest({
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: 'skipped-messages',
      TICKFLOW_PARTITIONS: String(PARTITIONS),
      INGEST_SOURCE: 'ndjson',
      INGEST_PATH: fixture('batched-trades.ndjson'),
      INGEST_MAPPING: JSON.stringify({
        kind: 'trades',
        venue: 'testex',
        filter: { field: 'type', equals: 'trades' },
        records: 'data',
        timestamp: { field: 't', format: 'epoch-ms' },
        fields: { symbol: '$.symbol', price: 'p', size: 'q', side: 'side', trade_id: 'id' },
      }),
    });

    const { code, summary } = await finish(run);

    expect(code).toBe(0);
    // Lines 1 and 3 are a subscription reply and a heartbeat, line 5 has no trades; line 4
    // holds a bad trade and line 6 no array: those two are rejected.
    expect(summary).toMatchObject({ published: 9, rejected: 2, skippedMessages: { filter: 2, empty: 1 } });
  });

  it('given a file of good and bad rows, then the summary counts each exactly and lists the top 5 kinds of rejection with their first line', async () => {
    const path = await file('mixed.csv', MIXED);
    const run = ingest('mixed', path);

    const { code, summary } = await finish(run);

    expect(code).toBe(0);
    expect(summary).toMatchObject({
      end: 'finished',
      read: 13,
      published: 4,
      alreadyIngested: { total: 0, checkpoint: 0, dedupe: 0 },
      rejected: 9,
      reasonKinds: 6,
      allRejected: false,
    });
    expect(summary.topReasons).toEqual([
      {
        reason: 'bid_price: expected an exact decimal string like "123.45", got "…" (column "bid_price")',
        count: 3,
        firstLine: 3,
      },
      {
        reason: 'ask_size: expected a decimal of zero or more, got "…" (column "ask_amount")',
        count: 2,
        firstLine: 5,
      },
      { reason: 'ts_init: missing: the row has 3 columns, the header 8', count: 1, firstLine: 7 },
      {
        reason: 'ts_event: expected epoch microseconds like "1582329601096000", got "…" (column "timestamp")',
        count: 1,
        firstLine: 8,
      },
      { reason: '(line): the row has 9 columns, the header 8', count: 1, firstLine: 12 },
    ]);
    expect(summary.elapsedMs).toBeGreaterThan(0);
    expect(summary.rowsPerSecond).toBe(Math.round((13 * 1000) / summary.elapsedMs));
    // The summary agrees with Redis.
    expect(await totalEvents(redis, 'mixed', PARTITIONS)).toBe(4);
    expect(await deadLetters(redis, 'mixed')).toHaveLength(9);
  });

  it('given the same file again, then every row is skipped as already ingested and it exits 0; without its checkpoint, the good rows are found in the stream', async () => {
    const path = await file('rerun.csv', MIXED);
    expect(await ingest('rerun', path).exitCode()).toBe(0);

    const again = await finish(ingest('rerun', path));

    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({
      read: 13,
      published: 0,
      alreadyIngested: { total: 13, checkpoint: 13, dedupe: 0 },
      rejected: 0,
      topReasons: [],
      allRejected: false,
    });

    // The checkpoint lost: the publisher's dedupe catches the good rows; the bad ones are bad again.
    await redis.del(ingestKeys('rerun').progress(await fileSourceId(path)));
    const lost = await finish(ingest('rerun', path));

    expect(lost.code).toBe(0);
    expect(lost.summary).toMatchObject({
      read: 13,
      published: 0,
      alreadyIngested: { total: 4, checkpoint: 0, dedupe: 4 },
      rejected: 9,
      allRejected: false,
    });
    expect(await totalEvents(redis, 'rerun', PARTITIONS)).toBe(4);
  });

  it('given a file whose every row is rejected, then it exits 3 with the summary logged as an error; a re-run finds it done and exits 0', async () => {
    const path = await file('all-bad.csv', ALL_BAD);
    const run = ingest('all-bad', path);

    const { code, summary } = await finish(run);

    expect(code).toBe(3);
    expect(summary).toMatchObject({ end: 'finished', read: 9, published: 0, rejected: 9, allRejected: true });
    expect(summary.topReasons[0]).toEqual({
      reason: 'bid_price: expected an exact decimal string like "123.45", got "…" (column "bid_price")',
      count: 3,
      firstLine: 2,
    });
    expect(run.logLines().find((line) => line.msg === 'source done')?.level).toBe(50);
    expect(await deadLetters(redis, 'all-bad')).toHaveLength(9);

    const again = await finish(ingest('all-bad', path));
    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({ read: 9, alreadyIngested: { checkpoint: 9 }, rejected: 0 });
  });

  it('given an empty file, or one with only its header, then the summary says 0 rows and it exits 0', async () => {
    for (const [name, lines] of [
      ['empty.csv', []],
      ['header-only.csv', [HEADER]],
    ] as const) {
      const { code, summary } = await finish(ingest(`empty-${name.length}`, await file(name, lines)));

      expect(code, name).toBe(0);
      expect(summary, name).toMatchObject({
        read: 0,
        published: 0,
        rejected: 0,
        topReasons: [],
        allRejected: false,
      });
    }
  });
});
