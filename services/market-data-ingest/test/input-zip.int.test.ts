// zip archives of one file read directly (Binance's public data: one CSV per zip): the same
// records as the plain file whatever the zip writer's choices (deflate or stored, sizes in a
// data descriptor, directory entries), progress through the compressed bytes, and archives
// that cannot be read refused with a clear SourceReadError. Zips are written by hand
// (test/support/zip.ts): Node has no zip writer.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceReadError, tardisCsv } from '../src/index.ts';
import { binanceCsv } from '../src/presets/binance-csv.ts';
import type { BinanceDataset } from '../src/presets/binance-layouts.ts';
import { type InputLine, readLines } from '../src/read-lines.ts';
import { collect } from './support/collect.ts';
import { ingestInProcess } from './support/in-process.ts';
import { deadLetters, readMarketData } from './support/redis-inspect.ts';
import { type ZipEntrySpec, zip } from './support/zip.ts';

const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));
/** Header and the first 3,000 rows of the Tardis quotes sample. */
const ROWS = 3_000;

let dir: string;
let quotes: string;
let quotesPath: string;
let server: EphemeralRedis | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickflow-input-zip-'));
  const lines = (
    await readFile(data('tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv'), 'utf8')
  ).split('\n');
  quotes = `${lines.slice(0, ROWS + 1).join('\n')}\n`;
  quotesPath = await file('quotes.csv', quotes);
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Reads `path` to its end; the lines read, and the error that ended it if any. */
async function readAll(path: string): Promise<{ lines: InputLine[]; error: unknown }> {
  const lines: InputLine[] = [];
  try {
    for await (const line of readLines(path)) lines.push(line);
    return { lines, error: undefined };
  } catch (error) {
    return { lines, error };
  }
}

describe('a zip of one file', () => {
  it.each<[string, Omit<ZipEntrySpec, 'name' | 'data'>, readonly ZipEntrySpec[], { zip64?: boolean }?]>([
    ['deflate', {}, []],
    ['deflate, sizes in a data descriptor (bit 3)', { dataDescriptor: true }, []],
    ['stored', { method: 'store' }, []],
    [
      'deflate, beside a directory entry and macOS metadata',
      {},
      [
        { name: 'export/', data: '' },
        { name: '__MACOSX/export/._quotes.csv', data: 'resource fork' },
      ],
    ],
    [
      'zip64, with a data descriptor',
      { dataDescriptor: true },
      [{ name: 'export/', data: '' }],
      { zip64: true },
    ],
  ])(
    'given the Tardis quotes in a zip (%s), then it yields the plain file’s records, with progress through the compressed bytes up to the zip’s size',
    async (_name, options, others, archive = {}) => {
      const path = await file(
        'quotes.zip',
        zip(
          [
            ...others.slice(0, 1),
            { name: 'export/quotes.csv', data: quotes, ...options },
            ...others.slice(1),
          ],
          archive,
        ),
      );
      const { size } = await stat(path);
      const progress = { bytesRead: 0 };
      const seen: number[] = [];
      const records = [];
      for await (const record of tardisCsv(path, { kind: 'quotes', progress })) {
        records.push(record);
        seen.push(progress.bytesRead);
      }

      expect(records).toEqual(await collect(tardisCsv(quotesPath, { kind: 'quotes' })));
      expect(records).toHaveLength(ROWS);
      expect(seen[0]).toBeGreaterThan(0);
      // The whole small archive may be taken in before the first lines come out: never more.
      expect(seen[0]).toBeLessThanOrEqual(size);
      expect(seen.every((bytes, i) => i === 0 || bytes >= (seen[i - 1] as number))).toBe(true);
      expect(progress.bytesRead).toBe(size);
    },
  );

  it('given a zip under a plain name, then the first bytes decide and it is read', async () => {
    const path = await file('zipped-but-named.csv', zip([{ name: 'a.csv', data: 'a\r\nb' }]));
    expect((await readAll(path)).lines).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
    ]);
  });
});

describe('zips that are refused', () => {
  const refusal = async (name: string, content: Buffer) => {
    const path = await file(name, content);
    const { lines, error } = await readAll(path);
    expect(error).toBeInstanceOf(SourceReadError);
    return { path, lines, message: (error as Error).message };
  };

  it('given a zip of two files, then reading fails naming both', async () => {
    const { path, lines, message } = await refusal(
      'two.zip',
      zip([
        { name: 'BTCUSDT-trades-2024-01-01.csv', data: '1\n' },
        { name: 'ETHUSDT-trades-2024-01-01.csv', data: '2\n' },
      ]),
    );
    expect(lines).toEqual([]);
    expect(message).toBe(
      `cannot read ${path}: the zip archive holds 2 files ("BTCUSDT-trades-2024-01-01.csv", "ETHUSDT-trades-2024-01-01.csv"): ingest reads an archive of one file; extract the one to read`,
    );
  });

  it('given a zip with no file, only a directory, then reading fails saying so', async () => {
    const { path, message } = await refusal('empty.zip', zip([{ name: 'export/', data: '' }]));
    expect(message).toBe(`cannot read ${path}: the zip archive holds no file`);
  });

  it('given a truncated zip (its central directory cut off), then reading fails with a SourceReadError saying so', async () => {
    const whole = zip([{ name: 'quotes.csv', data: quotes }]);
    const { path, lines, message } = await refusal('truncated.zip', whole.subarray(0, whole.length - 40));
    expect(lines).toEqual([]);
    expect(message).toBe(
      `cannot read ${path}: damaged or truncated zip archive: End of central directory record signature not found. Either not a zip file, or file is truncated.`,
    );
  });

  it('given a zip whose deflate data is damaged, then the lines before the damage are read and then a SourceReadError ends it', async () => {
    const whole = zip([{ name: 'quotes.csv', data: quotes }]);
    const damaged = Buffer.from(whole);
    // Zero a stretch in the middle of the compressed data (the headers and directory stay whole).
    damaged.fill(0, Math.floor(whole.length / 2), Math.floor(whole.length / 2) + 64);
    const { lines, message } = await refusal('damaged.zip', damaged);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((line, i) => line.line === i + 1 && line.rejected === undefined)).toBe(true);
    expect(message).toMatch(/^cannot read .*damaged\.zip: "quotes\.csv" in the zip archive is damaged: /);
  });

  it('given a stored entry whose CRC-32 does not match, then every line is read and then a SourceReadError ends it', async () => {
    const { lines, message } = await refusal(
      'bad-crc.zip',
      zip([{ name: 'a.csv', data: 'a\nb\n', method: 'store', crc: 0x12345678 }]),
    );
    expect(lines).toHaveLength(2);
    expect(message).toMatch(
      /"a\.csv" in the zip archive is damaged: its CRC-32 is [0-9a-f]{8}, the archive says 12345678$/,
    );
  });

  it('given an encrypted entry, or one compressed with bzip2, then reading fails naming the entry and why', async () => {
    const encrypted = await refusal('secret.zip', zip([{ name: 'a.csv', data: 'a\n', encrypted: true }]));
    expect(encrypted.message).toBe(
      `cannot read ${encrypted.path}: "a.csv" in the zip archive is encrypted: decrypt it first`,
    );
    const bzip2 = await refusal('bzip2.zip', zip([{ name: 'a.csv', data: 'a\n', method: 12 }]));
    expect(bzip2.message).toBe(
      `cannot read ${bzip2.path}: "a.csv" in the zip archive is compressed with bzip2 (method 12): only stored and deflate entries are read; recompress it with deflate`,
    );
  });
});

describe('Binance presets on zipped samples', () => {
  const SAMPLES: readonly [BinanceDataset, string][] = [
    ['aggTrades', 'BTCUSDT-aggTrades-2024-01-01'],
    ['trades', 'BTCUSDT-trades-2025-01-01'],
    ['bookTicker', 'BTCUSDT-bookTicker-2024-01-01'],
  ];

  it.each(SAMPLES)(
    'given the %s sample zipped as Binance publishes it, then the symbol comes from the zip’s name and the records are the CSV’s',
    async (dataset, name) => {
      const csv = data(`binance/${name}.synthetic.csv`);
      const path = await file(`${name}.zip`, zip([{ name: `${name}.csv`, data: await readFile(csv) }]));
      const records = await collect(binanceCsv(path, { dataset }));

      expect(records).toEqual(await collect(binanceCsv(csv, { dataset })));
      expect(records).toHaveLength(50);
      expect(records[0]).toMatchObject({ ok: true, data: { symbol: 'BTCUSDT', venue: 'binance' } });
    },
  );

  it('given INGEST_SOURCE=binance-aggtrades and a .zip path, then the service publishes the CSV’s 50 events with no dead letters', async () => {
    server = await startEphemeralRedis();
    const redis = new Redis(server.url);
    try {
      const name = 'BTCUSDT-aggTrades-2024-01-02';
      const csv = data(`binance/${name}.synthetic.csv`);
      const path = await file(
        `${name}.zip`,
        zip([{ name: `${name}.csv`, data: await readFile(csv), dataDescriptor: true }]),
      );
      const run = await ingestInProcess({
        REDIS_URL: server.url,
        TICKFLOW_NAMESPACE: 'zip',
        TICKFLOW_PARTITIONS: '2',
        INGEST_SOURCE: 'binance-aggtrades',
        INGEST_PATH: path,
      });

      expect(run.outcome).toBe('finished');
      const stored = await readMarketData(redis, 'zip', 2);
      const expected = await collect(binanceCsv(csv, { dataset: 'aggTrades' }));
      expect(stored.map(({ event }) => event.data)).toEqual(
        expected.map((record) => record.ok && record.data),
      );
      expect(await deadLetters(redis, 'zip')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
