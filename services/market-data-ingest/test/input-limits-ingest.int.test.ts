// Hostile and awkward files through the whole service into a real Redis: a multi-MB line, a
// NUL byte and invalid UTF-8 are dead-lettered with their reason and line while every good
// row is published; a restart resumes past them instead of failing on them again; a gzip
// file is ingested as is; a file that grew since the last run is finished by the next one.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestInProcess } from './support/in-process.ts';
import { checkpointOf, deadLetters, readMarketData, totalEvents } from './support/redis-inspect.ts';

const QUOTES = fileURLToPath(
  new URL('../../../data/tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv', import.meta.url),
);
const PARTITIONS = 2;

let server: EphemeralRedis;
let redis: Redis;
let dir: string;
/** The Tardis file's header and first data rows. */
let header: string;
let rows: string[];

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
  dir = await mkdtemp(join(tmpdir(), 'tickflow-input-limits-'));
  [header = '', ...rows] = (await readFile(QUOTES, 'utf8')).split('\n').slice(0, 21);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function env(namespace: string, path: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    INGEST_SOURCE: 'tardis-quotes',
    INGEST_PATH: path,
    ...extra,
  };
}

describe('hostile lines in a file', () => {
  it('given a 3 MB line, a NUL byte, invalid UTF-8 and CRLF endings, when ingested twice, then the bad lines are dead-lettered once each and every good row is published once', async () => {
    const path = join(dir, 'hostile.csv');
    const junk = `binance-futures,BTCUSDT,${'9'.repeat(3 * 1024 * 1024)}`;
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from(`${header}\r\n${rows.slice(0, 3).join('\r\n')}\r\n`), // lines 1-4
        Buffer.from(`${junk}\n`), // line 5
        Buffer.from(`${rows[3]}\n`), // line 6
        Buffer.from(`binance-futures,BTC\u0000USDT,1,2,3,4,5,6\n`), // line 7
        Buffer.concat([Buffer.from('binance-futures,BTC'), Buffer.from([0xff]), Buffer.from('USDT\n')]), // line 8
        Buffer.from(`${rows[4]}`), // line 9, no final newline
      ]),
    );
    const namespace = 'hostile';

    const first = await ingestInProcess(env(namespace, path));
    const second = await ingestInProcess(env(namespace, path));

    expect(first.outcome).toBe('finished');
    expect(second.outcome).toBe('finished');
    const letters = await deadLetters(redis, namespace);
    expect(letters.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: '5', field: '(line)', reason: 'line longer than 1048576 bytes' },
      { line: '7', field: '(line)', reason: 'NUL byte at column 20' },
      { line: '8', field: '(line)', reason: 'invalid UTF-8 at byte 20' },
    ]);
    expect(letters[0]?.raw).toBe(junk.slice(0, 256));
    const events = await readMarketData(redis, namespace, PARTITIONS);
    expect(events).toHaveLength(5);
    expect(new Set(events.map(({ event }) => event.id)).size).toBe(5);
    const bids = events.map(({ event }) => (event.data.kind === 'quote' ? event.data.bid_price : ''));
    expect(bids.sort()).toEqual([0, 1, 2, 3, 4].map((i) => rows[i]?.split(',')[6]).sort());
  });

  it('given INGEST_MAX_LINE_BYTES=1024, then a 2 KiB row is dead-lettered under that limit', async () => {
    const path = join(dir, 'small-limit.csv');
    await writeFile(path, `${header}\n${rows[0]}\n${rows[1]},${'x'.repeat(2048)}\n${rows[2]}\n`);
    const namespace = 'small-limit';

    const run = await ingestInProcess(env(namespace, path, { INGEST_MAX_LINE_BYTES: '1024' }));

    expect(run.outcome).toBe('finished');
    expect((await deadLetters(redis, namespace)).map(({ line, reason }) => `${line} ${reason}`)).toEqual([
      '3 line longer than 1024 bytes',
    ]);
    expect(await totalEvents(redis, namespace, PARTITIONS)).toBe(2);
  });
});

describe('compressed and growing files', () => {
  it('given the Tardis quotes file gzipped, then all 9,999 quotes are published and nothing is dead-lettered', async () => {
    const path = join(dir, 'quotes.csv.gz');
    await writeFile(path, gzipSync(await readFile(QUOTES)));
    const namespace = 'gzip';

    const run = await ingestInProcess(env(namespace, path));

    expect(run.outcome).toBe('finished');
    expect(await totalEvents(redis, namespace, PARTITIONS)).toBe(9_999);
    expect(await deadLetters(redis, namespace)).toEqual([]);
  });

  it('given a file that grew after a run, with a fixed INGEST_SOURCE_ID, then the next run publishes only the new rows', async () => {
    const path = join(dir, 'growing.csv');
    await writeFile(path, `${header}\n${rows.slice(0, 3).join('\n')}\n`);
    const namespace = 'growing';
    const fixed = { INGEST_SOURCE_ID: 'growing-quotes' };

    await ingestInProcess(env(namespace, path, fixed));
    await appendFile(path, `${rows.slice(3, 6).join('\n')}\n`);
    await ingestInProcess(env(namespace, path, fixed));

    const events = await readMarketData(redis, namespace, PARTITIONS);
    expect(events).toHaveLength(6);
    expect(new Set(events.map(({ event }) => event.id)).size).toBe(6);
    expect(await checkpointOf(redis, namespace, 'growing-quotes')).toBe(7);
  });
});
