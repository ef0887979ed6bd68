// The ingest scenario's input: a Tardis.dev quotes CSV (the columns and order of the real
// files, see data/tardis/) over 8 symbols, generated from a seed so every run reads the same
// bytes. Prices walk on each symbol's tick grid and are written as exact decimals the way
// Tardis writes them ("9682", "9681.92"); times are epoch µs, advancing 0-2 ms a row.

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export const HEADER = 'exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount';
export const VENUE = 'binance-futures';
const START_US = 1_582_329_601_096_000n;

/** Symbol, starting price in ticks, decimals of a tick (BTCUSDT at 9,681.92 = 968192 × 0.01). */
const SYMBOLS: readonly (readonly [string, number, number])[] = [
  ['BTCUSDT', 968_192, 2],
  ['ETHUSDT', 26_512, 2],
  ['BNBUSDT', 20_513, 3],
  ['XRPUSDT', 27_310, 5],
  ['ADAUSDT', 62_150, 6],
  ['LTCUSDT', 7_412, 2],
  ['LINKUSDT', 4_321, 3],
  ['EOSUSDT', 4_105, 3],
];

export interface QuoteRow {
  readonly symbol: string;
  readonly tsUs: bigint;
  readonly localUs: bigint;
  readonly askSize: string;
  readonly askPrice: string;
  readonly bidPrice: string;
  readonly bidSize: string;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer count of 10^-decimals as an exact decimal, trailing zeros dropped. */
function decimal(units: number, decimals: number): string {
  const text = String(units).padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** `total` rows, symbols in random turn, the same for the same seed. */
export function* quoteRows(total: number, seed = 1): Generator<QuoteRow> {
  const random = prng(seed);
  const ticks = SYMBOLS.map(([, start]) => start);
  let tsUs = START_US;
  for (let i = 0; i < total; i += 1) {
    const s = Math.floor(random() * SYMBOLS.length);
    const [symbol, , decimals] = SYMBOLS[s] as readonly [string, number, number];
    const bid = Math.max(1, (ticks[s] as number) + Math.floor(random() * 5) - 2);
    ticks[s] = bid;
    tsUs += BigInt(Math.floor(random() * 2_000));
    yield {
      symbol,
      tsUs,
      localUs: tsUs + 100n + BigInt(Math.floor(random() * 3_000)),
      askSize: decimal(1 + Math.floor(random() * 50_000), 3),
      askPrice: decimal(bid + 1 + Math.floor(random() * 3), decimals),
      bidPrice: decimal(bid, decimals),
      bidSize: decimal(1 + Math.floor(random() * 50_000), 3),
    };
  }
}

/** Writes the header and `total` rows to `path`. */
export async function writeQuotesCsv(path: string, total: number, seed = 1): Promise<void> {
  const out = createWriteStream(path);
  let chunk: string[] = [HEADER];
  const flush = async () => {
    if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
    chunk = [];
  };
  for (const row of quoteRows(total, seed)) {
    chunk.push(
      `${VENUE},${row.symbol},${row.tsUs},${row.localUs},${row.askSize},${row.askPrice},${row.bidPrice},${row.bidSize}`,
    );
    if (chunk.length >= 10_000) await flush();
  }
  if (chunk.length > 0) await flush();
  out.end();
  await once(out, 'close');
}

/** `path` gzipped (zlib's default level, as Tardis' .csv.gz) into `target`. */
export async function gzipFile(path: string, target: string): Promise<void> {
  await pipeline(createReadStream(path), createGzip(), createWriteStream(target));
}
