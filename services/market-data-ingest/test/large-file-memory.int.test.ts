// A source streams: reading a million-row file keeps the heap flat, where reading the
// file whole (or buffering its records) would add hundreds of MB.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tardisCsv } from '../src/index.ts';

const ROWS = 1_000_000;
/** Generous: the file alone is ~85 MB on disk, ~170 MB as JS strings, and far more as records. */
const HEAP_GROWTH_LIMIT_BYTES = 100 * 1024 * 1024;
const FIRST_TS_US = 1_582_329_601_096_000;

let dir: string;
let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickflow-ingest-'));
  path = join(dir, 'quotes.csv');
  await writeQuotes(path, ROWS);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading a large file', () => {
  it('given a 1,000,000-row Tardis quotes file, when read to the end, then every row is accepted and the heap grows by less than 100 MB', async () => {
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let accepted = 0;
    let lastLine = 0;
    let lastTs = 0n;
    for await (const record of tardisCsv(path, { kind: 'quotes' })) {
      if (!record.ok) throw new Error(`line ${record.line} rejected: ${record.field}: ${record.reason}`);
      accepted += 1;
      lastLine = record.line;
      lastTs = record.ts_event;
      if (accepted % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }

    expect(accepted).toBe(ROWS);
    expect(lastLine).toBe(ROWS + 1);
    expect(lastTs).toBe(BigInt(FIRST_TS_US + ROWS - 1) * 1_000n);
    expect(peak - baseline).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
  });
});

async function writeQuotes(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount\n');
  const chunkRows = 10_000;
  for (let start = 0; start < rows; start += chunkRows) {
    let chunk = '';
    for (let row = start; row < Math.min(rows, start + chunkRows); row++) {
      const ts = FIRST_TS_US + row;
      const bidCents = 968_192 - (row % 500);
      chunk += `binance-futures,BTCUSDT,${ts},${ts + 120_000},0.84,${price(bidCents + 8)},${price(bidCents)},0.${(row % 997) + 1}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function price(cents: number): string {
  return `${Math.floor(cents / 100)}.${(cents % 100).toString().padStart(2, '0')}`;
}
