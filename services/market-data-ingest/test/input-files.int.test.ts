// Files as people have them: gzip and zstd read directly (same records as the plain file,
// progress in compressed bytes), mislabelled or corrupt archives refused with a clear error,
// a file growing while it is read, and a line of tens of MB skipped in bounded memory.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjson, SourceConfigError, SourceReadError, tardisCsv } from '../src/index.ts';
import { type InputLine, readLines } from '../src/read-lines.ts';
import { collect } from './support/collect.ts';

const QUOTES = fileURLToPath(
  new URL('../../../data/tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv', import.meta.url),
);

let dir: string;
let plain: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickflow-input-'));
  plain = await readFile(QUOTES);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function lines(path: string, maxLineBytes?: number): Promise<InputLine[]> {
  const all: InputLine[] = [];
  for await (const line of readLines(path, maxLineBytes === undefined ? {} : { maxLineBytes }))
    all.push(line);
  return all;
}

describe('compressed files', () => {
  it.each([
    ['gzip', 'quotes.csv.gz', () => gzipSync(plain)],
    ['zstd', 'quotes.csv.zst', () => zstdCompressSync(plain)],
  ])(
    'given the Tardis quotes file as %s, then it yields the plain file’s records, with progress in compressed bytes',
    async (_name, name, compress) => {
      const path = await file(name, compress());
      const { size } = await stat(path);
      const progress = { bytesRead: 0 };
      const seen: number[] = [];
      const records = [];
      for await (const record of tardisCsv(path, { kind: 'quotes', progress })) {
        records.push(record);
        seen.push(progress.bytesRead);
      }

      expect(records).toEqual(await collect(tardisCsv(QUOTES, { kind: 'quotes' })));
      expect(records).toHaveLength(9_999);
      expect(size).toBeLessThan(plain.length / 3);
      // Counted against the compressed size, rising as the file is read, complete at the end.
      // (The decompressor may have taken in the whole 114 KB file before the first lines come
      // out: the first figure can already be the size, never more.)
      expect(seen[0]).toBeGreaterThan(0);
      expect(seen[0]).toBeLessThanOrEqual(size);
      expect(seen.every((bytes, i) => i === 0 || bytes >= (seen[i - 1] as number))).toBe(true);
      expect(progress.bytesRead).toBe(size);
    },
  );

  it('given gzip data under a plain name, then the first bytes decide and it is read', async () => {
    const path = await file('gzipped-but-named.csv', gzipSync('a\nb\n'));
    expect(await lines(path)).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
    ]);
  });

  it('given plain text named .gz, or the first bytes of a zip alone, then reading fails with a SourceReadError saying why', async () => {
    const named = await file('plain.csv.gz', 'timestamp,bid\n');
    await expect(lines(named)).rejects.toThrow(
      new SourceReadError(
        `cannot read ${named}: named .gz but not gzip data (it starts with bytes 74 69 6d 65)`,
      ),
    );
    const zip = await file('data.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    // Six bytes of a zip's magic are no archive (zips themselves: input-zip.int.test.ts).
    await expect(lines(zip)).rejects.toThrow(/damaged or truncated zip archive/);
  });

  it('given a truncated gzip file, then the lines before the cut are read and then a SourceReadError ends it', async () => {
    const whole = gzipSync(plain);
    const path = await file('truncated.csv.gz', whole.subarray(0, whole.length - 5_000));
    const read: InputLine[] = [];
    const failure = await (async () => {
      for await (const line of readLines(path)) read.push(line);
    })().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SourceReadError);
    expect((failure as Error).message).toMatch(/^cannot read .*truncated\.csv\.gz: unexpected end of file/);
    expect(read.length).toBeGreaterThan(1_000);
    expect(read.every((line, i) => line.line === i + 1 && line.rejected === undefined)).toBe(true);
  });
});

describe('unreadable lines in the sources', () => {
  it('given an NDJSON line with a NUL byte, then the source rejects that line as a whole and reads the next', async () => {
    const good =
      '{"kind":"quote","symbol":"BTCUSDT","venue":"test","bid_price":"1","bid_size":"1","ask_price":"2","ask_size":"1","ts_event":"1"}';
    const path = await file('nul.ndjson', `{"kind":\0}\n${good}\n`);
    const records = await collect(ndjson(path));

    expect(records).toEqual([
      { ok: false, line: 1, field: '(line)', reason: 'NUL byte at column 9', raw: '{"kind":\0}' },
      expect.objectContaining({ ok: true, line: 2 }),
    ]);
  });

  it('given a CSV header that is not UTF-8, then the source fails naming the line, as no row can be mapped without it', async () => {
    const path = await file(
      'bad-header.csv',
      Buffer.concat([Buffer.from('exchange,sym'), Buffer.from([0xff]), Buffer.from('bol\n')]),
    );

    await expect(collect(tardisCsv(path, { kind: 'quotes' }))).rejects.toThrow(
      new SourceConfigError(`${path}: cannot read the header (line 1): invalid UTF-8 at byte 13`),
    );
  });
});

describe('a file that grows while it is read', () => {
  it('given lines appended after reading started, then this read stops at the size it opened with and the next read has them', async () => {
    const path = await file('growing.csv', 'h\n1\n2\n');
    const first: InputLine[] = [];
    for await (const line of readLines(path)) {
      if (first.length === 0) await appendFile(path, '3\n4\n');
      first.push(line);
    }

    expect(first.map((line) => line.line)).toEqual([1, 2, 3]);
    expect((await lines(path)).map((line) => line.line)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('a line of tens of MB', () => {
  const LINE_BYTES = 80 * 1024 * 1024;
  /** The line is 80 MB: reading it into memory, even once as a Latin-1 string, would exceed this. */
  const GROWTH_LIMIT_BYTES = 40 * 1024 * 1024;

  it('given an 80 MB line between two records, then it is rejected with its first bytes and memory stays far below its size', async () => {
    const path = join(dir, 'huge-line.ndjson');
    await writeHugeLine(path, LINE_BYTES);
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakBuffers = before.arrayBuffers;
    const read: InputLine[] = [];
    for await (const line of readLinesSampling(path, () => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
    })) {
      read.push(line);
    }

    expect(read).toEqual([
      { line: 1, text: '{"first":1}' },
      { line: 2, rejected: 'line longer than 1048576 bytes', raw: `{"junk":"${'A'.repeat(256 - 9)}` },
      { line: 3, text: '{"last":3}' },
    ]);
    expect(peakRss - before.rss).toBeLessThan(GROWTH_LIMIT_BYTES);
    expect(peakBuffers - before.arrayBuffers).toBeLessThan(GROWTH_LIMIT_BYTES);
  });
});

/** readLines, calling `sample` every few ms while the file is read (it waits on the disk, so the timer runs). */
async function* readLinesSampling(path: string, sample: () => void): AsyncGenerator<InputLine> {
  const sampler = setInterval(sample, 2);
  try {
    for await (const line of readLines(path)) {
      sample();
      yield line;
    }
  } finally {
    clearInterval(sampler);
  }
}

async function writeHugeLine(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('{"first":1}\n{"junk":"');
  const block = Buffer.alloc(1024 * 1024, 'A');
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end('"}\n{"last":3}\n');
  await once(out, 'finish');
}
