// Batched messages: a mapping's `records` array makes each element one record, in order,
// with ids from (line, index); its `filter` skips non-data lines into a metric, not the DLQ.
// Against a real Redis: a run that fails mid-message, or is stopped mid-message, resumes
// without losing or duplicating an element.
import { ingestKeys } from '@tickflow/events';
import { createPublisher } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementEventId } from '../src/deterministic-id.ts';
import { ndjson, SourceConfigError, type SourceRecord, type TradeNdjsonMapping } from '../src/index.ts';
import type { WriteResult } from '../src/pipeline/batch-writer.ts';
import { batchWriter } from '../src/pipeline/batch-writer.ts';
import type { Batch } from '../src/pipeline/batcher.ts';
import { redisCheckpoint } from '../src/pipeline/checkpoint.ts';
import { redisDeadLetters } from '../src/pipeline/dead-letter.ts';
import { runIngest } from '../src/pipeline/ingest.ts';
import { skippedMessagesMetric } from '../src/pipeline/ingest-metrics.ts';
import { createPacer } from '../src/pipeline/pacer.ts';
import { collect, fixture } from './support/collect.ts';
import { checkpointOf, deadLetters, readMarketData } from './support/redis-inspect.ts';

const FILE = fixture('batched-trades.ndjson');
const SOURCE_ID = 'batched-test';
const PARTITIONS = 2;

/** Lines 1 and 3 are not trades (filter), 5 has no trades (empty), 6 has no array (bad). */
const MAPPING: TradeNdjsonMapping = {
  kind: 'trades',
  venue: 'testex',
  filter: { field: 'type', equals: 'trades' },
  records: 'data',
  timestamp: { field: 't', format: 'epoch-ms' },
  // The symbol is the message's, outside the elements: `$.` reads from the root.
  fields: { symbol: '$.symbol', price: 'p', size: 'q', side: 'side', trade_id: 'id' },
};

/** (line, index) of every good element, in file order. */
const GOOD: readonly (readonly [number, number])[] = [
  [2, 0],
  [2, 1],
  [2, 2],
  [4, 0],
  [4, 1],
  [4, 3],
  [4, 4],
  [7, 0],
  [7, 1],
];
const GOOD_IDS = GOOD.map(([line, index]) => elementEventId(SOURCE_ID, line, index));

let server: EphemeralRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('ndjson with a records array and a filter', () => {
  it('given batched trade messages, then each element is one record in order, the message symbol is read through $., and non-data lines are skipped with their reason', async () => {
    const skipped: string[] = [];
    const records = await collect(ndjson(FILE, MAPPING, { onSkipped: (reason) => skipped.push(reason) }));

    expect(records.map(summary)).toEqual([
      'ok 2.0 BTCUSDT 101',
      'ok 2.1 BTCUSDT 102',
      'ok 2.2 BTCUSDT 103 last',
      'ok 4.0 ETHUSDT 201',
      'ok 4.1 ETHUSDT 202',
      'bad 4.2 price',
      'ok 4.3 ETHUSDT 204',
      'ok 4.4 ETHUSDT 205 last',
      'bad 6 (line)',
      'ok 7.0 ETHUSDT 206',
      'ok 7.1 ETHUSDT 207 last',
    ]);
    expect(skipped).toEqual(['filter', 'filter', 'empty']);
    expect(records[0]).toEqual({
      ok: true,
      line: 2,
      element: { index: 0, last: false },
      data: {
        kind: 'trade',
        symbol: 'BTCUSDT',
        venue: 'testex',
        price: '9681.92',
        size: '0.5',
        aggressor_side: 'buy',
        trade_id: '101',
      },
      ts_event: 1_582_329_601_096_000_000n,
    });
    expect(records[5]).toMatchObject({ reason: expect.stringContaining('(field "p" of data[2])') });
    expect(records[8]).toMatchObject({ reason: 'expected an array of records at "data", got object' });
  });

  it('given a filter of several conditions, then a line must match all of them', async () => {
    const records = await collect(
      ndjson(FILE, {
        ...MAPPING,
        filter: [
          { field: 'type', equals: 'trades' },
          { field: 'symbol', equals: 'ETHUSDT' },
        ],
      }),
    );
    expect(new Set(records.map((record) => record.line))).toEqual(new Set([4, 7]));
  });

  it('given a records path or filter that is not a path, or an equals that is a number, then the mapping is refused at once', () => {
    expect(() => ndjson(FILE, { ...MAPPING, records: 'data..x' })).toThrow(SourceConfigError);
    expect(() => ndjson(FILE, { ...MAPPING, filter: { field: '', equals: 'x' } })).toThrow(SourceConfigError);
    const numeric = { field: 'code', equals: 1 } as unknown as { field: string; equals: string };
    expect(() => ndjson(FILE, { ...MAPPING, filter: numeric })).toThrow(/a number is matched by its text/);
  });
});

describe('batched messages ingested into Redis', () => {
  it('given a run that fails after a batch cut inside message 4, when it is run again, then every element is published once, in order, and the checkpoint never passed the unfinished message', async () => {
    const namespace = 'batched-crash';
    // Batches of 4: [2.0 2.1 2.2 4.0] then [4.1 4.2 4.3 4.4]; the second "crashes".
    const first = await ingest(namespace, { failAfterBatches: 1 });
    expect(first.error).toMatchObject({ message: 'injected crash' });
    expect(first.checkpoints).toEqual([3]);
    expect((await readMarketData(redis, namespace, PARTITIONS)).map((entry) => entry.event.id)).toEqual(
      expect.arrayContaining(GOOD_IDS.slice(0, 4)),
    );

    const second = await ingest(namespace, {});
    expect(second.error).toBeUndefined();
    // Line 4 is read again whole: its element 0 collapses as a duplicate (same id).
    expect(second.duplicates).toBe(1);
    expect(second.skippedAtCheckpoint).toBe(3);
    await expectExactlyOnce(namespace);
  });

  it('given a stop requested while message 4 is half read, then the run finishes that message first, and a restart publishes the rest once', async () => {
    const namespace = 'batched-stop';
    const first = await ingest(namespace, { stopAtLine: 4 });
    expect(first.error).toBeUndefined();
    expect(await checkpointOf(redis, namespace, SOURCE_ID)).toBe(4);
    expect(await readMarketData(redis, namespace, PARTITIONS)).toHaveLength(7);

    const second = await ingest(namespace, {});
    expect(second.duplicates).toBe(0);
    await expectExactlyOnce(namespace);
  });

  it('given filtered and empty lines, then they are counted by reason on tickflow_ingest_messages_skipped_total, not dead-lettered', async () => {
    const namespace = 'batched-metric';
    const run = await ingest(namespace, {});
    const text = await run.registry.metrics();
    expect(text).toContain('# HELP tickflow_ingest_messages_skipped_total ');
    expect(text).toContain('# TYPE tickflow_ingest_messages_skipped_total counter');
    expect(text).toContain('tickflow_ingest_messages_skipped_total{source="ndjson",reason="filter"} 2');
    expect(text).toContain('tickflow_ingest_messages_skipped_total{source="ndjson",reason="empty"} 1');
    expect((await deadLetters(redis, namespace)).map((entry) => entry.line)).toEqual(['4', '6']);
  });
});

async function expectExactlyOnce(namespace: string): Promise<void> {
  const stored = await readMarketData(redis, namespace, PARTITIONS);
  expect(stored.map((entry) => entry.event.id).sort()).toEqual([...GOOD_IDS].sort());
  // Per symbol (one partition each), the stream holds the elements in file order.
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const tradeIds = stored
      .filter((entry) => entry.event.data.symbol === symbol)
      .map((entry) => (entry.event.data.kind === 'trade' ? entry.event.data.trade_id : ''));
    expect(tradeIds).toEqual(
      symbol === 'BTCUSDT' ? ['101', '102', '103'] : ['201', '202', '204', '205', '206', '207'],
    );
  }
  expect(await checkpointOf(redis, namespace, SOURCE_ID)).toBe(7);
  const dead = await deadLetters(redis, namespace);
  expect(dead.map((entry) => [entry.line, entry.field])).toEqual([
    ['4', 'price'],
    ['6', '(line)'],
  ]);
}

interface RunOptions {
  /** Batches written before every later write throws, as a crash would stop them. */
  readonly failAfterBatches?: number;
  /** Request a stop when the first record of this line is read. */
  readonly stopAtLine?: number;
}

/** One in-process run of the pipeline over the fixture, with the service's own writer. */
async function ingest(namespace: string, options: RunOptions) {
  const keys = ingestKeys(namespace);
  const checkpoint = redisCheckpoint(redis, keys.progress(SOURCE_ID));
  const startAfter = await checkpoint.read();
  const registry = new Registry();
  const write = batchWriter({
    publisher: createPublisher(redis, { namespace, partitions: PARTITIONS, dedupeWindowMs: 60_000 }),
    deadLetters: redisDeadLetters(redis, keys.deadLetter, SOURCE_ID),
    checkpoint,
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  let written = 0;
  const checkpoints: number[] = [];
  const stop = new AbortController();
  let duplicates = 0;
  let skippedAtCheckpoint = 0;
  let error: unknown;
  try {
    await runIngest({
      source: ndjson(FILE, MAPPING, { onSkipped: skippedMessagesMetric(registry, 'ndjson') }),
      sourceId: SOURCE_ID,
      startAfter,
      pacer: createPacer({ mode: 'fast' }),
      batchSize: 4,
      // No cut by time: batches are cut by size only, so the cut points are known.
      lingerMs: 60_000,
      write: async (batch: Batch): Promise<WriteResult> => {
        if (options.failAfterBatches !== undefined && written >= options.failAfterBatches) {
          throw new Error('injected crash');
        }
        written += 1;
        const result = await write(batch);
        checkpoints.push(result.lastLine);
        return result;
      },
      observer: {
        read(line) {
          if (line === options.stopAtLine) stop.abort();
        },
        skipped() {
          skippedAtCheckpoint += 1;
        },
        written(result) {
          duplicates += result.duplicates;
        },
      },
      signal: stop.signal,
    });
  } catch (caught) {
    error = caught;
  }
  return { error, checkpoints, duplicates, skippedAtCheckpoint, registry };
}

function summary(record: SourceRecord): string {
  const at = record.element === undefined ? `${record.line}` : `${record.line}.${record.element.index}`;
  if (!record.ok) return `bad ${at} ${record.field}`;
  const trade = record.data.kind === 'trade' ? record.data : undefined;
  return `ok ${at} ${record.data.symbol} ${trade?.trade_id}${record.element?.last ? ' last' : ''}`;
}
